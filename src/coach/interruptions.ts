import type { Routine } from '../content/schema';
import type { Act } from '../speech/acts';
import { planSpeech } from '../speech/plan';
import type { Position } from './position';
import { unitActs, unitsOf, type UnitSpeechOptions } from './units';

/** The shortest stretch of a hold or set-up window an answer leaves: a hold is never cut to nothing. */
const LEAST_SECONDS = 3;

/**
 * How a hold goes on after the coach answered inside it (a fallback, a repeat, an explanation,
 * "how much longer", pain). The person stays in position while the coach talks, so the answer and
 * the pick-up line count toward the hold: it ends when its stated length was up, whatever was
 * said. An answer inside the set-up window keeps the rest of the window and the "starting now".
 */
export function pickUpOptions(
  routine: Routine,
  position: Position,
  prefix: readonly Act[],
  locale: string,
  options: { quiet?: boolean; brief: boolean; gentlePercent: number; overrides: Record<string, number> },
): Pick<UnitSpeechOptions, 'remaining' | 'setUpLeft' | 'quiet'> {
  const prefixSeconds = planSpeech([...prefix], locale).seconds;
  const step = routine.steps[position.step]!;
  const unit = unitsOf(step, options.overrides[step.id])[position.unit]!;
  const base = { opening: false, gentle: false, gentlePercent: options.gentlePercent, brief: options.brief };
  if (position.setUpLeft) {
    // The window's clock starts after the answer and the "… starting now" line.
    const lead = planSpeech(
      [...prefix, ...unitActs(routine, position.step, unit, { ...base, setUpLeft: 0, remaining: position.remaining })],
      locale,
    ).holds[0]?.start;
    return {
      setUpLeft: Math.max(LEAST_SECONDS, Math.round(position.setUpLeft - (lead ?? prefixSeconds))),
      remaining: position.remaining,
    };
  }
  const said = unitActs(routine, position.step, unit, {
    ...base,
    remaining: position.remaining,
    ...(options.quiet ? { quiet: true } : {}),
  });
  // The hold's clock in the new response starts after the answer and the "back to …" line.
  const start = planSpeech([...prefix, ...said], locale).holds[0]?.start ?? prefixSeconds;
  const remaining = Math.round(position.remaining - start);
  if (remaining >= LEAST_SECONDS) return { remaining, ...(options.quiet ? { quiet: true } : {}) };
  // A long answer used up the hold: no "back to …" line, the release right after it.
  return { remaining: Math.max(1, Math.round(position.remaining - prefixSeconds)), quiet: true };
}
