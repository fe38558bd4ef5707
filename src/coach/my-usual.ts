import type { Catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import { helpedMost, type JournalFacts } from './compose-targets';
import { routineNamed } from './units';

/**
 * "My usual": the person's most helpful recent session, started at once. Among the recent
 * sessions (the last ten, within four weeks), the routine whose rated sessions lowered tension
 * most; none rated with a drop: the one done most often (the latest on a tie).
 */
export const RECENT_SESSIONS = 10;
const RECENT_MS = 28 * 24 * 60 * 60 * 1000;

export interface Usual {
  routine: string;
  why: 'helped' | 'frequent';
}

export function usualRoutine(catalogue: Catalogue, journal: readonly JournalFacts[], now: number): Usual | null {
  const recent = journal
    .filter((entry) => catalogue.routines.has(entry.routine))
    .filter((entry) => {
      const time = Date.parse(entry.date);
      return Number.isFinite(time) && time <= now && time > now - RECENT_MS;
    })
    .sort((a, b) => b.date.localeCompare(a.date))
    .slice(0, RECENT_SESSIONS);
  const helped = helpedMost(recent, 1);
  if (helped) return { routine: helped, why: 'helped' };
  const counts = new Map<string, number>();
  // Latest first, so on a tie the routine met first (the latest) stays ahead.
  for (const entry of recent) counts.set(entry.routine, (counts.get(entry.routine) ?? 0) + 1);
  const [frequent] = [...counts.entries()].reduce<[string, number] | [undefined, number]>(
    (most, entry) => (entry[1] > most[1] ? entry : most),
    [undefined, 0],
  );
  return frequent ? { routine: frequent, why: 'frequent' } : null;
}

/** What "my usual" says first: which routine and why; none known, how to find one. */
export function usualActs(usual: Usual | null): Act[] {
  if (!usual) return [say('coach.usual.none')];
  return [say(`coach.usual.${usual.why}`, { routine: routineNamed(usual.routine) })];
}
