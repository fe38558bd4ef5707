import { loadCatalogue } from '../src/content/load';
import type { Visit } from '../src/coach/knots';
import { learnableRange, learnedDose, usualDosesAct } from '../src/coach/learned-dose';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import type { Act } from '../src/speech/acts';

const catalogue = loadCatalogue();
const stepOf = (routine: string, step: string) =>
  catalogue.routines.get(routine)!.steps.find((candidate) => candidate.id === step)!;
const rangeOf = (routine: string, step: string) => learnableRange(catalogue, stepOf(routine, step));
const words = (act: Act | null, locale = 'en-US') => (act ? renderText(planSpeech([act], locale)) : null);

const visit = (n: number, fields: Partial<Visit>): Visit => ({
  session: `s${n}`,
  date: new Date(Date.UTC(2026, 10, 1 + n)).toISOString(),
  marked: false,
  before: null,
  after: null,
  holdSeconds: null,
  ...fields,
});
const tender = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => visit(from + i, { marked: true, before: 6, after: 5 }));
const quiet = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => visit(from + i, { before: 2, after: 1 }));
const rightNeck = { area: 'neck', side: 'right' as const };

describe('where a dose may learn', () => {
  it('uses the guide ranges: compression 30–60 s, ball 30–45 s, the roller pause 20–30 s', () => {
    expect(rangeOf('neck', 'compression')).toEqual({ kind: 'hold', min: 30, max: 60, usual: 45, step: 10 });
    expect(rangeOf('glutes-piriformis', 'ball-release')).toEqual({
      kind: 'hold',
      min: 30,
      max: 45,
      usual: 45,
      step: 5,
    });
    expect(rangeOf('calves-hamstrings', 'foam-roller')).toEqual({
      kind: 'pause',
      min: 20,
      max: 30,
      usual: 20,
      step: 5,
    });
  });

  it('keeps a step its own range where the guide gives one, and its own dose inside the range', () => {
    // "1–2 minutes per side"
    expect(rangeOf('shoulders-chest', 'wall-release')).toEqual({
      kind: 'hold',
      min: 60,
      max: 120,
      usual: 60,
      step: 30,
    });
    // "1 minute each side" of ball: more than the technique's 45 s, so the range reaches it.
    expect(rangeOf('mid-lower-back', 'floor-release')).toMatchObject({ min: 30, max: 60, usual: 60 });
  });

  it('never changes counts, stretches, warm-ups or finishers', () => {
    expect(rangeOf('calves-hamstrings', 'warm-up')).toBeNull();
    expect(rangeOf('neck', 'warm-up')).toBeNull();
    expect(rangeOf('neck', 'finisher')).toBeNull();
    expect(rangeOf('glutes-piriformis', 'finisher')).toBeNull();
    expect(rangeOf('neck', 'stretch-release')).toBeNull();
    expect(rangeOf('calves-hamstrings', 'stretch-release')).toBeNull();
  });
});

describe('the learning dose', () => {
  const compression = rangeOf('neck', 'compression')!;

  it('keeps the guide dose for a new spot, and says nothing', () => {
    expect(learnedDose(compression, [], rightNeck)).toEqual({
      kind: 'hold',
      seconds: 45,
      usual: 45,
      change: null,
      act: null,
    });
  });

  it('holds longer where the spot stayed tender three sessions running, and says why', () => {
    expect(learnedDose(compression, tender(2), rightNeck).seconds).toBe(45);
    const dose = learnedDose(compression, tender(3), rightNeck);
    expect(dose).toMatchObject({ seconds: 55, change: 'longer' });
    expect(words(dose.act)).toMatch(/^Your right neck knot stayed tender three sessions running, .*55 seconds\.$/);
    expect(words(dose.act, 'de-DE')).toMatch(/^Dein Knoten rechts im Nacken war dreimal hintereinander empfindlich/);
  });

  it('grows no further than the guide allows, however long it stays tender', () => {
    expect(learnedDose(compression, tender(6), rightNeck).seconds).toBe(60);
    expect(learnedDose(compression, tender(30), rightNeck).seconds).toBe(60);
  });

  it('starts the count again after a session that was not tender', () => {
    const broken = [...tender(2), visit(2, { before: 3, after: 3 }), ...tender(2, 3)];
    expect(learnedDose(compression, broken, rightNeck).seconds).toBe(45);
  });

  it('shortens where the spot has been quiet, down to the bottom of the range', () => {
    const dose = learnedDose(compression, quiet(2), rightNeck);
    expect(dose).toMatchObject({ seconds: 35, change: 'shorter' });
    expect(words(dose.act)).toMatch(/quiet lately.*35 seconds\.$/);
    expect(learnedDose(compression, quiet(12), rightNeck).seconds).toBe(30);
  });

  it('leaves out the roller pause on a quiet spot, and lengthens it on a tender one', () => {
    const roller = rangeOf('calves-hamstrings', 'foam-roller')!;
    const calf = { area: 'calves', side: 'left' as const };
    expect(learnedDose(roller, quiet(2), calf)).toMatchObject({ kind: 'pause', seconds: 0, change: 'shorter' });
    expect(words(learnedDose(roller, quiet(2), calf).act)).toBe(
      'Your left calf knot has been quiet lately, so today just roll through it.',
    );
    expect(learnedDose(roller, tender(3), calf)).toMatchObject({ seconds: 25, change: 'longer' });
  });

  it('counts both sides of a step in one session as one session: the tender side decides', () => {
    const both = [0, 1, 2].flatMap((n) => [
      visit(n, { before: 1, after: 1 }),
      { ...visit(n, { marked: true, before: 6, after: 5 }), date: visit(n, {}).date.replace('T00', 'T01') },
    ]);
    expect(learnedDose(compression, both, { area: 'neck', side: null }).seconds).toBe(55);
  });

  it('grows nothing once a caution was heard', () => {
    expect(learnedDose(compression, tender(6), rightNeck, { noLonger: true })).toMatchObject({
      seconds: 45,
      change: null,
    });
  });

  it('says in one sentence that the usual doses are back', () => {
    expect(words(usualDosesAct())).toBe("Okay, back to the guide's usual doses.");
    expect(words(usualDosesAct(), 'de-DE')).toBe('Gut, wieder die üblichen Dosierungen aus dem Ratgeber.');
  });
});
