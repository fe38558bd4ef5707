import type { Routine } from '../content/schema';
import type { Act } from '../speech/acts';
import type { CautionPlan } from './cautions';
import { spokenRoutine } from './cautions';
import type { CoachEvent, TurnEnv } from './events';
import { outputEvent, type OutputEvent } from './machine-kit';
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

export interface RoutineInput {
  env: TurnEnv;
  /** Brief mode from the profile ("talk less"). */
  brief?: boolean;
  /** "Keep going": steps chained up to the response budget, no "ready?" between them. */
  chain?: boolean;
  /** The before-rating, saved with a place so a resumed session keeps it. */
  ratingBefore?: number | null;
  gentle: boolean;
  gentlePercent: number;
  start: RoutineStart;
  /** Acts said before the first step in the same response (the routine's introduction). */
  prefix: Act[];
  /** "I only have two minutes" said before the routine began: fit it into these minutes. */
  shortMinutes?: number | null;
  /** Cautions heard this session (pregnancy …): steps they rule out are done another way or left out. */
  cautions?: string[];
  /** A first session: the words that stop everything are owed, said before the first pressure step. */
  stopWords?: boolean;
}

export type RoutineEndReason = 'completed' | 'stopped' | 'closed';
export interface RoutineOutput {
  reason: RoutineEndReason;
  stepsCompleted: number;
}

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

/** Sent by the session to continue a hold after it spoke (a rating, progress), with what it said first. */
export type ContinueEvent = {
  type: 'CONTINUE';
  prefix: Act[];
  env: TurnEnv;
  ratingBefore?: number | null;
  /** A caution was just heard: every caution of the session so far, for the plan to follow. */
  cautions?: string[];
};
export type RoutineEvent = (CoachEvent & { env: TurnEnv }) | ContinueEvent;

export type Ctx = RoutineContext;
/** How a hold goes on after the coach spoke: no "back to" line (quiet). */
export interface ContinueOptions {
  quiet?: boolean;
}
/** What a routine action works out: context to change, and what to say (sent up to the session). */
export type Reply = { assign?: Partial<Ctx>; out?: OutputPart; effects?: Effect[] };
interface Enqueue {
  assign(values: Partial<Ctx>): void;
  sendParent(event: OutputEvent): void;
}
export function send(enqueue: Enqueue, reply: Reply) {
  if (reply.assign && Object.keys(reply.assign).length) enqueue.assign(reply.assign);
  if (reply.out || reply.effects?.length)
    enqueue.sendParent(
      outputEvent(reply.effects?.length ? { ...reply.out, effects: reply.effects } : (reply.out ?? {})),
    );
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
