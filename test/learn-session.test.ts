import type { CoachEvent } from '../src/coach/events';
import { markEntry, tensionEntry, type KnotEntry } from '../src/coach/knots';
import {
  beginScan,
  continueScan,
  knotStatus,
  markedTensions,
  markSpot,
  myUsual,
  spotAt,
  usualDoses,
  type LearnContext,
} from '../src/coach/learn-session';
import type { View } from '../src/coach/output';
import { EMPTY_PROFILE, type Profile } from '../src/coach/profile';
import { progressActs } from '../src/coach/progress';
import type { Act } from '../src/speech/acts';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';

const words = (acts: Act[], locale = 'en-US') => renderText(planSpeech(acts, locale));
const day = (n: number) => Date.UTC(2026, 10, 2 + n, 8); // Monday 2 November 2026
const context = (fields: Partial<LearnContext> = {}): LearnContext => ({
  env: { now: day(7), locale: 'en-US', budgetSeconds: 90, emergencyNumber: '911' },
  blocked: [],
  ...fields,
});
const spot = { area: 'neck', side: 'right' as const, step: 'compression' };
/** The right neck knot marked in three sessions, still tender: its hold grows. */
const tenderThrice: KnotEntry[] = [0, 2, 4].flatMap((n) => [
  markEntry(spot, { id: `m${n}`, date: new Date(day(n)).toISOString(), session: `s${n}` }),
  tensionEntry(spot, { before: 7, after: 5 }, { id: `t${n}`, date: new Date(day(n)).toISOString(), session: `s${n}` }),
]);

/** Runs the scan from SCAN through these answers, carrying its facts from turn to turn. */
function scan(answers: CoachEvent[], profile: Profile = EMPTY_PROFILE, start: CoachEvent = { type: 'SCAN' }) {
  let step = beginScan(context(), start, profile);
  const flags = [step.assign.factsNext];
  for (const event of answers) {
    step = continueScan(context(step.assign), event, profile);
    flags.push(step.assign.factsNext);
  }
  return { step, flags };
}

describe('the scan in the session', () => {
  it('composes from the answers and the time, says the learned hold and the known spot, and asks "Shall we?"', () => {
    const { step, flags } = scan(
      [
        { type: 'RATE', value: 7 },
        { type: 'NO' },
        { type: 'NO' },
        { type: 'NO' },
        { type: 'NO' },
        { type: 'RATE', value: 10 },
      ],
      { ...EMPTY_PROFILE, knots: tenderThrice },
    );
    expect(step.next).toBe('confirm');
    expect(step.assign).toMatchObject({ scan: null, factsNext: false });
    expect(step.assign.composed!.steps.map((planned) => planned.id)).toEqual(
      expect.arrayContaining(['neck-compression']),
    );
    expect(words(step.acts)).toMatch(
      /^About .+: .+\. Your right neck knot stayed tender three sessions running, .+: 55 seconds\. .*Your right neck knot from Friday first\. Shall we\?$/,
    );
    // The known spot is worked today: its tension goes in at the ratings, quiet or tender.
    expect(step.assign.marked).toEqual([{ spot, holdSeconds: 55 }]);
    // The runner reads the stored facts for the turns that may end the scan, not the others.
    expect(flags).toEqual([false, false, false, false, true, true, false]);
  });

  it('in one sentence goes straight to "Shall we?"; with nothing to work it goes back to the menu', () => {
    const oneShot = beginScan(
      context(),
      { type: 'COMPOSE', minutes: 5, areas: [{ area: 'calves', side: 'left' }] },
      EMPTY_PROFILE,
    );
    expect(oneShot.next).toBe('confirm');
    expect(words(oneShot.acts, 'en-US')).toMatch(/^About 3 minutes and 30 seconds: .+\. Shall we\?$/);
    const nothing = scan(SCAN_NO);
    expect(nothing.step.next).toBe('choose');
    expect(words(nothing.step.acts)).toMatch(/^Nothing tense right now\?.*Which area shall we work on/);
  });

  it('leaves out what a safety stop blocked this session', () => {
    const step = beginScan(
      context({ blocked: ['neck'] }),
      { type: 'COMPOSE', minutes: 10, areas: [{ area: 'neck' }, { area: 'glutes' }] },
      EMPTY_PROFILE,
    );
    expect(step.assign.composed!.steps.every((planned) => !planned.id?.startsWith('neck'))).toBe(true);
  });
});
const SCAN_NO: CoachEvent[] = [...Array(6)].map(() => ({ type: 'NO' }));

