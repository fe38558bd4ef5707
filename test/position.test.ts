import { positionAt, type Played } from '../src/coach/position';
import { plannedSeconds } from '../src/coach/length';
import { planPointOf, secondsLeftInPlan } from '../src/coach/time-left';
import { loadCatalogue } from '../src/content/load';

const neck = loadCatalogue().routines.get('neck')!;
const AT = Date.UTC(2026, 10, 25, 8);
/** A response that said 5 s of words, held the right side 45 s, the left side 45 s, and ended at 100 s. */
const played: Played = {
  step: 1,
  from: 0,
  to: 2,
  at: AT,
  end: 100,
  spans: [
    [0, 5, 50],
    [1, 52, 97],
  ],
};
const after = (seconds: number) => AT + seconds * 1000;

describe('positionAt: where the user is while a response plays', () => {
  it('is inside the first hold, with what is left of it', () => {
    expect(positionAt(played, after(20))).toEqual({ step: 1, unit: 0, remaining: 30, inProgress: true });
  });

  it('counts the words before a hold as its set-up, with the whole hold left after them', () => {
    expect(positionAt(played, after(2))).toEqual({ step: 1, unit: 0, remaining: 45, inProgress: true, setUpLeft: 3 });
  });

  it('moves to the second hold once the first has ended', () => {
    expect(positionAt(played, after(60))).toEqual({ step: 1, unit: 1, remaining: 37, inProgress: true });
  });

  it('counts the last second of a response as finished, at the last unit played', () => {
    expect(positionAt(played, after(99.5))).toEqual({ step: 1, unit: 1, remaining: 0, inProgress: false });
    expect(positionAt(played, after(500))).toEqual({ step: 1, unit: 1, remaining: 0, inProgress: false });
  });
});

describe('secondsLeftInPlan: what is left of a routine, from the plan that announces its length', () => {
  const plan = (from: number, fromUnit = 0) => plannedSeconds(neck, 'en-US', {}, { from, fromUnit });

  it('is the announced length from the top, before anything plays', () => {
    const at = planPointOf({ step: 0, unit: 0, remaining: 0, inProgress: false }, 0);
    expect(secondsLeftInPlan(neck, 'en-US', at, {})).toBe(plannedSeconds(neck, 'en-US'));
  });

  it('counts what is left of the hold under way, then the rest of the plan after it', () => {
    const at = planPointOf({ step: 1, unit: 0, remaining: 10, inProgress: true }, 1);
    expect(secondsLeftInPlan(neck, 'en-US', at, {})).toBe(10 + plan(1, 1));
    // The left side's 45 s hold and the later steps are in it, with their speech.
    expect(plan(1, 1)).toBeGreaterThan(45 + 30 + 15);
  });

  it('counts the set-up window still ahead of a hold, and the whole hold after it', () => {
    const at = planPointOf({ step: 1, unit: 0, remaining: 45, inProgress: true, setUpLeft: 12 }, 1);
    expect(secondsLeftInPlan(neck, 'en-US', at, {})).toBe(12 + 45 + plan(1, 1));
  });
});
