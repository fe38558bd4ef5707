import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { catalogue } from '../../src/content/load';
import { emergencyNumberFor } from '../../src/content/safety';
import { runTurn, type PersistedCoach, type TurnResult } from '../../src/coach/turn';
import type { CoachEvent, CoachEventType } from '../../src/coach/events';

/**
 * Held-out sets: sentences written blind by someone who never saw the coach's words, each with the
 * state the coach is in and what a user must notice. Shared by the matcher test and the channels'.
 */
export const HELDOUT_CLASSES = ['emergency', 'stop', 'strong_pain', 'mild_pain', 'comfort', 'command'] as const;
export const HELDOUT_STATES = ['menu', 'hold', 'setup', 'rating', 'paused'] as const;
export type HeldoutClass = (typeof HELDOUT_CLASSES)[number];
export type HeldoutState = (typeof HELDOUT_STATES)[number];

const LineSchema = z.object({
  text: z.string().min(1),
  state: z.enum(HELDOUT_STATES),
  routine: z.string().optional(),
  class: z.enum(HELDOUT_CLASSES),
  expect: z.object({ type: z.string() }).loose().optional(),
});
export type HeldoutLine = z.infer<typeof LineSchema>;
const SetSchema = z.object({ set: z.string(), locale: z.string(), lines: z.array(LineSchema).min(1) });

export const LATEST_SET = process.env.MC_HELDOUT_SET ?? '2026-12-05c';

/** One locale's lines of a set under test/heldout/<set>/, checked at load. */
export function loadHeldout(locale: string, set = LATEST_SET): HeldoutLine[] {
  const file = join(__dirname, '..', 'heldout', set, `${locale}.json`);
  return SetSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).lines;
}

export interface Grade {
  pass: boolean;
  why: string;
}

const tierOf = (symptom: unknown) => catalogue().safety.signs.find((sign) => sign.id === symptom)?.tier;

/** What a comfort remark or a mild ache must never do: alarm, switch, restart, skip, end, rate or ease off. */
export const REPORT_MISFIRES: ReadonlySet<CoachEventType> = new Set<CoachEventType>([
  'RED_FLAG',
  'START_ROUTINE',
  'START_OVER',
  'NEXT',
  'PREVIOUS',
  'STOP',
  'RATE',
  'PAUSE',
  'PAIN',
  'SHORT_ON_TIME',
  'ADJUST',
  'DELETE_DATA',
  'SESSION_CLOSED',
]);

/** Grades the event one channel made of a line, by what that event makes the coach do. */
export function gradeEvent(line: HeldoutLine, event: CoachEvent): Grade {
  const got = JSON.stringify(event);
  const tier = event.type === 'RED_FLAG' ? tierOf(event.symptom) : undefined;
  switch (line.class) {
    case 'emergency':
      return { pass: tier === 'emergency', why: `want an emergency sign, got ${got}` };
    case 'stop':
      return { pass: tier === 'emergency' || tier === 'stop', why: `want a sign that stops, got ${got}` };
    case 'strong_pain':
      return { pass: event.type === 'PAIN', why: `want PAIN, got ${got}` };
    case 'mild_pain':
    case 'comfort':
      return { pass: !REPORT_MISFIRES.has(event.type), why: `a report must not act, got ${got}` };
    case 'command': {
      const expect = line.expect ?? {};
      const pass = Object.entries(expect).every(
        ([key, value]) => JSON.stringify((event as Record<string, unknown>)[key]) === JSON.stringify(value),
      );
      return { pass, why: `want ${JSON.stringify(expect)}, got ${got}` };
    }
  }
}

const NOW = Date.UTC(2026, 11, 5, 9, 0, 0);
const contextFor = (locale: string) => ({ now: NOW, locale, budgetSeconds: 90 });
const snapshots = new Map<string, TurnResult>();

/** The coach put in a line's state by the events a user would send, through the real turn. */
export function coachIn(line: HeldoutLine, locale: string): TurnResult {
  const routine = line.routine ?? 'neck';
  const key = `${locale} ${line.state} ${routine}`;
  const cached = snapshots.get(key);
  if (cached) return cached;
  const steps: CoachEvent[] = [{ type: 'LAUNCH' }];
  if (line.state !== 'menu') steps.push({ type: 'START_ROUTINE', routine });
  if (line.state === 'hold' || line.state === 'paused' || line.state === 'rating') steps.push({ type: 'YES' });
  if (line.state === 'paused') steps.push({ type: 'PAUSE' });
  let result: TurnResult | undefined;
  let snapshot: PersistedCoach | null = null;
  for (const event of steps) {
    result = runTurn(snapshot, event, contextFor(locale));
    snapshot = result.snapshot;
  }
  // The rating question comes at the routine's end.
  for (let guard = 0; line.state === 'rating' && result!.state !== 'wrapUp' && guard < 40; guard += 1) {
    result = runTurn(snapshot, { type: 'NEXT' }, contextFor(locale));
    snapshot = result.snapshot;
  }
  snapshots.set(key, result!);
  return result!;
}

const keysOf = (result: TurnResult) =>
  result.output.acts.flatMap((act) => ('key' in act && typeof act.key === 'string' ? [act.key] : []));

/** Feeds an event to the coach in the line's state and grades what the user would notice. */
export function gradeTurn(line: HeldoutLine, locale: string, event: CoachEvent): Grade {
  const before = coachIn(line, locale);
  const after = runTurn(before.snapshot, event, contextFor(locale));
  const keys = keysOf(after);
  const said = JSON.stringify(after.output.acts);
  const alarm = keys.some((key) => key.startsWith('coach.redFlag'));
  const stopped = alarm && !after.state.startsWith('routine.');
  const where = `${before.state} -> ${after.state} [${keys.join(' ')}]`;
  switch (line.class) {
    case 'emergency': {
      const number = emergencyNumberFor(locale)!;
      return { pass: stopped && said.includes(`"${number}"`), why: `want stopped with ${number}: ${where}` };
    }
    case 'stop':
      return { pass: stopped, why: `want the routine stopped: ${where}` };
    case 'strong_pain': {
      // On a hold the hold goes on, eased; on a set or a roll (no hold) the coach says how to ease off.
      const eased = keys.some((key) => key.startsWith('coach.pain.'));
      return { pass: eased && after.state === before.state, why: `want eased, the step going on: ${where}` };
    }
    case 'mild_pain':
    case 'comfort': {
      const moved =
        after.state !== before.state ||
        after.routine !== before.routine ||
        // A turn with no view (an answer in the wrap-up) leaves the screen where it was.
        (after.view != null && after.view.stepIndex !== before.view?.stepIndex) ||
        after.output.endSession;
      const rated = keys.some((key) => key.startsWith('coach.rating'));
      return { pass: !alarm && !moved && !rated, why: `want nothing changed: ${where}` };
    }
    case 'command':
      return gradeEvent(line, event);
  }
}

/** Passes per class, as "class: passed/total (percent)". */
export function figures(
  results: Array<{ line: HeldoutLine; grade: Grade }>,
): Record<string, { passed: number; total: number }> {
  const out: Record<string, { passed: number; total: number }> = {};
  for (const { line, grade } of results) {
    const entry = (out[line.class] ??= { passed: 0, total: 0 });
    entry.total += 1;
    if (grade.pass) entry.passed += 1;
  }
  return out;
}
