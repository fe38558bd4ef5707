import type { Routine, Side, Step } from '../content/schema';
import { say, sayFirst, type Act } from '../speech/acts';
import { deepFreeze } from '../deep-freeze';
import { addedSideActs } from './sides';

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
  // A fixed hold moves only inside its technique's range, which the machine checks before storing it.
  if (typeof seconds === 'number') return override ?? seconds;
  const chosen = override ?? seconds.default;
  return Math.min(seconds.max, Math.max(seconds.min, chosen));
}

/**
 * Expands a step's dose into units in the guide's order: each side, each repetition, each set.
 * `pace` scales our counting pace ("slower" 1.5, "faster" 0.75); the guide's counts never change.
 */
export function unitsOf(step: Step, override?: number, pace = 1): readonly Unit[] {
  // Asked many times a turn with the same few arguments: each step keeps its expansions, frozen.
  let known = unitsByStep.get(step);
  if (!known) unitsByStep.set(step, (known = new Map<string, readonly Unit[]>()));
  const key = `${override ?? ''},${pace}`;
  let units = known.get(key);
  if (!units) {
    units = deepFreeze(expandUnits(step, override, pace));
    known.set(key, units);
  }
  return units;
}
const unitsByStep = new WeakMap<Step, Map<string, readonly Unit[]>>();

