import { EVENT_TYPES } from '../src/coach/events';
import { fromTransition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSession } from '../src/coach/compose';
import type { Profile } from '../src/coach/profile';
import type { Plan } from '../src/plan/schema';
import { describePosition, runTurn, type PersistedCoach, type TurnResult } from '../src/coach/turn';
import { loadCatalogue } from '../src/content/load';
import { planSpeech } from '../src/speech/plan';
import { renderSsml, renderText } from '../src/speech/render';
import { LIMITS, MAX_CARRIED_PLAN_BYTES } from '../src/speech/limits';
import type { Act } from '../src/speech/acts';

/**
 * Model-based test: xstate/graph finds the shortest path to every reachable state of the session and
 * each routine; every event is then sent in each, both after a response has played and in the middle of it. No throw, no empty
 * speech, no dead end, no untranslated key, a small snapshot, and a red flag always stops.
 */
const catalogue = loadCatalogue();
const START = Date.UTC(2026, 10, 25, 8);

type Sample = { type: string; [slot: string]: unknown };
const SAMPLES: Sample[] = EVENT_TYPES.flatMap((type): Sample[] => {
  switch (type) {
    case 'START_ROUTINE':
      return [{ type, routine: 'neck' }, { type, routine: 'calves-hamstrings' }, { type, routine: 'elbows' }, { type }];
    case 'RATE':
      return [{ type, value: 3 }, { type, value: 9 }, { type, value: 42 }, { type }];
    case 'RED_FLAG':
      return [{ type, symptom: 'tingling' }, { type }];
    case 'EXPLAIN':
      return [{ type }, { type, technique: 'foam-roller-release' }];
    case 'SET_GOAL':
      return [{ type, goal: 'daily' }, { type }];
    case 'ADJUST':
      return [
        { type, direction: 'longer' },
        { type, direction: 'shorter' },
      ];
    default:
      return [{ type }];
  }
});
/** Events that move the dialogue on: the walk follows these; the rest are checked in place. */
const MOVES = new Set([
  'START_ROUTINE',
  'NEXT',
  'YES',
  'NO',
  'PREVIOUS',
  'PAUSE',
  'RESUME',
  'START_OVER',
  'RATE',
  'ADJUST',
  'DELETE_DATA',
]);

function literalParams(acts: Act[]): string[] {
  const found: string[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') found.push(value);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (key !== 't') visit(inner);
    }
  };
  for (const act of acts) if (act.type === 'say') visit(act.params);
  return found;
}

