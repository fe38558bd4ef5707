import { createActor } from 'xstate';
import { catalogue } from '../content/load';
import { resolveLocale } from '../i18n';
import { say } from '../speech/acts';
import { LIMITS, type PlatformName } from '../speech/limits';
import { EVENT_TYPES, type CoachEvent, type TurnEnv } from './events';
import type { CoachOutput, OutputPart, View } from './output';
import { currentView, type RoutineContext } from './routine-machine';
import { EMPTY_PROFILE, type Profile } from './profile';
import { buildSessionMachine, type SessionMachine } from './session-machine';

/** The coach's whole state between turns: JSON, small, stamped with the content it was made against. */
export interface PersistedCoach {
  v: string;
  s: unknown;
}

export interface TurnContext {
  now: number;
  locale: string;
  platform: PlatformName;
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

/** Makes any incoming event safe: unknown types become FALLBACK; slots are checked against content. */
export function sanitizeEvent(raw: unknown): CoachEvent {
  if (!raw || typeof raw !== 'object') return { type: 'FALLBACK' };
  const event = raw as Record<string, unknown>;
  const type = event.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as string[]).includes(type)) return { type: 'FALLBACK' };
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length < 100 ? value : undefined);
  switch (type) {
    case 'START_ROUTINE': {
      const routine = text(event.routine);
      return routine ? { type, routine } : { type };
    }
    case 'EXPLAIN': {
      const technique = text(event.technique);
      return technique && catalogue().techniques.has(technique) ? { type, technique } : { type };
    }
    case 'RATE': {
      const value = typeof event.value === 'number' ? event.value : typeof event.value === 'string' ? Number(event.value) : NaN;
      return Number.isFinite(value) ? { type, value } : { type };
    }
    case 'RED_FLAG': {
      const symptom = text(event.symptom);
      return symptom ? { type, symptom } : { type };
    }
    case 'ADJUST':
      return event.direction === 'longer' || event.direction === 'shorter' ? { type, direction: event.direction } : { type };
    case 'SET_GOAL':
      return event.goal === 'daily' || event.goal === 'maintenance' ? { type, goal: event.goal } : { type };
    case 'MISSING':
      return event.item === 'tennisBall' || event.item === 'foamRoller' || event.item === 'wall' ? { type, item: event.item } : { type };
    case 'ASK_ROUTINE': {
      const routine = text(event.routine);
      return routine && catalogue().routines.has(routine) ? { type, routine } : { type };
    }
    case 'PACE':
      return event.pace === 'slower' || event.pace === 'faster' ? { type, pace: event.pace } : { type };
    case 'SHORT_ON_TIME': {
      const minutes = typeof event.minutes === 'number' ? event.minutes : typeof event.minutes === 'string' ? Number(event.minutes) : NaN;
      return Number.isFinite(minutes) && minutes > 0 && minutes < 600 ? { type, minutes } : { type };
    }
    case 'TALK':
      return event.mode === 'less' || event.mode === 'more' ? { type, mode: event.mode } : { type };
    case 'SESSION_CLOSED':
      return event.reason === 'user' || event.reason === 'silence' || event.reason === 'error' ? { type, reason: event.reason } : { type };
    default:
      return { type } as CoachEvent;
  }
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
  routine: string | null;
  view: View | null;
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

function attempt(snapshot: unknown, event: CoachEvent, env: TurnEnv, profile: Profile): Attempt {
  const parts: OutputPart[] = [];
  let failed = false;
  try {
    const actor = createActor(sessionMachine(), snapshot ? { snapshot: snapshot as never, input: { env } } : { input: { env } });
    actor.on('output', (emitted) => {
      parts.push((emitted as unknown as { part: OutputPart }).part);
    });
    // An error inside the machine must not surface as an unhandled rejection: we recover instead.
    actor.subscribe({ error: () => (failed = true) });
    actor.start();
    if (actor.getSnapshot().status === 'error') failed = true;
    if (!failed) actor.send({ ...event, env, profile } as never);
    const after = actor.getSnapshot();
    if (after.status === 'error') failed = true;
    const persisted = failed ? null : actor.getPersistedSnapshot();
    const place = failed ? { routine: null, view: null } : whereAbouts(after as unknown as LiveSnapshot);
    actor.stop();
    return { parts, persisted, state: stateName(after.value), failed, ...place };
  } catch {
    return { parts, persisted: null, state: '', failed: true, routine: null, view: null };
  }
}

function merge(parts: OutputPart[]): CoachOutput {
  const output: CoachOutput = { acts: [], reprompt: [], endSession: false, effects: [], view: null };
  for (const part of parts) {
    if (part.acts) output.acts.push(...part.acts);
    if (part.reprompt?.length) output.reprompt = part.reprompt;
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
export function runTurn(persisted: PersistedCoach | null | undefined, rawEvent: unknown, context: TurnContext): TurnResult {
  const event = sanitizeEvent(rawEvent);
  const { version } = catalogue();
  const env: TurnEnv = { now: context.now, locale: resolveLocale(context.locale), budgetSeconds: LIMITS[context.platform].maxResponseSeconds };
  const profile = context.profile ?? EMPTY_PROFILE;

  const usable = persisted && typeof persisted === 'object' && persisted.v === version && persisted.s && typeof persisted.s === 'object';
  let recovered = Boolean(persisted) && !usable;
  let result = attempt(usable ? persisted!.s : undefined, event, env, profile);
  if (result.failed && usable) {
    recovered = true;
    result = attempt(undefined, event, env, profile);
  }
  const output = merge(result.parts);
  if (recovered) output.acts.unshift(say('coach.freshStart'));
  // Never silent: SESSION_CLOSED is the one event no platform lets us answer.
  if (output.acts.length === 0 && event.type !== 'SESSION_CLOSED') {
    output.acts.push(say('coach.fallback.choose'));
    if (!output.reprompt.length) output.reprompt = [say('coach.welcome.reprompt')];
  }
  if (!output.endSession && output.reprompt.length === 0 && event.type !== 'SESSION_CLOSED') output.reprompt = [say('coach.ask.reprompt')];
  const snapshot: PersistedCoach = { v: version, s: result.failed ? null : result.persisted };
  return { snapshot, output, recovered, state: result.state, routine: result.routine, view: output.view ?? result.view };
}
