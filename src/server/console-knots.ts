import { knotMap, levelOf, spotKey, trendOf, type KnotEntry } from '../coach/knots';
import type { Side } from '../content/schema';
import { loadCatalogue } from '../content/load';
import { translator } from '../i18n';
import type { Store } from '../store/types';
import { heading } from './console-progress';

/**
 * One spot of the knot map as the Progress view draws it: ids, numbers and dates only (the page
 * names areas, sides and steps from its own strings, `knotNames`).
 */
export interface SpotBody {
  /** area/side/step: the same spot, the same id. */
  id: string;
  area: string;
  side: Side | null;
  step: string;
  /** Sessions the spot was met in, and in how many it was marked ("that's the spot"). */
  sessions: number;
  marked: number;
  /** The tension of its first and latest rated session, 0–10 (null: never rated). */
  first: number | null;
  latest: number | null;
  /**
   * trendOf (src/coach/knots.ts): the mean of the first sessions against the latest; "better" or
   * "worse" only for a real change (at least 2 points and 30%), from three rated sessions on.
   */
  trend: 'better' | 'worse' | 'same' | 'too-few';
  from: number | null;
  to: number | null;
  /** ISO dates of its first and latest session. */
  since: string;
  last: string;
}

/** Areas in the guide's order (its routines' letters, A neck to E calves: head to foot), so the map reads the same every time. */
const areaOrder = (): string[] =>
  [...loadCatalogue().routines.values()]
    .sort((a, b) => a.letter.localeCompare(b.letter))
    .map((routine) => routine.area);

/** The knot map's spots from its log, entries dated after `now` left out (as the journal's are). */
export function spotsBody(entries: readonly KnotEntry[], now: number): SpotBody[] {
  const order = areaOrder();
  const rank = (area: string) => (order.includes(area) ? order.indexOf(area) : order.length);
  const map = knotMap(entries.filter((entry) => Date.parse(entry.date) <= now));
  return map
    .map(({ spot, visits }): SpotBody => {
      const rated = visits.filter((visit) => levelOf(visit) !== null);
      const trend = trendOf({ spot, visits });
      return {
        id: spotKey(spot),
        area: spot.area,
        side: spot.side,
        step: spot.step,
        sessions: visits.length,
        marked: visits.filter((visit) => visit.marked).length,
        first: rated.length ? levelOf(rated[0]!) : null,
        latest: rated.length ? levelOf(rated[rated.length - 1]!) : null,
        trend: trend.kind,
        from: trend.kind === 'too-few' ? null : trend.from,
        to: trend.kind === 'too-few' ? null : trend.to,
        since: visits[0]!.date,
        last: visits[visits.length - 1]!.date,
      };
    })
    .sort((a, b) => rank(a.area) - rank(b.area) || a.id.localeCompare(b.id));
}

/** The user's knot map for the Progress view; none where the store keeps no knot map. */
export async function spotsOf(store: Store, userId: string, now: number): Promise<SpotBody[]> {
  return spotsBody((await store.loadKnots?.(userId)) ?? [], now);
}

/**
 * The words the page names spots with, from the coach's own strings: each area by its routine's
 * name, each step by its title (`<area>/<step>`), each side.
 */
export function knotNames(locale: string) {
  const tr = translator(locale);
  const areas: Record<string, string> = {};
  const steps: Record<string, string> = {};
  for (const [id, routine] of loadCatalogue().routines) {
    areas[routine.area] ??= heading(tr.t(`routine.${id}.name`), locale);
    for (const step of routine.steps)
      steps[`${routine.area}/${step.id}`] = heading(tr.t(`routine.${id}.step.${step.id}.title`), locale);
  }
  const sides = { left: heading(tr.t('side.left'), locale), right: heading(tr.t('side.right'), locale) };
  return { areas, steps, sides };
}
