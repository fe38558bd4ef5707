import { composeSession } from '../src/coach/compose';
import type { CoachEvent } from '../src/coach/events';
import { changedSpotAct, knownFirstAct, markDraft, tensionDrafts } from '../src/coach/knot-dialogue';
import { knotMap, markEntry, tensionEntry, type KnotEntry, type Spot } from '../src/coach/knots';
import { usualActs, usualRoutine } from '../src/coach/my-usual';
import { answerScan, oneShotScan, scanSeconds, startScan, SCAN_AREAS, type ScanReply } from '../src/coach/scan';
import { loadCatalogue } from '../src/content/load';
import type { Act } from '../src/speech/acts';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';

const catalogue = loadCatalogue();
const words = (acts: Act[], locale = 'en-US') => renderText(planSpeech(acts, locale));
const day = (n: number) => Date.UTC(2026, 10, 2 + n, 8); // 2 Nov 2026 is a Monday

/** Walks the scan with these answers, one per turn, from its start. */
function walk(events: CoachEvent[], minutes: number | null = null): { replies: ScanReply[]; last: ScanReply } {
  const replies = [startScan(minutes)];
  for (const event of events) replies.push(answerScan(replies.at(-1)!.progress, event));
  return { replies, last: replies.at(-1)! };
}

describe('the spoken body scan', () => {
  it('names the areas one by one, eyes closed, then asks the time', () => {
    const { replies } = walk([{ type: 'NO' }, { type: 'NO' }, { type: 'NO' }, { type: 'NO' }, { type: 'NO' }]);
    expect(replies.map((reply) => words(reply.acts))).toEqual([
      expect.stringMatching(/Close your eyes.*Neck\?$/),
      'Between the shoulder blades?',
      'Lower back?',
      'Hips?',
      'Calves?',
      'And how many minutes do you have?',
    ]);
    expect(words(replies[0]!.acts, 'de-DE')).toMatch(/Schließ die Augen.*Nacken\?$/);
  });

  it('takes yes, a number, a side, no and silence, and the minutes said', () => {
    const { last } = walk([
      { type: 'YES' },
      { type: 'RATE', value: 7 },
      { type: 'SILENCE' },
      { type: 'RATE', value: 0 },
      { type: 'COMPOSE', areas: [{ area: 'calves', side: 'left' }] },
      { type: 'SHORT_ON_TIME', minutes: 10 },
    ]);
    expect(last.done).toBe(true);
    expect(last.progress.answers).toEqual([
      { area: 'neck', tension: null },
      { area: 'shoulders', tension: 7 },
      { area: 'calves', side: 'left' },
    ]);
    expect(scanSeconds(last.progress)).toBe(600);
  });

  it('does not ask the time again when it was said first, and ends after the last area', () => {
    const { last } = walk([{ type: 'NO' }, { type: 'YES' }, { type: 'NO' }, { type: 'NO' }, { type: 'NO' }], 5);
    expect(last).toMatchObject({ done: true, acts: [] });
    expect(scanSeconds(last.progress)).toBe(300);
  });

  it('keeps the time said in the middle of it and asks the same area again', () => {
    const reply = answerScan(startScan().progress, { type: 'SHORT_ON_TIME', minutes: 8 });
    expect(words(reply.acts)).toBe('Okay, noted. Neck?');
    expect(reply.progress).toMatchObject({ at: 0, minutes: 8 });
  });

  it('answers what it cannot use with how to answer, and goes back on "previous"', () => {
    const first = answerScan(startScan().progress, { type: 'RATE', value: 14 });
    expect(words(first.acts)).toBe('A number from 0 to 10, please. Neck?');
    const second = answerScan(answerScan(first.progress, { type: 'YES' }).progress, { type: 'PREVIOUS' });
    expect(second.progress).toMatchObject({ at: 0, answers: [] });
    expect(words(answerScan(first.progress, { type: 'FALLBACK' }).acts, 'de-DE')).toBe(
      'Sag ja, eine Zahl, links oder rechts, oder nein. Nacken?',
    );
  });

  it('takes "no rush" as no limit but the four steps, and a bare number as minutes', () => {
    const fiveNo = SCAN_AREAS.map((): CoachEvent => ({ type: 'NO' }));
    expect(walk([...fiveNo, { type: 'NO' }]).last.progress).toMatchObject({ untimed: true, minutes: null });
    expect(walk([...fiveNo, { type: 'RATE', value: 12 }]).last.progress.minutes).toBe(12);
    const hint = walk([...fiveNo, { type: 'HELP' }]).last;
    expect(hint.done).toBe(false);
    expect(words(hint.acts)).toMatch(/^Say a number of minutes/);
  });

  it('in one sentence skips the questions; without minutes it asks only the time', () => {
    const areas = [{ area: 'neck' }, { area: 'calves', side: 'left' as const }, { area: 'elbow' }];
    expect(oneShotScan(areas, 10)).toMatchObject({
      done: true,
      progress: {
        answers: [
          { area: 'neck', side: null },
          { area: 'calves', side: 'left' },
        ],
      },
    });
    expect(words(oneShotScan(areas, null).acts)).toBe('And how many minutes do you have?');
  });

  it('composes a session that fits the time said, at most four steps, only the areas named', () => {
    const { last } = walk([
      { type: 'RATE', value: 6 },
      { type: 'NO' },
      { type: 'NO' },
      { type: 'NO' },
      { type: 'YES' },
      { type: 'SHORT_ON_TIME', minutes: 6 },
    ]);
    const result = composeSession(catalogue, {
      answers: last.progress.answers,
      seconds: scanSeconds(last.progress),
      locale: 'en-US',
    });
    expect(result.ok && result.seconds).toBeLessThanOrEqual(360);
    expect(result.ok && result.compiled.routine.steps.length).toBeLessThanOrEqual(4);
    // The neck is tenser and goes first; the calves' steps would make five: "next time".
    expect(result.ok && result.areas).toEqual(['neck']);
    expect(result.leftOut).toEqual([{ area: 'calves', why: 'too-many-steps' }]);
  });
});

