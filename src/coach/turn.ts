import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { catalogue } from '../content/load';
import { emergencyNumberFor } from '../content/safety';
import { resolveLocale } from '../i18n';
import { say, type Act } from '../speech/acts';
import type { StateMeta } from './machine-kit';
import { sanitizeEvent, type CoachEvent, type TurnEnv } from './events';
import type { CoachOutput, OutputPart, View } from './output';
import { currentView } from './routine-context';
import { routineCtx } from './routine-actions';
import { EMPTY_PROFILE, type Profile } from './profile';
import type { SessionContext, SessionEvent } from './session-context';
import { buildCoachMachine, type CoachMachine } from './session-machine';
import { knownRoutine, planKey, planStartedBy, readRef, refOf, routineOfRef, type PlanRef } from './session-plans';

/** The coach's whole state between turns: JSON, small, stamped with the content it was made against. */
export interface PersistedCoach {
  v: string;
  s: unknown;
  /** The plan in play (chosen, running or wrapping up): a guide routine by id, another plan inline. */
  p?: PlanRef | null;
}

export interface TurnContext {
  now: number;
  locale: string;
  /** The locale exactly as the platform sent it, for the emergency number; the locale when absent. */
  requestLocale?: string;
  /** Seconds one response may last on the platform in use (the runtime reads it from the limits). */
  budgetSeconds: number;
  profile?: Profile;
}

export interface TurnResult {
  snapshot: PersistedCoach;
  output: CoachOutput;
  /** The given snapshot was stale or broken and the session started afresh. */
  recovered: boolean;
  /** Where the session is, for transcripts and tests ("routine.neck", "wrapUp"). */
  state: string;
  /** The routine the session is busy with (chosen, running or wrapping up), else null. */
  routine: string | null;
  /** The routine's current position, when one is running. */
  view: View | null;
}

/** Machines by plan key, the most recently used last; a few dozen plans in play at once at most. */
const machines = new Map<string, CoachMachine>();
const MAX_MACHINES = 64;
const MENU = '';

/**
 * The coach machine of a plan (null: the menu's, no plan in play), built once and kept while used:
 * a routine's by its id, another plan's by its content hash.
 */
export function coachMachine(ref: PlanRef | null = null): CoachMachine {
  const key = ref ? planKey(ref) : MENU;
  let machine = machines.get(key);
  if (machine) machines.delete(key);
  else machine = buildCoachMachine(catalogue(), ref ? (routineOfRef(ref) ?? null) : null);
  machines.set(key, machine);
  while (machines.size > MAX_MACHINES) machines.delete(machines.keys().next().value!);
  return machine;
}

function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, inner] = Object.entries(value)[0] ?? [];
    return key ? `${key}.${stateName(inner)}` : '';
  }
  return '';
}

interface Attempt {
  parts: OutputPart[];
  persisted: unknown;
  state: string;
  failed: boolean;
  /** The reprompt the state the turn ended in declares. */
  reprompt: Act[] | null;
  routine: string | null;
  view: View | null;
}

/** The innermost waiting state's reprompt, from the `meta` of the states the session is in. */
function repromptOf(meta: Record<string, StateMeta | undefined>): Act[] | null {
  const declared = Object.values(meta).filter((entry): entry is StateMeta => !!entry?.reprompt);
  return declared.at(-1)?.reprompt ?? null;
}

const BUSY_STATES = ['equipment', 'routine', 'wrapUp'];

/** A snapshot's state value runs a plan (its steps are the plan's machine's own). */
const isRunning = (value: unknown) => typeof value === 'object' && value !== null && 'routine' in value;

/** Where the session is busy, and the running plan's current position. */
function whereAbouts(snapshot: AnyMachineSnapshot): { routine: string | null; view: View | null } {
  const context = snapshot.context as SessionContext;
  const state = stateName(snapshot.value);
  const routine = BUSY_STATES.some((name) => state.startsWith(name)) ? context.routine : null;
  const content = isRunning(snapshot.value) && context.run ? knownRoutine(context.run.routine) : undefined;
  return { routine, view: content ? currentView(content, routineCtx(context)) : null };
}

/**
 * The plan whose machine steps this turn: the running plan's (the snapshot's states are its own);
 * else the plan the event starts, else the one the session has chosen, offered or suggested (all
 * machines share the chart outside a plan, so the snapshot resolves in any of them). None: the menu's.
 */
function planInPlay(raw: unknown, carried: PlanRef | null, event: CoachEvent, profile: Profile): PlanRef | null {
  const snapshot = (raw ?? {}) as { value?: unknown; context?: Partial<SessionContext> };
  const context = snapshot.context ?? {};
  const chosen = carried ?? refOf(context.routine);
  if (isRunning(snapshot.value)) return chosen;
  const offered = context.offer?.routine ?? context.suggested?.routine ?? context.switchTo;
  return planStartedBy(event, profile, context) ?? chosen ?? refOf(offered);
}

/**
 * Where a persisted session stands, as a comparable string: the states it is in and what changes
 * behaviour there (ratings given, routines blocked, an offer, the plan's step, unit and pause),
 * never the clock. Model-based tests walk the dialogue by it.
 */
export function describePosition(persisted: PersistedCoach): string {
  const machine = coachMachine(
    readRef(persisted.p) ?? refOf((persisted.s as { context?: SessionContext }).context?.routine),
  );
  const session = machine.resolveState(persisted.s as Parameters<CoachMachine['resolveState']>[0]);
  const { routine, ratingBefore, blocked, offer, routineUnjournaled, run } = session.context;
  const value = session.value as { routine?: unknown };
  const place = isRunning(value) &&
    run && {
      value: value.routine,
      step: run.step,
      paused: run.paused && [run.paused.unit, run.paused.remaining > 0],
      played: run.played && [run.played.from, run.played.to],
      overrides: run.overrides,
      gentle: run.gentle,
    };
  return JSON.stringify([
    isRunning(value) ? 'routine' : value,
    routine,
    ratingBefore !== null,
    blocked.length,
    offer !== null,
    routineUnjournaled,
    place || null,
  ]);
}