describe('the knot map in the session', () => {
  const view = (fields: Partial<View>): View => ({
    routine: 'neck',
    stepIndex: 1,
    stepId: 'compression',
    stepCount: 4,
    side: 'right',
    holdSeconds: 45,
    unit: 1,
    units: 4,
    text: { routine: { t: '' }, step: { t: '' }, instruction: { t: '' } },
    ...fields,
  });

  it('keeps the spot under way during a hold, of a guide routine or a composed step', () => {
    expect(spotAt(view({}))).toEqual(spot);
    expect(spotAt(view({ routine: 'today-x', stepId: 'calves-compression', side: 'left' }))).toEqual({
      area: 'calves',
      side: 'left',
      step: 'compression',
    });
    expect(spotAt(view({ routine: 'physio-1', stepId: 'my-own-step' }))).toBeNull();
    const marked = markSpot(context(), view({}));
    expect(words(marked.acts)).toBe("Got it, I'll remember this spot.");
    expect(marked.effects).toEqual([{ type: 'knot', entry: expect.objectContaining({ kind: 'mark', spot }) }]);
    expect(markedTensions(context(marked.assign), 7, 3)).toEqual([
      { type: 'knot', entry: expect.objectContaining({ kind: 'tension', spot, before: 7, after: 3, holdSeconds: 45 }) },
    ]);
  });

  it('outside a hold says when to mark, and keeps nothing', () => {
    const marked = markSpot(context(), view({ holdSeconds: null }));
    expect(marked.effects).toEqual([]);
    expect(words(marked.acts, 'de-DE')).toMatch(/genau da/);
  });

  it('answers "how is my neck knot doing" from the map, the area under way when none is said', () => {
    const profile = { ...EMPTY_PROFILE, knots: tenderThrice };
    expect(words(knotStatus({ type: 'KNOT_STATUS', area: 'neck' }, profile, null))).toBe(
      'Your right neck knot is about the same over 3 sessions, 7 then 7: not a real change yet.',
    );
    expect(words(knotStatus({ type: 'KNOT_STATUS' }, profile, null))).toMatch(/^Which knot/);
    expect(words(knotStatus({ type: 'KNOT_STATUS' }, profile, 'calves'))).toMatch(
      /^I don.t know a knot in your calf yet/,
    );
  });

  it('names in the progress summary at most one spot, and only one that changed for real', () => {
    const progress = {
      sessionsThisWeek: 3,
      goal: 'maintenance' as const,
      goalMin: 3,
      goalMax: 5,
      streakDays: 0,
      topRoutines: [],
      averageChange: null,
      bestRoutine: null,
      totalSessions: 6,
      lastRoutine: 'neck',
    };
    const easing = [7, 7, 6, 4, 3, 3].map((before, n) =>
      tensionEntry(
        spot,
        { before, after: before },
        { id: `e${n}`, date: new Date(day(n)).toISOString(), session: `e${n}` },
      ),
    );
    expect(words(progressActs({ ...EMPTY_PROFILE, progress, knots: easing }))).toMatch(
      /Your right neck knot went from 7 to 3 over 6 sessions: a real change\.$/,
    );
    expect(words(progressActs({ ...EMPTY_PROFILE, progress, knots: tenderThrice }))).not.toMatch(/knot/);
  });

  it('"the usual doses" is said and kept', () => {
    const reply = usualDoses(context());
    expect(words(reply.acts)).toBe("Okay, back to the guide's usual doses.");
    expect(reply.effects).toEqual([
      { type: 'knot', entry: { kind: 'usual-doses', date: new Date(day(7)).toISOString() } },
    ]);
  });

  it('"my usual" is never a routine a safety stop blocked this session', () => {
    const recent = [{ routine: 'neck', date: new Date(day(5)).toISOString(), ratingBefore: 6, ratingAfter: 2 }];
    expect(myUsual(context(), { ...EMPTY_PROFILE, recent }).usual).toEqual({ routine: 'neck', why: 'helped' });
    expect(myUsual(context({ blocked: ['neck'] }), { ...EMPTY_PROFILE, recent }).usual).toBeNull();
  });
});