function expandUnits(step: Step, override: number | undefined, pace: number): Unit[] {
  const { dose } = step;
  if (dose.type === 'guided') return [{ index: 0, kind: 'guided', seconds: dose.paceSeconds }];
  if (dose.type === 'count') {
    const sets = dose.sets ?? [undefined];
    const paceSeconds = Math.round(dose.paceSeconds * pace * 10) / 10;
    return (dose.sides ?? [undefined]).flatMap((side, sideIndex) =>
      sets.map((set, index) => ({
        index: sideIndex * sets.length + index,
        kind: 'count' as const,
        ...(side ? { side } : {}),
        ...(set ? { set } : {}),
        seconds: Math.round(dose.count * paceSeconds * 10) / 10,
        count: dose.count,
        paceSeconds,
      })),
    );
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

/** Where a step's words are when they are not its own: a caution's alternative (see cautions.ts). */
export const OTHER_WORDS = new WeakMap<Step, string>();
export const stepKey = (routine: Routine, stepIndex: number) => {
  const step = routine.steps[stepIndex]!;
  return OTHER_WORDS.get(step) ?? `routine.${routine.id}.step.${step.id}`;
};
export const routineNamed = (id: string) => ({ t: `routine.${id}.name` });
export const routineName = (routine: Routine) => routineNamed(routine.id);
export const stepTitle = (routine: Routine, stepIndex: number) => ({ t: `${stepKey(routine, stepIndex)}.title` });

export interface UnitSpeechOptions {
  /** Say the step's title and instruction (the unit opens the step, or is repeated). */
  opening: boolean;
  /** The unit's set-up was said at the end of the previous turn and the user said ready: start the clock. */
  instructed?: boolean;
  /** Remind to start gently: the first pressure hold of a routine, and after pain. */
  gentle: boolean;
  /** Percent of the painful threshold to start at (from the guide). */
  gentlePercent: number;
  /** For a hold picked up after an interruption: the seconds left. */
  remaining?: number;
  /** The user came off the position (a pause, a new session): set up again before the clock runs. */
  reposition?: boolean;
  /** Brief mode: cues only at changes, none inside a calm hold. */
  brief?: boolean;
  /** A hold picked up after an answer ("how much longer"): no "back to …" line, the hold just goes on. */
  quiet?: boolean;
  /** Chained straight into a new position ("keep going"): the set-up window always, at least 10 s. */
  window?: boolean;
  /** Back from a pause in the same session: the person heard the instruction; a short cue, not all of it again. */
  cueOnly?: boolean;
  /** An answer came inside the set-up window: the rest of the window, then "starting now" and the whole hold. */
  setUpLeft?: number;
}

/** The step's own line for `part`, else its technique's, else the coach's default. */
function stepLine(
  routine: Routine,
  stepIndex: number,
  part: 'release' | 'cue',
  fallback: string,
): [string, ...string[]] {
  const technique = routine.steps[stepIndex]!.technique;
  return [`${stepKey(routine, stepIndex)}.${part}`, ...(technique ? [`technique.${technique}.${part}`] : []), fallback];
}

/** The instruction that puts the body where a unit starts: the step's, or the other side's switch line. */
export function setUpLine(routine: Routine, stepIndex: number, unit: Unit): Act {
  const key = stepKey(routine, stepIndex);
  return say(unit.side && unit.index > 0 && unit.repetition === undefined ? `${key}.switch` : `${key}.instruction`);
}

/** Seconds a unit gives the body to get into position before its clock (sides and new positions). */
export function setUpSecondsOf(routine: Routine, stepIndex: number, unit: Unit): number {
  const step = routine.steps[stepIndex]!;
  if (unit.kind !== 'hold') return 0;
  if (unit.index > 0 && unit.side === undefined) return 0; // a repetition in the same position
  if (unit.index > 0 && unit.repetition !== undefined && unit.repetition > 1) return 0;
  return step.setUpSeconds ?? 0;
}

/**
 * A countdown only before a change: the other side of this step, or a step that needs a new
 * position. A calm hold (a repetition, the last stretch) ends without one.
 */
export function countdownBefore(routine: Routine, stepIndex: number, unit: Unit, units: readonly Unit[]): boolean {
  const next = units[unit.index + 1];
  if (next) return next.side !== undefined && next.side !== unit.side;
  return (routine.steps[stepIndex + 1]?.setUpSeconds ?? 0) > 0;
}

/** What the coach says for one unit: one instruction, time to get set, then the timed part, then release. */
function composeUnitActs(routine: Routine, stepIndex: number, unit: Unit, options: UnitSpeechOptions): Act[] {
  const key = stepKey(routine, stepIndex);
  const step = routine.steps[stepIndex]!;
  const acts: Act[] = [];
  const title = stepTitle(routine, stepIndex);
  const setUp = setUpSecondsOf(routine, stepIndex, unit);
  let window = false;
  if (options.setUpLeft !== undefined) {
    // Still getting set when the answer came: no instruction again, the window goes on.
    acts.push({ type: 'pause', seconds: options.setUpLeft });
  } else if (options.remaining !== undefined && options.reposition) {
    // Back after a pause or a new session: where the body goes, time to get there, then the rest.
    acts.push(
      say(unit.side ? 'coach.pause.resumeHold_side' : 'coach.pause.resumeHold', {
        title,
        ...(unit.side ? { side: { t: `sideOn.${unit.side}` } } : {}),
      }),
    );
    acts.push(options.cueOnly ? say('coach.pause.backInPosition') : setUpLine(routine, stepIndex, unit));
    window = unit.kind === 'hold';
  } else if (options.remaining !== undefined && options.quiet) {
    // The answer said how long is left: the silence simply goes on.
  } else if (options.remaining !== undefined) {
    acts.push(
      unit.side
        ? say('coach.pause.continueHold_side', {
            title,
            side: { t: `sideOn.${unit.side}` },
            duration: { seconds: options.remaining },
          })
        : say('coach.pause.continueHold', { title, duration: { seconds: options.remaining } }),
    );
  } else if (options.instructed) {
    // The set-up was the last thing said, and the user is in position: straight to the clock.
  } else if (options.opening && unit.index === 0) {
    acts.push(say('coach.step.title', { title }), say(`${key}.instruction`));
    window = setUp > 0;
  } else if (unit.side && unit.index > 0 && unit.repetition === undefined) {
    // Every sided step has its own "switch" line in each locale (a test checks): the side's own instruction.
    acts.push(...addedSideActs(step, unit.side), say(`${key}.switch`));
    window = setUp > 0;
  } else if (unit.repetition !== undefined && unit.repetition > 1) {
    if (options.opening) acts.push(say(`${key}.instruction`));
    acts.push(say('coach.step.repetition', { ordinal: { t: `ordinal.${unit.repetition}` } }));
  } else if (options.opening) {
    acts.push(say('coach.step.title', { title }), say(`${key}.instruction`));
    window = setUp > 0;
  }
  // Back from a pause, the cue itself says to take time: the window without another line.
  if (window && options.cueOnly) acts.push({ type: 'pause', seconds: Math.max(setUp, 10) });
  else if (window || options.window)
    acts.push(say('coach.setUp.window'), { type: 'pause', seconds: Math.max(setUp, 10) });

  if (unit.kind === 'hold') {
    const seconds = options.remaining ?? unit.seconds;
    // The reminder comes before the clock is announced, so the hold is as long as said.
    if (options.gentle) acts.push(say('coach.routine.gentle', { percent: options.gentlePercent }));
    if (options.remaining === undefined || options.reposition || options.setUpLeft !== undefined)
      acts.push(say('coach.step.timed', { duration: { seconds } }));
    acts.push(
      {
        type: 'hold',
        seconds,
        unit: unit.index,
        cue: stepLine(routine, stepIndex, 'cue', 'coach.cue.breathe'),
        deeper: step.technique === 'trigger-point-compression',
        countdown: countdownBefore(routine, stepIndex, unit, unitsOf(step, unit.seconds)),
        ...(options.brief ? { brief: true } : {}),
      },
      sayFirst(stepLine(routine, stepIndex, 'release', 'coach.cue.release')),
    );
  } else if (unit.kind === 'count') {
    if (unit.set)
      acts.push(say('coach.step.set', { count: { t: `number.${unit.count}` }, set: { t: `set.${unit.set}` } }));
    else if (!options.brief) acts.push(say('coach.step.countAlong'));
    acts.push(
      { type: 'count', count: unit.count!, paceSeconds: unit.paceSeconds!, unit: unit.index },
      say('coach.step.done'),
    );
  } else {
    acts.push(
      say('coach.step.guided'),
      { type: 'pause', seconds: unit.seconds, unit: unit.index },
      say('coach.step.done'),
    );
  }
  return acts;
}

function composeAskForUnit(routine: Routine, stepIndex: number, unit: Unit): Act[] {
  if (unit.side && unit.repetition === undefined)
    return [
      ...(unit.index > 0 ? addedSideActs(routine.steps[stepIndex]!, unit.side) : []),
      setUpLine(routine, stepIndex, unit),
      say('coach.ask.ready'),
    ];
  if (unit.repetition !== undefined)
    return [say('coach.ask.repetition', { ordinal: { t: `ordinal.${unit.repetition}` } })];
  if (unit.set) return [say('coach.ask.set', { set: { t: `set.${unit.set}` } })];
  return [say('coach.ask.reprompt')];
}

function composeAskForStep(routine: Routine, stepIndex: number): Act[] {
  const step = routine.steps[stepIndex]!;
  const first = unitsOf(step)[0]!;
  if (first.kind !== 'hold') return [say('coach.ask.next', { title: stepTitle(routine, stepIndex) })];
  return [
    say('coach.ask.upNext', { title: stepTitle(routine, stepIndex) }),
    say(`${stepKey(routine, stepIndex)}.instruction`),
    say('coach.ask.ready'),
  ];
}

/**
 * A unit's speech depends only on the routine, the unit and the options, and every turn of a
 * routine says it again: each is composed once per process and shared, frozen, so planning and
 * rendering find it by identity. Bounded: the keys come from content (a hold's remaining
 * seconds at most add the hold lengths).
 */
const MAX_SPEECH = 5000;
const speechOf = new WeakMap<Routine, Map<string, readonly Act[]>>();

function memo(routine: Routine, key: string, compose: () => Act[]): readonly Act[] {
  let known = speechOf.get(routine);
  if (!known) speechOf.set(routine, (known = new Map<string, readonly Act[]>()));
  let acts = known.get(key);
  if (!acts) {
    acts = deepFreeze(compose());
    if (known.size >= MAX_SPEECH) known.clear();
    known.set(key, acts);
  }
  return acts;
}

const unitKey = (unit: Unit) =>
  `${unit.index},${unit.kind},${unit.side ?? ''},${unit.repetition ?? ''},${unit.set ?? ''},${unit.seconds},${unit.count ?? ''},${unit.paceSeconds ?? ''}`;
const flag = (value: boolean | undefined) => (value === undefined ? '' : value ? '1' : '0');
const optionsKey = (o: UnitSpeechOptions) =>
  `${flag(o.opening)}${flag(o.instructed)}${flag(o.gentle)}${flag(o.reposition)}${flag(o.brief)}${flag(o.quiet)}${flag(o.window)}${flag(o.cueOnly)},${o.gentlePercent},${o.remaining ?? ''},${o.setUpLeft ?? ''}`;

export function unitActs(routine: Routine, stepIndex: number, unit: Unit, options: UnitSpeechOptions): readonly Act[] {
  return memo(routine, `u${stepIndex};${unitKey(unit)};${optionsKey(options)}`, () =>
    composeUnitActs(routine, stepIndex, unit, options),
  );
}

/**
 * The question that closes a turn before a unit: where the body goes first, then "say ready",
 * so the clock starts only when the user is in position.
 */
export function askForUnit(routine: Routine, stepIndex: number, unit: Unit): readonly Act[] {
  return memo(routine, `a${stepIndex};${unitKey(unit)}`, () => composeAskForUnit(routine, stepIndex, unit));
}

/** The close of a turn before the next step: its title and set-up, then "say ready". */
export function askForStep(routine: Routine, stepIndex: number): readonly Act[] {
  return memo(routine, `s${stepIndex}`, () => composeAskForStep(routine, stepIndex));
}