interface Attempt {
  parts: OutputPart[];
  persisted: unknown;
  plan: PlanRef | null;
  state: string;
  failed: boolean;
  /** The reprompt the state the turn ended in declares. */
  reprompt: Act[] | null;
  routine: string | null;
  view: View | null;
}

const FAILED: Attempt = {
  parts: [],
  persisted: null,
  plan: null,
  state: '',
  failed: true,
  reprompt: null,
  routine: null,
  view: null,
};

/**
 * One step of the machine of the plan in play, with the pure transition: no actor. What the
 * machine says comes back as its emit actions, in order.
 */
function attempt(raw: unknown, carried: PlanRef | null, event: CoachEvent, env: TurnEnv, profile: Profile): Attempt {
  try {
    const machine = coachMachine(planInPlay(raw, carried, event, profile));
    const from = raw
      ? machine.resolveState(raw as Parameters<CoachMachine['resolveState']>[0])
      : initialTransition(machine)[0];
    const [after, actions] = transition(machine, from, { ...event, env, profile } as SessionEvent);
    if (after.status === 'error') return FAILED;
    const parts = (actions as Array<{ type: string; params?: unknown }>).flatMap((action) =>
      action.type === 'xstate.emit' ? [(action.params as { event: { part: OutputPart } }).event.part] : [],
    );
    return {
      parts,
      persisted: machine.getPersistedSnapshot(after),
      plan: refOf(after.context.routine),
      state: stateName(after.value),
      failed: false,
      reprompt: repromptOf(after.getMeta()),
      ...whereAbouts(after),
    };
  } catch {
    return FAILED;
  }
}

/** The message group of every reply to a warning sign. */
const SAFETY_REPLIES = ['coach', 'redFlag'].join('.');

/** Whether the coach's words answer a warning sign (safety's replies all live under coach.redFlag). */
const answersSign = (parts: OutputPart[]) =>
  parts.some((part) =>
    part.acts?.some((act) => act.type === 'say' && act.key.split('.', 2).join('.') === SAFETY_REPLIES),
  );

/**
 * The turn's output from the pieces the machines emitted. A reply that names no reprompt gets the
 * reprompt of the state the turn ends in (its `meta`); the session's own replies rely on that.
 */
function merge(parts: OutputPart[], stateReprompt: Act[] | null): CoachOutput {
  const output: CoachOutput = { acts: [], reprompt: [], endSession: false, effects: [], view: null };
  for (const part of parts) {
    if (part.acts) output.acts.push(...part.acts);
    if (part.reprompt?.length) output.reprompt = part.reprompt;
    else if (part.acts?.length && !part.reprompt) output.reprompt = stateReprompt ?? [];
    if (part.end) output.endSession = true;
    if (part.effects) output.effects.push(...part.effects);
    if (part.view !== undefined) output.view = part.view;
  }
  return output;
}

/**
 * One turn of the dialogue: (persisted state, event, context) -> (state, output). Pure apart from
 * the clock the caller passes in; a stale or tampered snapshot gets a spoken fresh start, never a throw.
 */
export function runTurn(
  persisted: PersistedCoach | null | undefined,
  rawEvent: unknown,
  context: TurnContext,
): TurnResult {
  const event = sanitizeEvent(rawEvent);
  const { version } = catalogue();
  const env: TurnEnv = {
    now: context.now,
    locale: resolveLocale(context.locale),
    budgetSeconds: context.budgetSeconds,
    emergencyNumber: emergencyNumberFor(context.requestLocale ?? context.locale),
  };
  const profile = context.profile ?? EMPTY_PROFILE;

  // Only a running session is carried on: a snapshot that says it is done (or anything else)
  // would leave no state to answer in, and a warning sign must always be answered.
  const carried = persisted && typeof persisted === 'object' && persisted.p ? readRef(persisted.p) : null;
  const usable =
    persisted &&
    typeof persisted === 'object' &&
    persisted.v === version &&
    persisted.s &&
    typeof persisted.s === 'object' &&
    (persisted.s as { status?: unknown }).status === 'active' &&
    // A plan carried must still be one the coach may run (checked as a plan file is).
    (!persisted.p || carried !== null);
  let recovered = Boolean(persisted) && !usable;
  let result = attempt(usable ? persisted!.s : undefined, carried, event, env, profile);
  if (usable && (result.failed || (event.type === 'RED_FLAG' && !answersSign(result.parts)))) {
    recovered = true;
    result = attempt(undefined, null, event, env, profile);
  }
  const output = merge(result.parts, result.reprompt);
  if (recovered) output.acts.unshift(say('coach.freshStart'));
  // Never silent: SESSION_CLOSED is the one event no platform lets us answer.
  if (output.acts.length === 0 && event.type !== 'SESSION_CLOSED') {
    output.acts.push(say('coach.fallback.choose'));
    if (!output.reprompt.length) output.reprompt = [say('coach.welcome.reprompt')];
  }
  if (!output.endSession && output.reprompt.length === 0 && event.type !== 'SESSION_CLOSED')
    output.reprompt = [say('coach.ask.reprompt')];
  const snapshot: PersistedCoach = {
    v: version,
    s: result.failed ? null : result.persisted,
    ...(result.plan ? { p: result.plan } : {}),
  };
  return {
    snapshot,
    output,
    recovered,
    state: result.state,
    routine: result.routine,
    view: output.view ?? result.view,
  };
}
