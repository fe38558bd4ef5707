import type { Routine } from '../content/schema';
import type { Act } from '../speech/acts';
import { planSpeech } from '../speech/plan';
import { askForStep, unitActs, unitsOf } from './units';

/** A turn's answer ("ready", "next"): the time between one response and the next. */
export const ANSWER_SECONDS = 2;

/** A shortened plan: start at step `from` (unit `fromUnit`), leave out the steps in `skip`. */
interface Shortened {
  from?: number;
  skip?: readonly number[];
  fromUnit?: number;
}

/**
 * What the coach says for a routine, one turn per step: every unit as the coach plays it (set-up,
 * clock, cues, release) and the closing question before the next step. The user answers after each.
 */
export function plannedTurns(routine: Routine, overrides: Record<string, number> = {}, plan: Shortened = {}): Act[][] {
  const turns: Act[][] = [];
  const from = plan.from ?? 0;
  const kept = routine.steps
    .map((_, index) => index)
    .filter((index) => index >= from && !(plan.skip ?? []).includes(index));
  routine.steps.forEach((step, stepIndex) => {
    if (!kept.includes(stepIndex)) return;
    const acts: Act[] = [];
    const units = unitsOf(step, overrides[step.id]);
    let gentle = step.pressure === true && !routine.steps.slice(0, stepIndex).some((earlier) => earlier.pressure);
    units.forEach((unit, index) => {
      // Mid-step ("how much longer"): the units already behind the user are not ahead.
      if (stepIndex === from && index < (plan.fromUnit ?? 0)) return;
      // A hold's set-up closes the previous turn ("say ready when you're in position").
      const instructed = index === 0 && stepIndex > kept[0]! && unit.kind === 'hold';
      acts.push(
        ...unitActs(routine, stepIndex, unit, {
          opening: index === 0,
          instructed,
          gentle: gentle && unit.kind === 'hold',
          gentlePercent: 20,
        }),
      );
      if (unit.kind === 'hold') gentle = false;
    });
    const next = kept.find((index) => index > stepIndex);
    if (next !== undefined) acts.push(...askForStep(routine, next));
    turns.push(acts);
  });
  return turns;
}

/**
 * How long a routine takes, from the plan: every turn as the coach says it, and a short answer
 * after each, in the locale's speaking rate.
 */
export function plannedSeconds(
  routine: Routine,
  locale: string,
  overrides: Record<string, number> = {},
  plan: Shortened = {},
): number {
  const turns = plannedTurns(routine, overrides, plan);
  return planSpeech(turns.flat(), locale).seconds + turns.length * ANSWER_SECONDS;
}

const minutesCache = new WeakMap<Routine, Map<string, number>>();
/**
 * The whole minutes a routine is announced with: its planned length, rounded, at least one. A
 * routine a caution changed is its own object (cautions.ts), with the steps it leaves out.
 */
export function plannedMinutes(routine: Routine, locale: string, skip: readonly number[] = []): number {
  let known = minutesCache.get(routine);
  if (!known) minutesCache.set(routine, (known = new Map<string, number>()));
  const key = `${locale}\u0000${skip.join(',')}`;
  let minutes = known.get(key);
  if (minutes === undefined) {
    minutes = Math.max(1, Math.round(plannedSeconds(routine, locale, {}, { skip }) / 60));
    known.set(key, minutes);
  }
  return minutes;
}
