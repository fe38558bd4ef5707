import { EVENT_TYPES } from '../src/coach/events';
import { runTurn, type PersistedCoach, type TurnResult } from '../src/coach/turn';
import { loadCatalogue } from '../src/content/load';
import { planSpeech } from '../src/speech/plan';
import { renderSsml, renderText } from '../src/speech/render';
import { LIMITS } from '../src/speech/limits';
import type { Act } from '../src/speech/acts';

/**
 * Model-based test: walks every reachable state of the session and each routine, and sends every
 * event in each, both after a response has played and in the middle of it. No throw, no empty
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
      return [{ type, direction: 'longer' }, { type, direction: 'shorter' }];
    default:
      return [{ type }];
  }
});
/** Events that move the dialogue on: the walk follows these; the rest are checked in place. */
const MOVES = new Set(['START_ROUTINE', 'NEXT', 'YES', 'NO', 'PREVIOUS', 'PAUSE', 'RESUME', 'START_OVER', 'RATE', 'ADJUST', 'DELETE_DATA']);

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
  if (!result.output.endSession && event.type !== 'SESSION_CLOSED' && result.output.reprompt.length === 0) throw new Error(`${context}: dead end`);
  for (const spoken of [text, german]) {
    if (/\{\{|\b(coach|routine|technique|symptom|side|set)\.[a-z]/.test(spoken)) throw new Error(`${context}: untranslated key in "${spoken}"`);
  }
  for (const limits of Object.values(LIMITS)) {
    const bytes = Buffer.byteLength(renderSsml(plan, limits), 'utf8');
    if (bytes > limits.maxSpeechChars) throw new Error(`${context}: ${bytes} bytes of SSML over the ${limits.name} limit of ${limits.maxSpeechChars}`);
  }
  const literals = literalParams(result.output.acts);
  if (literals.length) throw new Error(`${context}: literal text in speech parameters: ${literals.join(', ')}`);
  if (JSON.stringify(result.snapshot).length >= 2048) throw new Error(`${context}: snapshot of ${JSON.stringify(result.snapshot).length} bytes`);
  if (event.type === 'RED_FLAG') {
    if (!result.output.acts.some((a) => a.type === 'say' && a.key.startsWith('coach.redFlag.stop'))) throw new Error(`${context}: red flag not stopped`);
    if (!result.output.endSession || result.state !== 'halted') throw new Error(`${context}: red flag must end the session`);
    if (result.output.acts.some((a) => a.type === 'hold' || a.type === 'count')) throw new Error(`${context}: coached through a red flag`);
  }
}

/** What changes behaviour: where the session and routine are, not the exact clock or rating values. */
function keyOf(result: TurnResult): string {
  type Child = { value: unknown; context: { step: number; paused: { unit: number; remaining: number } | null; played: { from: number; to: number } | null; overrides: object; gentle: boolean } };
  const snapshot = result.snapshot.s as { value: unknown; context: { ratingBefore: number | null; blocked: string[]; offer: unknown; routine: string | null; started: boolean }; children: Record<string, { snapshot: Child }> };
  const session = snapshot.context;
  const child = snapshot.children.routine?.snapshot;
  return JSON.stringify([
    snapshot.value,
    session.routine,
    session.ratingBefore !== null,
    session.blocked.length,
    session.offer !== null,
    session.started,
    child && [child.value, child.context.step, child.context.paused && [child.context.paused.unit, child.context.paused.remaining > 0], child.context.played && [child.context.played.from, child.context.played.to], child.context.overrides, child.context.gentle],
  ]);
}

describe('every state answers every event', () => {
  it.each([...catalogue.routines.keys()])('through %s', (routine) => {
    const seen = new Set<string>();
    type Node = { snapshot: PersistedCoach | null; now: number; ends: number; where: string };
    const queue: Node[] = [{ snapshot: null, now: START, ends: START, where: 'new session' }];
    let turns = 0;
    const profile = { firstSession: false, resume: { routine, step: 1, unit: 0, savedAt: START - 1000 }, progress: null, persistentPain: null };
    while (queue.length && seen.size < 400) {
      const node = queue.shift()!;
      const events: Sample[] = node.snapshot === null ? [{ type: 'LAUNCH' }, { type: 'START_ROUTINE', routine }, ...SAMPLES] : SAMPLES;
      for (const event of events) {
        // After the last response finished, and 5 s into it (inside a hold, where one is playing).
        for (const [variant, now] of [[0, node.ends + 1000], [1, node.now + 5000]] as const) {
          const result = runTurn(node.snapshot, event, { now, locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds, profile });
          turns += 1;
          check(result, event, node.where);
          // Every event is checked in every state; the walk moves on only by events that navigate.
          if (variant === 1 || (!MOVES.has(event.type) && node.snapshot !== null)) continue;
          if (event.type === 'START_ROUTINE' && event.routine !== routine) continue;
          if (result.output.endSession) continue;
          const key = keyOf(result);
          if (seen.has(key)) continue;
          seen.add(key);
          const seconds = planSpeech(result.output.acts, 'en-US').seconds;
          queue.push({ snapshot: result.snapshot, now, ends: now + seconds * 1000, where: `${node.where} > ${event.type}` });
        }
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(turns).toBeGreaterThan(1000);
  });
});
