import fc from 'fast-check';
import { loadCatalogue } from '../src/content/load';
import { unitActs, unitsOf } from '../src/coach/units';
import { LIMITS } from '../src/speech/limits';
import { planSpeech } from '../src/speech/plan';
import { renderSsml } from '../src/speech/render';
import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { propertyRuns } from './helpers/property';

const catalogue = loadCatalogue();
const LOCALES = ['en-US', 'de-DE'];

describe('honest timing', () => {
  for (const locale of LOCALES) {
    it(`lasts each hold of every routine to within a second, cues included (${locale})`, () => {
      let holds = 0;
      for (const routine of catalogue.routines.values()) {
        routine.steps.forEach((step, stepIndex) => {
          const range = step.dose.type === 'hold' && typeof step.dose.seconds === 'object' ? step.dose.seconds : null;
          const lengths = range ? [range.min, range.default, range.max] : [undefined];
          for (const override of lengths) {
            for (const unit of unitsOf(step, override)) {
              const acts = unitActs(routine, stepIndex, unit, { opening: true, gentle: true, gentlePercent: 20 });
              const plan = planSpeech(acts, locale);
              const span = plan.holds.find((h) => h.unit === unit.index)!;
              expect(span).toBeDefined();
              expect(Math.abs(span.end - span.start - unit.seconds)).toBeLessThanOrEqual(1);
              holds += 1;
            }
          }
        });
      }
      expect(holds).toBeGreaterThan(25);
    });
  }

  it('times any hold from 1 s to 10 min within a second, in both locales', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.constantFrom(...LOCALES), (seconds, locale) => {
        const plan = planSpeech([{ type: 'hold', seconds, unit: 0 }], locale);
        return Math.abs(plan.seconds - seconds) <= 1 && plan.segments.every((s) => s.seconds >= 0);
      }),
      propertyRuns(100),
    );
  });

  it('speaks sparse cues inside a 45 s hold: thirty seconds left, then a countdown', () => {
    const plan = planSpeech([{ type: 'hold', seconds: 45, unit: 0 }], 'en-US');
    const words = plan.segments.filter((s) => s.kind === 'speech').map((s) => (s as { text: string }).text);
    expect(words).toEqual(['Breathe slowly.', '30 seconds left.', 'Five…', 'Four…', 'Three…', 'Two…', 'One…']);
    // The countdown is one number a second, ending exactly at the hold's end.
    let clock = 0;
    const starts: Record<string, number> = {};
    for (const segment of plan.segments) {
      if (segment.kind === 'speech') starts[segment.text] = clock;
      clock += segment.seconds;
    }
    expect(starts['30 seconds left.']).toBeCloseTo(15, 5);
    expect(starts['Five…']).toBeCloseTo(40, 5);
    expect(starts['One…']).toBeCloseTo(44, 5);
  });

  it('counts repetitions at a steady pace: 10 reps at 4 s last 40 s', () => {
    const plan = planSpeech([{ type: 'count', count: 10, paceSeconds: 4, unit: 0 }], 'de-DE');
    expect(plan.seconds).toBeCloseTo(40, 1);
    expect(plan.segments.filter((s) => s.kind === 'speech').map((s) => (s as { text: string }).text)[2]).toBe('Drei.');
  });

  it('never writes an SSML break longer than the platform allows', () => {
    for (const platform of Object.values(LIMITS)) {
      const ssml = renderSsml(planSpeech([{ type: 'hold', seconds: 120, unit: 0 }], 'en-US'), platform);
      const breaks = [...ssml.matchAll(/<break time="(\d+)ms"\/>/g)].map((m) => Number(m[1]));
      expect(Math.max(...breaks)).toBeLessThanOrEqual(platform.maxBreakSeconds * 1000);
      expect(breaks.reduce((a, b) => a + b, 0) / 1000).toBeGreaterThan(110);
    }
  });

  it('escapes text in SSML', () => {
    const ssml = renderSsml(
      { segments: [{ kind: 'speech', text: 'Tom & Jerry <3', seconds: 1 }], seconds: 1, holds: [] },
      LIMITS.alexa,
    );
    expect(ssml).toBe('<speak>Tom &amp; Jerry &lt;3</speak>');
  });
});

