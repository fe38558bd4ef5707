import { say, type Act } from '../speech/acts';
import { spotParam } from './knot-talk';
import { spotsOf, trendOf, type KnotEntry, type KnownSpot, type Spot } from './knots';

/**
 * The knot map in the dialogue: what is kept when the person says "that's the spot", and the
 * sentences that bring known spots back ("your right neck knot from Tuesday first") and name a
 * spot that changed for real in the progress summary. Pure: entries are drafts the runner stores.
 */

/** A knot entry as the dialogue asks for it: the runner gives it its id and the session it belongs to. */
export type KnotDraft = KnotEntry extends infer Entry
  ? Entry extends KnotEntry
    ? Omit<Entry, 'id' | 'session'>
    : never
  : never;

export const markDraft = (spot: Spot, now: number): KnotDraft => ({
  kind: 'mark',
  date: new Date(now).toISOString(),
  spot: { ...spot },
});

/** The session's tension for every spot marked in it: its ratings before and after, and the hold it had. */
export function tensionDrafts(
  marked: readonly { spot: Spot; holdSeconds: number | null }[],
  ratings: { before: number | null; after: number | null },
  now: number,
): KnotDraft[] {
  if (ratings.before === null && ratings.after === null) return [];
  return marked.map(({ spot, holdSeconds }) => ({
    kind: 'tension',
    date: new Date(now).toISOString(),
    spot: { ...spot },
    before: ratings.before,
    after: ratings.after,
    ...(holdSeconds !== null ? { holdSeconds } : {}),
  }));
}

export const usualDosesDraft = (now: number): KnotDraft => ({ kind: 'usual-doses', date: new Date(now).toISOString() });

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * "Your right neck knot from Tuesday first": said once, for the first of today's steps that works
 * a known spot (the one met last). A weekday within the last six days, else "from last time".
 */
export function knownFirstAct(
  map: readonly KnownSpot[],
  steps: readonly { area: string; step: string }[],
  now: number,
): Act | null {
  for (const { area, step } of steps) {
    const known = spotsOf(map, area).find((candidate) => candidate.spot.step === step);
    const last = known?.visits.at(-1);
    if (!known || !last) continue;
    const when = Date.parse(last.date);
    const spot = spotParam(known.spot);
    const daysAgo = Math.floor(now / DAY_MS) - Math.floor(when / DAY_MS);
    if (daysAgo >= 1 && daysAgo <= 6)
      return say('coach.knotMap.knownFirst', { spot, day: { t: `coach.knotMap.day.${new Date(when).getUTCDay()}` } });
    return say('coach.knotMap.knownFirstLast', { spot });
  }
  return null;
}

/** The one spot that changed most for real (≥ 2 points and ≥ 30%), said in one sentence; none: nothing. */
export function changedSpotAct(map: readonly KnownSpot[]): Act | null {
  let best: { known: KnownSpot; change: number; trend: ReturnType<typeof trendOf> } | null = null;
  for (const known of map) {
    const trend = trendOf(known);
    if (trend.kind !== 'better' && trend.kind !== 'worse') continue;
    const change = Math.abs(trend.to - trend.from);
    if (!best || change > best.change) best = { known, change, trend };
  }
  if (!best || (best.trend.kind !== 'better' && best.trend.kind !== 'worse')) return null;
  const { trend } = best;
  return say(`coach.knots.${trend.kind}`, {
    spot: spotParam(best.known.spot),
    from: Math.round(trend.from),
    to: Math.round(trend.to),
    count: trend.sessions,
  });
}
