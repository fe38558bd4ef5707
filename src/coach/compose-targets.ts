import type { Catalogue } from '../content/load';
import type { Routine, Side } from '../content/schema';
import { levelOf, type KnownSpot } from './knots';

/** One answer of the body scan: an area, maybe a side, maybe a tension 0–10 ("yes", "there", "left", "7"). */
export interface ScanAnswer {
  area: string;
  side?: Side | null;
  tension?: number | null;
}

/** What the journal tells the composer: which routine, when, and how tense before and after. */
export interface JournalFacts {
  routine: string;
  date: string;
  ratingBefore?: number;
  ratingAfter?: number;
}

/** An area to work today, most wanted first, and the sides named for it (the first is done first). */
export interface Target {
  area: string;
  routine: Routine;
  sides: Side[];
}

export type LeftOutReason = 'blocked' | 'cautioned' | 'no-time' | 'too-many-steps' | 'unknown-area';
export interface LeftOutArea {
  area: string;
  why: LeftOutReason;
}

/** A "yes" or "there" without a number counts as this tense. */
const TENSE_WITHOUT_NUMBER = 5;
/** A known spot still at least this tense last time is worth going back to. */
const STILL_TENSE = 4;

const routineOfArea = (catalogue: Catalogue, area: string) =>
  [...catalogue.routines.values()].find((routine) => routine.area === area);

/**
 * The areas the scan named, most tense first (in the order named on a tie); an area said with
 * 0, or never named, is not worked. Nothing named: the areas of known spots still tense last
 * time, latest first; else the routine that helped most (two rated sessions or more), else the last one.
 */
export function targetsOf(
  catalogue: Catalogue,
  answers: readonly ScanAnswer[],
  map: readonly KnownSpot[],
  journal: readonly JournalFacts[],
): { targets: Target[]; leftOut: LeftOutArea[] } {
  const leftOut: LeftOutArea[] = [];
  const byArea = new Map<string, { tension: number; sides: Side[]; order: number }>();
  answers.forEach((answer, order) => {
    const tension = answer.tension ?? TENSE_WITHOUT_NUMBER;
    if (tension <= 0) return;
    const seen = byArea.get(answer.area) ?? { tension, sides: [], order };
    seen.tension = Math.max(seen.tension, tension);
    if (answer.side && !seen.sides.includes(answer.side)) seen.sides.push(answer.side);
    byArea.set(answer.area, seen);
  });
  const named = [...byArea.entries()]
    .sort((a, b) => b[1].tension - a[1].tension || a[1].order - b[1].order)
    .map(([area, { sides }]) => ({ area, sides }));
  const wanted = answers.length ? named : fromHistory(catalogue, map, journal);
  const targets: Target[] = [];
  for (const { area, sides } of wanted) {
    const routine = routineOfArea(catalogue, area);
    if (routine) targets.push({ area, routine, sides });
    else leftOut.push({ area, why: 'unknown-area' });
  }
  return { targets, leftOut };
}

function fromHistory(
  catalogue: Catalogue,
  map: readonly KnownSpot[],
  journal: readonly JournalFacts[],
): Array<{ area: string; sides: Side[] }> {
  const lastVisit = (known: KnownSpot) => known.visits[known.visits.length - 1]!;
  const tense = map
    .filter((known) => known.visits.length > 0)
    .filter((known) => lastVisit(known).marked || (levelOf(lastVisit(known)) ?? 0) >= STILL_TENSE)
    .sort((a, b) => lastVisit(b).date.localeCompare(lastVisit(a).date));
  const areas: Array<{ area: string; sides: Side[] }> = [];
  for (const known of tense) {
    let entry = areas.find((candidate) => candidate.area === known.spot.area);
    if (!entry) areas.push((entry = { area: known.spot.area, sides: [] }));
    if (known.spot.side && !entry.sides.includes(known.spot.side)) entry.sides.push(known.spot.side);
  }
  if (areas.length) return areas;
  const routine = helpedMost(journal) ?? [...journal].sort((a, b) => b.date.localeCompare(a.date))[0]?.routine;
  const area = routine ? catalogue.routines.get(routine)?.area : undefined;
  return area ? [{ area, sides: [] }] : [];
}

/** The routine whose rated sessions lowered tension most on average, from `least` rated sessions or more. */
export function helpedMost(journal: readonly JournalFacts[], least = 2): string | null {
  const drops = new Map<string, number[]>();
  for (const entry of journal)
    if (entry.ratingBefore !== undefined && entry.ratingAfter !== undefined)
      drops.set(entry.routine, [...(drops.get(entry.routine) ?? []), entry.ratingBefore - entry.ratingAfter]);
  let best: { routine: string; drop: number } | null = null;
  for (const [routine, list] of drops) {
    if (list.length < least) continue;
    const drop = list.reduce((a, b) => a + b, 0) / list.length;
    if (drop > 0 && (!best || drop > best.drop)) best = { routine, drop };
  }
  return best?.routine ?? null;
}
