import { positionAt, secondsLeft, type Played } from '../src/coach/position';
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

  it('counts the words before a hold as part of it, with the whole hold left', () => {
    expect(positionAt(played, after(2))).toEqual({ step: 1, unit: 0, remaining: 45, inProgress: true });
  });

  it('moves to the second hold once the first has ended', () => {
    expect(positionAt(played, after(60))).toEqual({ step: 1, unit: 1, remaining: 37, inProgress: true });
  });

  it('counts the last second of a response as finished, at the last unit played', () => {
    expect(positionAt(played, after(99.5))).toEqual({ step: 1, unit: 1, remaining: 0, inProgress: false });
    expect(positionAt(played, after(500))).toEqual({ step: 1, unit: 1, remaining: 0, inProgress: false });
  });
});

describe('secondsLeft: what is left of a routine from a position', () => {
  it('counts the rest of the hold, the units after it, and the later steps', () => {
    // Compression left side (45) + stretch 2 x 15 + finisher 15, plus 10 s left of the right side.
    expect(secondsLeft(neck, { step: 1, unit: 0, remaining: 10, inProgress: true }, {})).toBe(10 + 45 + 30 + 15);
  });

  it('is the whole routine from the top, before anything plays', () => {
    expect(secondsLeft(neck, { step: 0, unit: -1, remaining: 0, inProgress: false }, {})).toBe(30 + 90 + 30 + 15);
  });
});
