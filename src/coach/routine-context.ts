import type { Routine } from '../content/schema';
import type { Act } from '../speech/acts';
import type { CautionPlan } from './cautions';
import { spokenRoutine } from './cautions';
import type { CoachEvent, TurnEnv } from './events';
import type { Effect, OutputPart, View } from './output';
import type { Played } from './position';
import { routineName, stepKey, stepTitle, unitsOf } from './units';

/**
 * A routine machine's context, events, input and output, and what its actions hand back (a
 * reply: context to change, words to say). Shared by the modules that make up the machine.
 */

/** Where a routine starts: the top, or a saved place (with what was left of a hold). */
export interface RoutineStart {
  step: number;
  unit: number;
  remaining?: number;
}

export type RoutineEndReason = 'completed' | 'stopped' | 'closed';

export interface RoutineContext {
  routine: string;
  step: number;
  played: Played | null;
  paused: { unit: number; remaining: number } | null;
  overrides: Record<string, number>;
  /** The "start gently" reminder is still owed (first hold of the session). */
  gentle: boolean;
  gentlePercent: number;
  stepsCompleted: number;
  finished: boolean;
  endReason: RoutineEndReason | null;
  /** What the next step entry plays: set by the transition that enters it. */
  pending:
    | (RoutineStart & {
        prefix: Act[];
        opening: boolean;
        instructed?: boolean;
        reposition?: boolean;
        chained?: boolean;
      })
    | null;
  /** The unit whose set-up closed the last response ("… say ready when you're in position"). */
  asked: { step: number; unit: number } | null;
  /** Brief mode: cues only at changes. */
  brief: boolean;
  /** Our counting pace: 1, slower 1.5 (up to 2), faster 0.75 (down to 0.5). */
  pace: number;
  /** "Keep going": chain steps up to the budget; the step a chained response ended in, for the state to follow. */
  chain?: boolean;
  chainedTo?: number | null;
  /** Steps left out of a shortened routine ("I only have two minutes"). */
  skip?: number[];
  ratingBefore: number | null;
  /** What the cautions heard change: steps done the guide's other way, steps left out. */
  cautionPlan?: CautionPlan;
  /** The stop words are still owed (a first session, no pressure step reached yet). */
  stopWordsOwed?: boolean;
  env: TurnEnv;
}

export type RoutineEvent = CoachEvent & { env: TurnEnv };

/**
 * The routine's own part of the one machine's context (`context.run`): where the plan in play is.
 * What the session also keeps (the clock and locale, brief mode, chaining, the before-rating, the
 * stop words, steps done) is kept once, in the session's fields, and read from there.
 */
export const SHARED_KEYS = ['env', 'brief', 'chain', 'ratingBefore', 'stopWordsOwed', 'stepsCompleted'] as const;
type SharedKey = (typeof SHARED_KEYS)[number];
export type RunState = Omit<RoutineContext, SharedKey>;
export type SharedFacts = Pick<RoutineContext, SharedKey>;

export type Ctx = RoutineContext;
/** How a hold goes on after the coach spoke: no "back to" line (quiet). */
export interface ContinueOptions {
  quiet?: boolean;
}
/** What a routine action works out: context to change, and what to say (sent up to the session). */
export type Reply = { assign?: Partial<Ctx>; out?: OutputPart; effects?: Effect[] };

/** A routine reply as a change to the one context: the run's own fields under `run`, the shared ones at the top. */
export function splitAssign(run: RunState, assign: Partial<Ctx> | undefined): { run: RunState } & Partial<SharedFacts> {
  const shared: Partial<SharedFacts> = {};
  const own: Partial<RunState> = {};
  for (const [key, value] of Object.entries(assign ?? {}))
    if ((SHARED_KEYS as readonly string[]).includes(key)) (shared as Record<string, unknown>)[key] = value;
    else (own as Record<string, unknown>)[key] = value;
  return { ...shared, run: { ...run, ...own } };
}

/** What a routine reply says, as one output part (its effects joined in), or null when it says nothing. */
export function partOf(reply: Reply): OutputPart | null {
  if (!reply.out && !reply.effects?.length) return null;
  return reply.effects?.length ? { ...reply.out, effects: reply.effects } : (reply.out ?? {});
}

/** What a screen shows of a routine's position: step, side, hold length. */
export function routineView(
  routine: Routine,
  context: Pick<RoutineContext, 'overrides'>,
  stepIndex: number,
  unitIndex: number,
): View {
  const step = routine.steps[stepIndex]!;
  const units = unitsOf(step, context.overrides[step.id]);
  const unit = units[Math.max(0, Math.min(unitIndex, units.length - 1))]!;
  return {
    routine: routine.id,
    stepIndex,
    stepId: step.id,
    stepCount: routine.steps.length,
    side: unit.side ?? null,
    holdSeconds: unit.kind === 'hold' ? unit.seconds : null,
    unit: unit.index,
    units: units.length,
    text: {
      routine: routineName(routine),
      step: stepTitle(routine, stepIndex),
      instruction: { t: `${stepKey(routine, stepIndex)}.instruction` },
    },
  };
}

/** The current view of a running routine, from its context. */
export function currentView(routine: Routine, context: RoutineContext): View {
  const unit = context.paused?.unit ?? context.played?.from ?? 0;
  return routineView(spokenRoutine(routine, context.cautionPlan?.replaced ?? []), context, context.step, unit);
}