describe('the knot map in the dialogue', () => {
  const spot = { area: 'neck', side: 'right' as const, step: 'compression' };
  const at = (n: number, id = `k${n}`) => ({ id, date: new Date(day(n)).toISOString(), session: `s${n}` });

  it('keeps a marked spot and its ratings as drafts, never words', () => {
    expect(markDraft(spot, day(0))).toEqual({ kind: 'mark', date: new Date(day(0)).toISOString(), spot });
    expect(tensionDrafts([{ spot, holdSeconds: 45 }], { before: 7, after: 4 }, day(0))).toEqual([
      { kind: 'tension', date: new Date(day(0)).toISOString(), spot, before: 7, after: 4, holdSeconds: 45 },
    ]);
    expect(tensionDrafts([{ spot, holdSeconds: 45 }], { before: null, after: null }, day(0))).toEqual([]);
  });

  it('names the known spot first, with the weekday it was met', () => {
    const map = knotMap([markEntry(spot, at(1))]); // a Tuesday
    const steps = [
      { area: 'neck', step: 'warm-up' },
      { area: 'neck', step: 'compression' },
    ];
    expect(words([knownFirstAct(map, steps, day(3))!])).toBe('Your right neck knot from Tuesday first.');
    expect(words([knownFirstAct(map, steps, day(3))!], 'de-DE')).toBe(
      'Zuerst dein Knoten rechts im Nacken von Dienstag.',
    );
    expect(words([knownFirstAct(map, steps, day(20))!])).toBe('Your right neck knot from last time first.');
    expect(knownFirstAct(map, [{ area: 'calves', step: 'compression' }], day(3))).toBeNull();
  });

  it('names at most one spot in progress, and only a real change', () => {
    const tensions = (values: number[], which: Spot = spot): KnotEntry[] =>
      values.map((before, n) => tensionEntry(which, { before, after: before }, at(n, `${which.area}${n}`)));
    expect(changedSpotAct(knotMap(tensions([6, 5, 5])))).toBeNull();
    const calf = { area: 'calves', side: 'left' as const, step: 'compression' };
    const act = changedSpotAct(knotMap([...tensions([8, 7, 4, 3]), ...tensions([6, 6, 4, 3], calf)]));
    expect(words([act!])).toBe('Your right neck knot went from 8 to 4 over 4 sessions: a real change.');
  });
});

describe('my usual', () => {
  const entry = (routine: string, n: number, before?: number, after?: number) => ({
    routine,
    date: new Date(day(n)).toISOString(),
    ...(before !== undefined ? { ratingBefore: before, ratingAfter: after } : {}),
  });

  it('is the recent routine with the best tension drop, else the most frequent', () => {
    const journal = [entry('neck', 1, 6, 5), entry('calves-hamstrings', 2, 7, 3), entry('neck', 3), entry('neck', 4)];
    expect(usualRoutine(catalogue, journal, day(5))).toEqual({ routine: 'calves-hamstrings', why: 'helped' });
    expect(
      usualRoutine(
        catalogue,
        journal.map(({ routine, date }) => ({ routine, date })),
        day(5),
      ),
    ).toEqual({
      routine: 'neck',
      why: 'frequent',
    });
    // Sessions older than four weeks, or composed ones the guide does not know, are not "usual".
    expect(usualRoutine(catalogue, [entry('neck', 1, 8, 2), entry('today-x1', 2)], day(40))).toBeNull();
  });

  it('says which and why, or how to find one', () => {
    expect(words(usualActs({ routine: 'neck', why: 'helped' }))).toMatch(/^Your usual: .+, it has helped you most\.$/);
    expect(words(usualActs(null), 'de-DE')).toMatch(/^Dein Übliches kenne ich noch nicht/);
  });
});
