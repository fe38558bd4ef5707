import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../src/coach/profile';
import { runTurn, type PersistedCoach, type TurnResult } from '../src/coach/turn';
import { catalogue } from '../src/content/load';
import type { Plan } from '../src/plan/schema';
import { renderOutput } from '../src/runtime/render-output';
import { LIMITS } from '../src/speech/limits';

/**
 * One machine per plan: a plan file runs through the same chart as the guide's routines. The
 * guide's five routines written as plan files (content/plans) are coached word for word as the
 * routines are; the linked plan starts on "start my plan", and without one the coach says how to
 * link it.
 */
const START = Date.parse('2026-12-05T09:00:00Z');
const PLANS_DIR = join(__dirname, '..', 'content', 'plans');
const planFile = (name: string): Plan => JSON.parse(readFileSync(join(PLANS_DIR, name), 'utf8')) as Plan;

const profileWith = (plan?: Plan): Profile => ({
  firstSession: false,
  resume: null,
  progress: null,
  persistentPain: null,
  ...(plan ? { plan } : {}),
});

interface Line {
  state: string;
  said: string;
  end: boolean;
}

/** A whole session: the start, then the same answers every time, until the wrap-up's rating ends it. */
function transcript(start: object, profile: Profile, locale: string): Line[] {
  let snapshot: PersistedCoach | null = null;
  let now = START;
  const lines: Line[] = [];
  const say = (event: object): TurnResult => {
    const result = runTurn(snapshot, event, { now, locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds, profile });
    snapshot = result.snapshot;
    const rendered = renderOutput(result.output, locale, 'alexa');
    lines.push({ state: result.state, said: rendered.speech.text, end: result.output.endSession });
    now += 40_000;
    return result;
  };
  say(start);
  say({ type: 'YES' });
  say({ type: 'TIME_LEFT' });
  say({ type: 'PAUSE' });
  say({ type: 'RESUME' });
  for (let turn = 0; turn < 40 && lines.at(-1)!.state.startsWith('routine'); turn += 1) say({ type: 'NEXT' });
  say({ type: 'RATE', value: 3 });
  return lines;
}

const planFiles = readdirSync(PLANS_DIR).filter((name) => name.endsWith('.json'));

describe('the guide routines as plan files', () => {
  it('are all there, one per routine', () => {
    expect(planFiles.map((name) => planFile(name).id).sort()).toEqual([...catalogue().routines.keys()].sort());
  });

  describe.each(['en-US', 'de-DE'])('in %s', (locale) => {
    it.each(planFiles)('%s is coached exactly as its routine', (name) => {
      const plan = planFile(name);
      const asRoutine = transcript({ type: 'START_ROUTINE', routine: plan.id }, profileWith(), locale);
      const asPlan = transcript({ type: 'START_PLAN' }, profileWith(plan), locale);
      expect(asPlan).toEqual(asRoutine);
      expect(asPlan.at(-1)).toMatchObject({ state: 'ended', end: true });
      expect(asPlan.some((line) => line.state.startsWith('routine.'))).toBe(true);
    });
  });
});

describe('start my plan', () => {
  const example = JSON.parse(
    readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'), 'utf8'),
  ) as Plan;

  it('runs the linked plan, its own steps and words included, through to the wrap-up', () => {
    const lines = transcript({ type: 'START_PLAN' }, profileWith(example), 'en-US');
    expect(lines[0]!.state).toBe('equipment');
    expect(lines[0]!.said).toMatch(/neck and chest for desk days/);
    expect(lines.some((line) => /doorway/i.test(line.said))).toBe(true);
    expect(lines.some((line) => line.state === 'routine.doorway-stretch.active')).toBe(true);
    expect(lines.at(-1)!.state).toBe('ended');
  });

  it('says how to link a plan when none is linked, in both languages', () => {
    for (const [locale, words] of [
      ['en-US', /link my plan/],
      ['de-DE', /verknüpfe meinen Plan/],
    ] as const) {
      const result = runTurn(
        null,
        { type: 'START_PLAN' },
        { now: START, locale, budgetSeconds: 240, profile: profileWith() },
      );
      expect(renderOutput(result.output, locale, 'alexa').speech.text).toMatch(words);
      expect(result.state).toBe('choose');
    }
  });

  it('carries the plan in the snapshot, so the next turn (another process) rebuilds its machine', () => {
    const first = runTurn(
      null,
      { type: 'START_PLAN' },
      { now: START, locale: 'en-US', budgetSeconds: 240, profile: profileWith(example) },
    );
    expect(first.snapshot.p).toEqual({ plan: example });
    // The next turn has no profile plan: the snapshot alone names the machine.
    const next = runTurn(first.snapshot, { type: 'YES' }, { now: START + 20_000, locale: 'en-US', budgetSeconds: 240 });
    expect(next.recovered).toBe(false);
    expect(next.state).toBe('routine.warm-up.active');
    const after = runTurn(
      next.snapshot,
      { type: 'NEXT' },
      { now: START + 90_000, locale: 'en-US', budgetSeconds: 240 },
    );
    expect(after.state).toBe('routine.compression.active');
  });

  it('refuses a plan in a snapshot that breaks the guide (a forged dose): a spoken fresh start', () => {
    const first = runTurn(
      null,
      { type: 'START_PLAN' },
      { now: START, locale: 'en-US', budgetSeconds: 240, profile: profileWith(example) },
    );
    const forged = structuredClone(first.snapshot) as PersistedCoach & { p: { plan: Plan } };
    const step = forged.p.plan.steps[1] as { dose?: { seconds: number } };
    step.dose!.seconds = 400;
    const next = runTurn(forged, { type: 'YES' }, { now: START + 20_000, locale: 'en-US', budgetSeconds: 240 });
    expect(next.recovered).toBe(true);
    expect(next.state).not.toMatch(/^routine/);
    expect(renderOutput(next.output, 'en-US', 'alexa').speech.text).toMatch(/^Sorry, I lost track/);
  });
});