function check(result: TurnResult, event: { type: string }, where: string) {
  const plan = planSpeech(result.output.acts, 'en-US');
  const text = renderText(plan);
  const german = renderText(planSpeech(result.output.acts, 'de-DE'));
  const context = `${where} + ${JSON.stringify(event)} -> ${result.state}: "${text}"`;
  if (result.recovered) throw new Error(`${context}: a valid snapshot needed recovery`);
  if (event.type !== 'SESSION_CLOSED' && !text) throw new Error(`${context}: empty speech`);
  if (!result.output.endSession && event.type !== 'SESSION_CLOSED' && result.output.reprompt.length === 0)
    throw new Error(`${context}: dead end`);
  for (const spoken of [text, german]) {
    if (/\{\{|\b(coach|routine|technique|symptom|side|set)\.[a-z]/.test(spoken))
      throw new Error(`${context}: untranslated key in "${spoken}"`);
  }
  for (const limits of Object.values(LIMITS)) {
    const bytes = Buffer.byteLength(renderSsml(plan, limits), 'utf8');
    if (bytes > limits.maxSpeechChars)
      throw new Error(`${context}: ${bytes} bytes of SSML over the ${limits.name} limit of ${limits.maxSpeechChars}`);
  }
  const literals = literalParams(result.output.acts);
  if (literals.length) throw new Error(`${context}: literal text in speech parameters: ${literals.join(', ')}`);
  // The session itself stays small; a plan file carried with it (p) is capped on its own.
  const session = JSON.stringify({ ...result.snapshot, p: undefined }).length;
  if (session >= 2048) throw new Error(`${context}: snapshot of ${session} bytes`);
  if (JSON.stringify(result.snapshot.p ?? null).length > MAX_CARRIED_PLAN_BYTES)
    throw new Error(`${context}: a plan of ${JSON.stringify(result.snapshot.p).length} bytes carried`);
  if (event.type === 'RED_FLAG') {
    if (!result.output.acts.some((a) => a.type === 'say' && a.key.startsWith('coach.redFlag.stop')))
      throw new Error(`${context}: red flag not stopped`);
    if (!result.output.endSession || result.state !== 'halted')
      throw new Error(`${context}: red flag must end the session`);
    if (result.output.acts.some((a) => a.type === 'hold' || a.type === 'count'))
      throw new Error(`${context}: coached through a red flag`);
  }
}

/** A place in the walk: the persisted session, the clock, and when its last response finished. */
interface Node {
  snapshot: PersistedCoach | null;
  now: number;
  ends: number;
  where: string;
  key: string;
  ended: boolean;
}

/**
 * The dialogue as actor logic for xstate/graph: each transition is one real turn through
 * `runTurn`, from the persisted snapshot of the last (so the persisted round trip is walked too).
 */
function dialogueLogic(routine: string, profile: Profile, begin: Sample = { type: 'START_ROUTINE', routine }) {
  const turn = (node: Node, event: Sample, now: number) =>
    runTurn(node.snapshot, event, { now, locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds, profile });
  const start: Node = {
    snapshot: null,
    now: START,
    ends: START,
    where: 'new session',
    key: 'new session',
    ended: false,
  };
  const logic = fromTransition((node: Node, event: Sample): Node => {
    const now = node.ends + 1000;
    const result = turn(node, event, now);
    check(result, event, node.where);
    const ended = result.output.endSession;
    const seconds = planSpeech(result.output.acts, 'en-US').seconds;
    return {
      snapshot: result.snapshot,
      now,
      ends: now + seconds * 1000,
      where: `${node.where} > ${event.type}`,
      ended,
      key: ended ? 'ended' : describePosition(result.snapshot),
    };
  }, start);
  /** The events that move the dialogue on: the walk follows these; every event is checked in place. */
  const moves = (node: Node): Sample[] => {
    if (node.ended) return [];
    const samples = SAMPLES.filter(
      (event) =>
        MOVES.has(event.type) && (event.type !== 'START_ROUTINE' || !event.routine || event.routine === routine),
    );
    const started = begin.type === 'START_ROUTINE' ? samples : [begin, ...samples];
    return node.snapshot === null ? [{ type: 'LAUNCH' }, ...started] : started;
  };
  return { logic, turn, moves };
}

/** Walks every reachable place of a session with this profile, and sends every event in each. */
function walkAll(routine: string, profile: Profile, begin?: Sample) {
  const { logic, turn, moves } = dialogueLogic(routine, profile, begin);
  const paths = getShortestPaths(logic, {
    events: (snapshot) => moves(snapshot.context),
    serializeState: (snapshot) => snapshot.context.key,
    stopWhen: (snapshot) => snapshot.context.ended,
    limit: 20000,
  });
  const reached = paths.map((path) => path.state.context).filter((node) => !node.ended);
  let turns = 0;
  for (const node of reached) {
    for (const event of node.snapshot === null
      ? [{ type: 'LAUNCH' }, begin ?? { type: 'START_ROUTINE', routine }, ...SAMPLES]
      : SAMPLES) {
      // After the last response finished, and 5 s into it (inside a hold, where one is playing).
      for (const now of [node.ends + 1000, node.now + 5000]) {
        check(turn(node, event, now), event, node.where);
        turns += 1;
      }
    }
  }
  return { reached, turns };
}

describe('every state answers every event', () => {
  it.each([...catalogue.routines.keys()])('through %s', (routine) => {
    const profile: Profile = {
      firstSession: false,
      resume: { routine, step: 1, unit: 0, savedAt: START - 1000 },
      progress: null,
      persistentPain: null,
    };
    const { reached, turns } = walkAll(routine, profile);
    expect(reached.length).toBeGreaterThan(20);
    expect(turns).toBeGreaterThan(1000);
  });

  /** A plan file runs through the same chart: the authored example, and a session composed from the scan. */
  const example = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'), 'utf8'));
  const composed = composeSession(catalogue, {
    answers: [{ area: 'neck' }, { area: 'calves' }],
    seconds: 600,
    locale: 'en-US',
  });
  it.each([
    ['the authored example plan', example as Plan],
    ['a composed session', composed.ok ? composed.plan : (null as never)],
  ])('through %s', (_name, plan) => {
    const profile: Profile = { firstSession: false, resume: null, progress: null, persistentPain: null, plan };
    const { reached, turns } = walkAll('neck', profile, { type: 'START_PLAN' });
    expect(reached.filter((node) => node.key.startsWith('["routine"')).length).toBeGreaterThan(8);
    expect(turns).toBeGreaterThan(1000);
  });
});