describe('long steps are split into turns, never cut', () => {
  const start = Date.UTC(2026, 10, 25, 9);
  const drive = (events: object[], locale = 'en-US') => {
    let snapshot: PersistedCoach | null = null;
    let now = start;
    const turns = [];
    for (const event of events) {
      const result = runTurn(snapshot, event, { now, locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
      snapshot = result.snapshot;
      const seconds = planSpeech(result.output.acts, locale).seconds;
      turns.push({ result, seconds });
      now += seconds * 1000 + 1000;
    }
    return turns;
  };

  it('plays both 60 s sides of the wall release in one response inside the 240 s budget', () => {
    const turns = drive([{ type: 'START_ROUTINE', routine: 'shoulders-chest' }, { type: 'YES' }, { type: 'NEXT' }]);
    const wall = turns[2]!;
    expect(
      wall.result.output.acts.filter((a) => a.type === 'hold').map((a) => (a as { seconds: number }).seconds),
    ).toEqual([60, 60]);
    expect(wall.seconds).toBeLessThanOrEqual(LIMITS.alexa.maxResponseSeconds);
  });

  it('says "longer" inside a hold: that hold grows at once, and 2 × 2 minutes split at the side', () => {
    let snapshot: PersistedCoach | null = null;
    const at = (event: object, now: number) => {
      const result = runTurn(snapshot, event, { now, locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds });
      snapshot = result.snapshot;
      return { result, seconds: planSpeech(result.output.acts, 'en-US').seconds };
    };
    at({ type: 'START_ROUTINE', routine: 'shoulders-chest' }, start);
    at({ type: 'YES' }, start + 10_000);
    const wallStart = start + 120_000;
    const wall = at({ type: 'NEXT' }, wallStart);
    expect(wall.result.view).toMatchObject({ stepId: 'wall-release', side: 'right', holdSeconds: 60 });
    // 20 s into the response the user is inside the right-side hold.
    const first = at({ type: 'ADJUST', direction: 'longer' }, wallStart + 20_000);
    expect(first.result.output.acts[0]).toEqual({
      type: 'say',
      key: 'coach.adjust.longer',
      params: { duration: { seconds: 90 } },
    });
    const second = at({ type: 'ADJUST', direction: 'longer' }, wallStart + 25_000);
    const holds = second.result.output.acts
      .filter((a) => a.type === 'hold')
      .map((a) => (a as { seconds: number }).seconds);
    expect(second.seconds).toBeLessThanOrEqual(LIMITS.alexa.maxResponseSeconds);
    expect(holds).toHaveLength(1);
    // Grown to 120 s at once, less what has run (the first answer's speech included: the person
    // stays in position while the coach talks); a hold that had not grown would have under 60 s.
    expect(holds[0]).toBeGreaterThan(90);
    // The turn ends with the left side's set-up, then "say ready": the clock starts when the user is on it.
    expect(second.result.output.acts.slice(-2)).toEqual([
      { type: 'say', key: 'routine.shoulders-chest.step.wall-release.switch' },
      { type: 'say', key: 'coach.ask.ready' },
    ]);
    const third = at({ type: 'ADJUST', direction: 'longer' }, wallStart + 30_000);
    expect(third.result.output.acts[0]).toMatchObject({ key: 'coach.adjust.atMost' });
    const left = at({ type: 'YES' }, wallStart + 30_000 + third.seconds * 1000 + 1000);
    expect(left.result.view).toMatchObject({ stepId: 'wall-release', side: 'left', holdSeconds: 120 });
    expect(
      left.result.output.acts.filter((a) => a.type === 'hold').map((a) => (a as { seconds: number }).seconds),
    ).toEqual([120]);
  });

  it('keeps a fixed hold fixed when asked for longer', () => {
    const turns = drive([
      { type: 'START_ROUTINE', routine: 'neck' },
      { type: 'YES' },
      { type: 'ADJUST', direction: 'longer' },
    ]);
    expect(turns[2]!.result.output.acts[0]).toEqual({
      type: 'say',
      key: 'coach.adjust.fixed',
      params: { duration: { seconds: 30 } },
    });
  });
});
