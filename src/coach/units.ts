import type { Routine, Side, Step } from '../content/schema';
import { say, type Act } from '../speech/acts';

/** One thing the user does once: a side, a repetition, a counted set, or a guided instruction. */
export interface Unit {
  index: number;
  kind: 'hold' | 'count' | 'guided';
  side?: Side;
  repetition?: number;
  set?: string;
  seconds: number;
  count?: number;
  paceSeconds?: number;
}

/** The hold length of a step: a fixed number, or the user's choice inside the guide's range. */
export function holdSecondsOf(step: Step, override?: number): number {
  if (step.dose.type !== 'hold') return 0;
  const { seconds } = step.dose;
  if (typeof seconds === 'number') return seconds;
  const chosen = override ?? seconds.default;
  return Math.min(seconds.max, Math.max(seconds.min, chosen));
}

/** Expands a step's dose into units in the guide's order: each side, each repetition, each set. */
export function unitsOf(step: Step, override?: number): Unit[] {
  const { dose } = step;
  if (dose.type === 'guided') return [{ index: 0, kind: 'guided', seconds: dose.paceSeconds }];
  if (dose.type === 'count') {
    const sets = dose.sets ?? [undefined];
    return sets.map((set, index) => ({
      index,
      kind: 'count' as const,
      ...(set ? { set } : {}),
      seconds: dose.count * dose.paceSeconds,
      count: dose.count,
      paceSeconds: dose.paceSeconds,
    }));
  }
  const seconds = holdSecondsOf(step, override);
  const sides = dose.sides ?? [undefined];
  const repetitions = dose.repetitions ?? 1;
  const units: Unit[] = [];
  for (const side of sides) {
    for (let repetition = 1; repetition <= repetitions; repetition += 1) {
      units.push({
        index: units.length,
        kind: 'hold',
        ...(side ? { side } : {}),
        ...(repetitions > 1 ? { repetition } : {}),
        seconds,
      });
    }
  }
  return units;
}

export const stepKey = (routine: Routine, stepIndex: number) => `routine.${routine.id}.step.${routine.steps[stepIndex]!.id}`;
export const routineNamed = (id: string) => ({ t: `routine.${id}.name` });
export const routineName = (routine: Routine) => routineNamed(routine.id);
export const stepTitle = (routine: Routine, stepIndex: number) => ({ t: `${stepKey(routine, stepIndex)}.title` });

export interface UnitSpeechOptions {
  /** Say the step's title and instruction (the unit opens the step, or is repeated). */
  opening: boolean;
  /** Remind to start gently: the first hold of a session. */
  gentle: boolean;
  /** Percent of the painful threshold to start at (from the guide). */
  gentlePercent: number;
  /** For a hold picked up after a pause: the seconds left. */
  remaining?: number;
}

/** What the coach says for one unit: one instruction, then the timed part, then release. */
export function unitActs(routine: Routine, stepIndex: number, unit: Unit, options: UnitSpeechOptions): Act[] {
  const key = stepKey(routine, stepIndex);
  const acts: Act[] = [];
  const title = stepTitle(routine, stepIndex);
  if (options.remaining !== undefined) {
    acts.push(
      unit.side
        ? say('coach.pause.resumeHold_side', { title, side: { t: `sideOn.${unit.side}` }, duration: { seconds: options.remaining } })
        : say('coach.pause.resumeHold', { title, duration: { seconds: options.remaining } }),
    );
  } else if (options.opening && unit.index === 0) {
    acts.push(say('coach.step.title', { title }), say(`${key}.instruction`));
  } else if (unit.side && unit.index > 0 && unit.repetition === undefined) {
    // Every sided step has its own "switch" line in each locale (a test checks): the side's own instruction.
    acts.push(say(`${key}.switch`));
  } else if (unit.repetition !== undefined && unit.repetition > 1) {
    if (options.opening) acts.push(say(`${key}.instruction`));
    acts.push(say('coach.step.repetition', { ordinal: { t: `ordinal.${unit.repetition}` } }));
  } else if (options.opening) {
    acts.push(say('coach.step.title', { title }), say(`${key}.instruction`));
  }

  if (unit.kind === 'hold') {
    const seconds = options.remaining ?? unit.seconds;
    if (options.gentle) acts.push(say('coach.routine.gentle', { percent: options.gentlePercent }));
    if (options.remaining === undefined) acts.push(say('coach.step.timed', { duration: { seconds } }));
    acts.push({ type: 'hold', seconds, unit: unit.index }, say('coach.cue.release'));
  } else if (unit.kind === 'count') {
    if (unit.set) acts.push(say('coach.step.set', { count: { t: `number.${unit.count}` }, set: { t: `set.${unit.set}` } }));
    else acts.push(say('coach.step.countAlong'));
    acts.push({ type: 'count', count: unit.count!, paceSeconds: unit.paceSeconds!, unit: unit.index }, say('coach.step.done'));
  } else {
    acts.push(say('coach.step.guided'), { type: 'pause', seconds: unit.seconds, unit: unit.index }, say('coach.step.done'));
  }
  return acts;
}

/** The question that closes a turn split inside a step ("Ready for the left side?"). */
export function askForUnit(unit: Unit): Act {
  if (unit.side && unit.repetition === undefined) return say('coach.ask.side', { side: { t: `side.${unit.side}` } });
  if (unit.repetition !== undefined) return say('coach.ask.repetition', { ordinal: { t: `ordinal.${unit.repetition}` } });
  if (unit.set) return say('coach.ask.set', { set: { t: `set.${unit.set}` } });
  return say('coach.ask.reprompt');
}
