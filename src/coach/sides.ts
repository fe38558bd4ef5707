import type { Side, Step } from '../content/schema';
import { say, type Act } from '../speech/acts';

/**
 * Both sides get their due. Where the guide words a step on the right only (the shoulder's elbow
 * press and stretch, the calf's, the piriformis stretch), the content lists both sides in the dose
 * and the guide's own in `guideSides`: the other side is played at equal time, counted in the
 * routine's stated length, and the coach says it is an addition.
 */
export function isAddedSide(step: Step, side: Side | undefined): boolean {
  return side !== undefined && step.guideSides !== undefined && !step.guideSides.includes(side);
}

/** "The guide does this on the right only; here's the left too, same time." Before the switch line. */
export function addedSideActs(step: Step, side: Side | undefined): Act[] {
  return isAddedSide(step, side) ? [say('coach.side.added', { side: { t: `sideOn.${step.guideSides![0]}` } })] : [];
}
