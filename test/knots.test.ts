import { loadCatalogue } from '../src/content/load';
import { knotReportActs } from '../src/coach/knot-talk';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import {
  isGuideSpot,
  isRealChange,
  knotMap,
  markEntry,
  spotsOf,
  tensionEntry,
  trendOf,
  usualDosesSince,
  type KnotEntry,
  type Spot,
} from '../src/coach/knots';

const catalogue = loadCatalogue();
const rightTrap: Spot = { area: 'neck', side: 'right', step: 'compression' };
const leftCalf: Spot = { area: 'calves', side: 'left', step: 'foam-roller' };
const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n, 8)).toISOString();
const at = (n: number, suffix = '') => ({ id: `e${n}${suffix}`, date: day(n), session: `s${n}` });

/** One session a day on the spot: tension before/after, e.g. "7/5 6/4". */
const sessions = (spot: Spot, ratings: string): KnotEntry[] =>
  ratings.split(' ').map((pair, n) => {
    const [before, after] = pair.split('/').map(Number);
    return tensionEntry(spot, { before, after }, at(n, spotKeyish(spot)));
  });
const spotKeyish = (spot: Spot) => `-${spot.area}-${spot.side}`;

describe('a spot', () => {
  it('is an area, a side and a step of the guide, and nothing else', () => {
    expect(isGuideSpot(catalogue, rightTrap)).toBe(true);
    expect(isGuideSpot(catalogue, { area: 'neck', side: null, step: 'stretch-release' })).toBe(true);
    // The neck's compression is done on both sides: a spot on it has one.
    expect(isGuideSpot(catalogue, { area: 'neck', side: null, step: 'compression' })).toBe(false);
    expect(isGuideSpot(catalogue, { area: 'neck', side: 'left', step: 'stretch-release' })).toBe(false);
    expect(isGuideSpot(catalogue, { area: 'neck', side: 'left', step: 'wall-release' })).toBe(false);
    expect(isGuideSpot(catalogue, { area: 'knee', side: 'left', step: 'compression' })).toBe(false);
  });

  it('keeps no words and no rating outside 0–10', () => {
    const entry = tensionEntry(rightTrap, { before: 11, after: -1 }, at(0));
    expect(entry).toEqual({ ...at(0), kind: 'tension', spot: rightTrap, before: null, after: null });
  });
});

describe('the knot map', () => {
  it('gathers a mark and the tensions of one session into one visit per spot', () => {
    const map = knotMap([
      tensionEntry(rightTrap, { before: 7, after: 4, holdSeconds: 45 }, at(0, 't')),
      markEntry(rightTrap, at(0, 'm')),
      markEntry(leftCalf, at(1, 'm')),
      // The same entry again (a retried write) counts once.
      markEntry(leftCalf, at(1, 'm')),
    ]);
    expect(map).toEqual([
      {
        spot: rightTrap,
        visits: [{ session: 's0', date: day(0), marked: true, before: 7, after: 4, holdSeconds: 45 }],
      },
      {
        spot: leftCalf,
        visits: [{ session: 's1', date: day(1), marked: true, before: null, after: null, holdSeconds: null }],
      },
    ]);
  });

  it('lists the known spots of an area, the latest first', () => {
    const leftTrap: Spot = { ...rightTrap, side: 'left' };
    const map = knotMap([markEntry(rightTrap, at(1)), markEntry(leftTrap, at(3)), markEntry(leftCalf, at(4))]);
    expect(spotsOf(map, 'neck').map((known) => known.spot)).toEqual([leftTrap, rightTrap]);
    expect(spotsOf(map, 'back')).toEqual([]);
  });

  it('knows when the usual doses were asked for last', () => {
    const entries: KnotEntry[] = [
      { ...at(2), kind: 'usual-doses' },
      markEntry(rightTrap, at(3)),
      { ...at(5), kind: 'usual-doses' },
    ];
    expect(usualDosesSince(entries)).toBe(day(5));
    expect(usualDosesSince([markEntry(rightTrap, at(3))])).toBeNull();
  });
});

describe('a real change', () => {
  it('is at least 2 points and at least 30% of where it started', () => {
    expect(isRealChange(6, 4)).toBe(true);
    expect(isRealChange(6, 5)).toBe(false);
    // 2 points of 7 is 29%: not yet real.
    expect(isRealChange(7, 5)).toBe(false);
    // 2 points of 8 is 25%: not yet real.
    expect(isRealChange(8, 6)).toBe(false);
    expect(isRealChange(8, 5)).toBe(true);
    expect(isRealChange(3, 5)).toBe(true);
  });
});

describe('a spot trend', () => {
  it('says nothing from fewer than three rated sessions', () => {
    const [known] = knotMap(sessions(rightTrap, '8/3 2/1'));
    expect(trendOf(known!)).toEqual({ kind: 'too-few', sessions: 2 });
  });

  it('calls a fall from 7 to 3 over the weeks better', () => {
    const [known] = knotMap(sessions(rightTrap, '7/5 7/5 6/4 4/3 3/2 3/2'));
    expect(trendOf(known!)).toEqual({ kind: 'better', from: 6.7, to: 3.3, sessions: 6, since: day(0) });
  });

  it('calls a small drift the same, and a rise worse', () => {
    const [small] = knotMap(sessions(rightTrap, '6/4 6/4 5/4 5/4'));
    expect(trendOf(small!).kind).toBe('same');
    const [rise] = knotMap(sessions(leftCalf, '3/2 4/3 6/5'));
    expect(trendOf(rise!)).toMatchObject({ kind: 'worse', from: 3, to: 6 });
  });
});

describe('"how is my neck knot doing"', () => {
  const report = (entries: KnotEntry[], locale = 'en-US', area = 'neck') =>
    renderText(planSpeech(knotReportActs(knotMap(entries), area), locale));

  it('answers from the map, calling a change real only at 2 points and 30% over three sessions', () => {
    expect(report(sessions(rightTrap, '7/5 7/5 6/4 4/3 3/2 3/2'))).toBe(
      'Your right neck knot went from 7 to 3 over 6 sessions: a real change.',
    );
    expect(report(sessions(rightTrap, '6/4 6/4 5/4 5/4'))).toBe(
      'Your right neck knot is about the same over 4 sessions, 6 then 5: not a real change yet.',
    );
    expect(report(sessions(rightTrap, '8/3'))).toBe(
      'Your right neck knot: one session so far, too few to tell a trend.',
    );
    expect(report(sessions(rightTrap, '7/5 7/5 6/4 4/3 3/2 3/2'), 'de-DE')).toBe(
      'Dein Knoten rechts im Nacken ging in 6 Einheiten von 7 auf 3: eine echte Veränderung.',
    );
  });

  it('says how to mark a spot when it knows none in the area', () => {
    expect(report(sessions(leftCalf, '7/5'))).toBe(
      "I don't know a knot in your neck yet. During a hold, say \"that's the spot\", and I'll remember it.",
    );
  });
});
