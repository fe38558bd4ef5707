import type { Catalogue } from '../content/load';
import type { Side } from '../content/schema';

/**
 * The knot map: spots the person marked ("that's the spot") and the tension they gave them, per
 * session. A spot is an area, a side and a step of the guide: no free text, no symptom. The map
 * is kept as an append-only log of entries (each written once, by id, like the journal) and read
 * as visits: what happened to one spot in one session.
 */
export interface Spot {
  /** The guide's area, as its routines name it ("neck", "calves"). */
  area: string;
  side: Side | null;
  /** The guide's step in that area ("compression", "foam-roller"). */
  step: string;
}

interface EntryBase {
  /** Makes writing the entry idempotent: a retried request keeps one. */
  id: string;
  /** ISO date of the moment it was written. */
  date: string;
  /** The session it belongs to: marks and tensions of one session make one visit. */
  session: string;
}

export type KnotEntry =
  /** The person marked the spot during a hold. */
  | (EntryBase & { kind: 'mark'; spot: Spot })
  /** The spot's tension 0–10 before and after the session, and the hold it had. */
  | (EntryBase & { kind: 'tension'; spot: Spot; before: number | null; after: number | null; holdSeconds?: number })
  /** "The usual doses": every learned hold goes back to the guide's; the visits before it no longer count for doses. */
  | (EntryBase & { kind: 'usual-doses' });

/** One spot in one session. */
export interface Visit {
  session: string;
  date: string;
  marked: boolean;
  before: number | null;
  after: number | null;
  holdSeconds: number | null;
}

export interface KnownSpot {
  spot: Spot;
  /** Oldest first. */
  visits: Visit[];
}

/** The key of a spot: equal spots, equal keys. */
export const spotKey = (spot: Spot): string => `${spot.area}/${spot.side ?? 'centre'}/${spot.step}`;

const sameSpot = (a: Spot, b: Spot) => spotKey(a) === spotKey(b);

/** A spot of the guide: its area has the step, and a side only where the step has sides. */
export function isGuideSpot(catalogue: Catalogue, spot: Spot): boolean {
  for (const routine of catalogue.routines.values()) {
    if (routine.area !== spot.area) continue;
    const step = routine.steps.find((candidate) => candidate.id === spot.step);
    if (!step) return false;
    const sides = step.dose.type === 'hold' ? (step.dose.sides ?? []) : [];
    return spot.side === null ? sides.length === 0 : sides.includes(spot.side);
  }
  return false;
}

const rating = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10 ? value : null;

/** A mark, as an entry to store. */
export const markEntry = (spot: Spot, at: { id: string; date: string; session: string }): KnotEntry => ({
  ...at,
  kind: 'mark',
  spot: { ...spot },
});

/** A spot's tension before and after a session (out-of-range ratings are kept as not given). */
export const tensionEntry = (
  spot: Spot,
  tension: { before?: number | null; after?: number | null; holdSeconds?: number },
  at: { id: string; date: string; session: string },
): KnotEntry => ({
  ...at,
  kind: 'tension',
  spot: { ...spot },
  before: rating(tension.before),
  after: rating(tension.after),
  ...(tension.holdSeconds !== undefined ? { holdSeconds: tension.holdSeconds } : {}),
});

/** The order entries happened in (then by id, so a log reads the same from every store). */
export const byDate = (a: KnotEntry, b: KnotEntry): number => a.date.localeCompare(b.date) || a.id.localeCompare(b.id);

/** The entries in the order they happened; the same id twice counts once. */
function ordered(entries: readonly KnotEntry[]): KnotEntry[] {
  const seen = new Set<string>();
  return [...entries].sort(byDate).filter((entry) => (seen.has(entry.id) ? false : (seen.add(entry.id), true)));
}

/** The map read from its log: every spot with its visits, oldest first, in the order they were first met. */
export function knotMap(entries: readonly KnotEntry[]): KnownSpot[] {
  const spots: KnownSpot[] = [];
  for (const entry of ordered(entries)) {
    if (entry.kind === 'usual-doses') continue;
    let known = spots.find((candidate) => sameSpot(candidate.spot, entry.spot));
    if (!known) spots.push((known = { spot: { ...entry.spot }, visits: [] }));
    let visit = known.visits.find((candidate) => candidate.session === entry.session);
    if (!visit) {
      visit = { session: entry.session, date: entry.date, marked: false, before: null, after: null, holdSeconds: null };
      known.visits.push(visit);
    }
    if (entry.kind === 'mark') visit.marked = true;
    else {
      visit.before = entry.before ?? visit.before;
      visit.after = entry.after ?? visit.after;
      visit.holdSeconds = entry.holdSeconds ?? visit.holdSeconds;
    }
  }
  return spots;
}

/** The date of the latest "usual doses", or null. */
export function usualDosesSince(entries: readonly KnotEntry[]): string | null {
  return ordered(entries).reduce<string | null>(
    (last, entry) => (entry.kind === 'usual-doses' ? entry.date : last),
    null,
  );
}

/** The known spots of an area, the most recently visited first: "next time, known spots first". */
export function spotsOf(map: readonly KnownSpot[], area: string): KnownSpot[] {
  const latest = (known: KnownSpot) => known.visits[known.visits.length - 1]?.date ?? '';
  return map.filter((known) => known.spot.area === area).sort((a, b) => latest(b).localeCompare(latest(a)));
}

/** The tension a visit found: as it started, else as it ended. */
export const levelOf = (visit: Visit): number | null => visit.before ?? visit.after;

/**
 * A change that matters to a person on a 0–10 scale: at least 2 points AND at least 30% of where
 * it started (Farrar 2001; Salaffi 2004: 2 points / 33% is "much better").
 */
export function isRealChange(from: number, to: number): boolean {
  const change = Math.abs(to - from);
  return change >= 2 && change >= 0.3 * from;
}

export type Trend =
  | { kind: 'too-few'; sessions: number }
  | { kind: 'better' | 'worse' | 'same'; from: number; to: number; sessions: number; since: string };

/** Sessions a trend needs: one session never tells. */
export const TREND_SESSIONS = 3;

const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;

/**
 * How a spot is doing: the mean tension of its first sessions against its latest (up to three
 * each, never overlapping), and whether the change is real. Fewer than three rated sessions: too few.
 */
export function trendOf(known: KnownSpot): Trend {
  const rated = known.visits.filter((visit) => levelOf(visit) !== null);
  if (rated.length < TREND_SESSIONS) return { kind: 'too-few', sessions: rated.length };
  const window = Math.min(3, Math.floor(rated.length / 2));
  const from = mean(rated.slice(0, window).map((visit) => levelOf(visit)!));
  const to = mean(rated.slice(-window).map((visit) => levelOf(visit)!));
  const kind = !isRealChange(from, to) ? 'same' : to < from ? 'better' : 'worse';
  return { kind, from, to, sessions: rated.length, since: rated[0]!.date };
}
