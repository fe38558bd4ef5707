import { say, type Act } from '../speech/acts';
import { roundForSpeech } from '../speech/words';
import type { Composition } from './compose';
import type { LeftOutReason } from './compose-targets';
import { stepTitle } from './units';

const areasOf = (result: Composition, reasons: readonly LeftOutReason[]) => [
  ...new Set(result.leftOut.filter((left) => reasons.includes(left.why)).map((left) => left.area)),
];
const areaList = (areas: string[]) => ({ and: areas.map((area) => ({ t: `coach.compose.area.${area}` })) });

/**
 * Today's session as the coach announces it: its real length and steps, what it learned and why,
 * and the areas it leaves out (for time, or for a caution). An area a safety stop blocked was
 * answered when the sign was heard, and is not named again.
 */
export function compositionActs(result: Composition): Act[] {
  const acts: Act[] = [];
  if (result.ok) {
    const { routine } = result.compiled;
    acts.push(
      say('coach.short.plan', {
        length: { seconds: roundForSpeech(result.seconds) },
        steps: { and: routine.steps.map((_, index) => stepTitle(routine, index)) },
      }),
      ...result.acts,
    );
  } else if (result.reason === 'too-short' && result.shortest !== undefined)
    acts.push(say('coach.compose.tooShort', { length: { seconds: roundForSpeech(result.shortest) } }));
  else if (result.reason === 'nothing-named') acts.push(say('coach.compose.nothingNamed'));
  const cautioned = areasOf(result, ['cautioned']);
  if (cautioned.length) acts.push(say('coach.compose.cautioned', { areas: areaList(cautioned) }));
  const later = result.ok ? areasOf(result, ['no-time', 'too-many-steps']) : [];
  if (later.length) acts.push(say('coach.compose.later', { areas: areaList(later) }));
  return acts;
}
