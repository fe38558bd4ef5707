import type { Routine } from '../content/schema';
import { say, type Act } from '../speech/acts';
import { roundForSpeech } from '../speech/words';
import { plannedSeconds } from './length';
import type { Position } from './position';

/**
 * What is left of a routine, from the same plan that announces its length at the start: the
 * set-up still ahead of the current hold, what is left of it, then every later unit and step as
 * the coach plays them (speech, set-up windows, holds, the questions between). One computation,
 * so "about 5 minutes" at the start and "about 4 minutes" mid-routine agree.
 */
export function secondsLeftInPlan(
  routine: Routine,
  locale: string,
  at: PlanPoint,
  overrides: Record<string, number>,
  skip: readonly number[] = [],
): number {
  return at.current + plannedSeconds(routine, locale, overrides, { from: at.step, fromUnit: at.nextUnit, skip });
}

/** Where a routine stands in its plan: seconds left of the unit under way, then the next unit to play. */
export interface PlanPoint {
  step: number;
  current: number;
  nextUnit: number;
}

/** The plan point of a position: a hold under way (or paused) is counted from its clock, its set-up before it. */
export function planPointOf(position: Position, nextUnit: number): PlanPoint {
  const current = (position.setUpLeft ?? 0) + position.remaining;
  return { step: position.step, current, nextUnit: current > 0 ? position.unit + 1 : nextUnit };
}

/** "About 20 seconds left on this one, and about 4 minutes for the whole routine." */
export function timeLeftActs(
  routine: Routine,
  locale: string,
  position: Position,
  at: PlanPoint,
  overrides: Record<string, number>,
  skip: readonly number[] = [],
): Act[] {
  const total = { seconds: roundForSpeech(secondsLeftInPlan(routine, locale, at, overrides, skip)) };
  // In the set-up window the hold has not started: it is counted whole, with the window before it.
  const hold = (position.setUpLeft ?? 0) + position.remaining;
  if (position.remaining > 0) return [say('coach.timeLeft.hold', { hold: { seconds: roundForSpeech(hold) }, total })];
  return [say('coach.timeLeft.routine', { total })];
}
