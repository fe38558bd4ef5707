import { createActor, type Snapshot } from 'xstate';
import { catalogue } from '../content/load';
import { emergencyNumberFor } from '../content/safety';
import { resolveLocale } from '../i18n';
import { say, type Act } from '../speech/acts';
import type { StateMeta } from './machine-kit';
import { sanitizeEvent, type CoachEvent, type TurnEnv } from './events';
import type { CoachOutput, OutputPart, View } from './output';
import { currentView, type RoutineContext } from './routine-context';
import { EMPTY_PROFILE, type Profile } from './profile';
import { buildSessionMachine, type SessionEvent, type SessionMachine } from './session-machine';

/** The coach's whole state between turns: JSON, small, stamped with the content it was made against. */
export interface PersistedCoach {
  v: string;
  s: unknown;
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

let machine: SessionMachine | undefined;
/** The session machine, built once per process from the content. */
export function sessionMachine(): SessionMachine {
  machine ??= buildSessionMachine(catalogue());
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

interface LiveSnapshot {
  value: unknown;
  context: { routine: string | null };
  children: Record<string, { getSnapshot(): { status: string; context: RoutineContext } } | undefined>;
}

function whereAbouts(snapshot: LiveSnapshot): { routine: string | null; view: View | null } {
  const state = stateName(snapshot.value);
  const routine = BUSY_STATES.some((name) => state.startsWith(name)) ? snapshot.context.routine : null;
  const child = snapshot.children.routine?.getSnapshot();
  const content = routine ? catalogue().routines.get(routine) : undefined;
  const view = child && child.status === 'active' && content ? currentView(content, child.context) : null;
  return { routine, view };
}

/**
 * Where a persisted session stands, as a comparable string: the states it is in and what changes
 * behaviour there (ratings given, routines blocked, an offer, the routine's step, unit and pause),
 * never the clock. Model-based tests walk the dialogue by it.
 */
export function describePosition(persisted: PersistedCoach): string {
  const actor = createActor(sessionMachine(), {
    snapshot: persisted.s as Snapshot<unknown>,
    input: { env: { now: 0, locale: 'en-US', budgetSeconds: 0, emergencyNumber: null } },
  });
  const session = actor.getSnapshot();
  const child = (session as unknown as LiveSnapshot).children.routine?.getSnapshot() as
    { value: unknown; context: RoutineContext } | undefined;
  const { routine, ratingBefore, blocked, offer, routineUnjournaled } = session.context;
  const place = child && {
    value: child.value,
    step: child.context.step,
    paused: child.context.paused && [child.context.paused.unit, child.context.paused.remaining > 0],
    played: child.context.played && [child.context.played.from, child.context.played.to],
    overrides: child.context.overrides,
    gentle: child.context.gentle,
  };
  return JSON.stringify([
    session.value,
    routine,
    ratingBefore !== null,
    blocked.length,
    offer !== null,
    routineUnjournaled,
    place ?? null,
  ]);
}

function attempt(snapshot: unknown, event: CoachEvent, env: TurnEnv, profile: Profile): Attempt {
  const parts: OutputPart[] = [];
  let failed = false;
  try {
    const actor = createActor(
      sessionMachine(),
      snapshot ? { snapshot: snapshot as Snapshot<unknown>, input: { env } } : { input: { env } },
    );
    actor.on('output', (emitted) => parts.push(emitted.part));
    // An error inside the machine must not surface as an unhandled rejection: we recover instead.
    actor.subscribe({ error: () => (failed = true) });
    actor.start();
    if (actor.getSnapshot().status === 'error') failed = true;
    if (!failed) actor.send({ ...event, env, profile } as SessionEvent);
    const after = actor.getSnapshot();
    if (after.status === 'error') failed = true;
    const persisted = failed ? null : actor.getPersistedSnapshot();
    const place = failed ? { routine: null, view: null } : whereAbouts(after as unknown as LiveSnapshot);
    // Not stopped: the machines schedule nothing (no delays, only machine children), so nothing
    // is left running, and stop() would cost two more steps for each of the two actors.
    return {
      parts,
      persisted,
      state: stateName(after.value),
      failed,
      reprompt: failed ? null : repromptOf(after.getMeta()),
      ...place,
    };
  } catch {
    return { parts, persisted: null, state: '', failed: true, reprompt: null, routine: null, view: null };
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
  const usable =
    persisted &&
    typeof persisted === 'object' &&
    persisted.v === version &&
    persisted.s &&
    typeof persisted.s === 'object' &&
    (persisted.s as { status?: unknown }).status === 'active';
  let recovered = Boolean(persisted) && !usable;
  let result = attempt(usable ? persisted!.s : undefined, event, env, profile);
  if (usable && (result.failed || (event.type === 'RED_FLAG' && !answersSign(result.parts)))) {
    recovered = true;
    result = attempt(undefined, event, env, profile);
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
  const snapshot: PersistedCoach = { v: version, s: result.failed ? null : result.persisted };
  return {
    snapshot,
    output,
    recovered,
    state: result.state,
    routine: result.routine,
    view: output.view ?? result.view,
  };
}
