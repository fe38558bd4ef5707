import type { Routine } from '../content/schema';
import { catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import { roundForSpeech } from '../speech/words';
import { plannedSeconds } from './length';
import { stepTitle } from './units';

/** A routine fitted into the time the user has: shortest holds the guide allows, steps left out only when needed. */
export interface ShortPlan {
  overrides: Record<string, number>;
  /** Steps left out to fit, said out loud. */
  skip: number[];
  seconds: number;
  /** Steps a caution left out already: neither played nor said again. */
  leftOut?: readonly number[];
}

/**
 * The shortest hold the guide allows for a step: the low end of its own range, else of its
 * technique's (ball 30–45 s, compression 30–60 s). A roll, a stretch, a count and a warm-up keep
 * the guide's fixed dose: they are never shortened silently.
 */
export function shortestHold(routine: Routine, stepIndex: number): number | null {
  const step = routine.steps[stepIndex]!;
  if (step.dose.type !== 'hold') return null;
  if (typeof step.dose.seconds === 'object') return step.dose.seconds.min;
  const technique = step.technique ? catalogue().techniques.get(step.technique) : undefined;
  if (!technique?.hold || !step.pressure || technique.id === 'foam-roller-release') return null;
  return Math.min(technique.hold.min, step.dose.seconds);
}

const given = (leftOut: readonly number[]) => (leftOut.length ? { leftOut } : {});

/**
 * Fits the routine, from step `from` on, into `minutes`: every hold at the guide's low end; if that
 * is still too long, the steps without pressure after the work (finisher), then before it (warm-up),
 * then pressure steps from the end are left out. The step in progress and one pressure step stay.
 */
export function shortPlan(
  routine: Routine,
  locale: string,
  from: number,
  minutes: number,
  options: { started: boolean; overrides?: Record<string, number>; leftOut?: readonly number[] },
): ShortPlan {
  const { started } = options;
  const leftOut = options.leftOut ?? [];
  const full = plannedSeconds(routine, locale, options.overrides ?? {}, { from, skip: leftOut });
  // It fits as the guide doses it: nothing is shortened.
  if (full <= minutes * 60)
    return { overrides: { ...(options.overrides ?? {}) }, skip: [], seconds: full, ...given(leftOut) };
  const overrides = { ...(options.overrides ?? {}) };
  routine.steps.forEach((step, index) => {
    const shortest = index >= from ? shortestHold(routine, index) : null;
    if (shortest !== null) overrides[step.id] = shortest;
  });
  const skip: number[] = [];
  const lengthNow = () => plannedSeconds(routine, locale, overrides, { from, skip: [...leftOut, ...skip] });
  // The step in progress stays; at the top of a routine not yet begun, the warm-up may go too.
  const indices = routine.steps
    .map((_, index) => index)
    .filter((index) => (index > from || (index === from && !started)) && !leftOut.includes(index));
  const firstPressure = routine.steps.findIndex(
    (step, index) => index >= from && step.pressure && !leftOut.includes(index),
  );
  const calm = (index: number) => !routine.steps[index]!.pressure;
  const order = [
    ...indices.filter((index) => calm(index) && index > firstPressure).reverse(),
    ...indices.filter((index) => calm(index) && index < firstPressure),
    ...indices.filter((index) => !calm(index) && index !== firstPressure).reverse(),
  ];
  for (const index of order) {
    if (lengthNow() <= minutes * 60) break;
    skip.push(index);
  }
  return { overrides, skip: skip.sort((a, b) => a - b), seconds: lengthNow(), ...given(leftOut) };
}

/** "About two minutes: the knuckle compression and the stretch and release. I'll leave out the warm-up and the finisher." */
export function shortPlanActs(routine: Routine, from: number, plan: ShortPlan): Act[] {
  const kept = routine.steps
    .map((_, index) => index)
    .filter((index) => index >= from && !plan.skip.includes(index) && !plan.leftOut?.includes(index));
  const holds = [
    ...new Set(
      kept
        .map((index) => (shortestHold(routine, index) !== null ? plan.overrides[routine.steps[index]!.id] : undefined))
        .filter((seconds): seconds is number => seconds !== undefined),
    ),
  ];
  const acts: Act[] = [
    say(holds.length === 1 ? 'coach.short.planHolds' : 'coach.short.plan', {
      length: { seconds: roundForSpeech(plan.seconds) },
      steps: { and: kept.map((index) => stepTitle(routine, index)) },
      ...(holds.length === 1 ? { hold: { seconds: holds[0]! } } : {}),
    }),
  ];
  if (plan.skip.length)
    acts.push(say('coach.short.skipped', { steps: { and: plan.skip.map((index) => stepTitle(routine, index)) } }));
  return acts;
}
