import type { PersistentPain, ProgressFacts } from '../coach/profile';
import type { JournalEntry, UserState } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A rating at or above this before a session counts as "reported tense or painful". */
export const PAINFUL_RATING = 4;
/** The guide: consult a professional if pain persists beyond two weeks. */
export const PERSISTENT_DAYS = 14;

const dayOf = (time: number) => Math.floor(time / DAY_MS);
const timeOf = (entry: JournalEntry) => Date.parse(entry.date);

/** Days in a row, ending today or yesterday, with at least one session that got going. */
export function streakDays(journal: JournalEntry[], now: number): number {
  const days = new Set(
    journal.filter((entry) => entry.stepsCompleted > 0 || entry.completed).map((entry) => dayOf(timeOf(entry))),
  );
  let day = dayOf(now);
  if (!days.has(day)) day -= 1;
  let streak = 0;
  while (days.has(day)) {
    streak += 1;
    day -= 1;
  }
  return streak;
}

/** The routine of the latest session, unless a warning sign stopped it: that one is never offered again. */
function lastRoutineOf(journal: JournalEntry[]): string | null {
  const latest = journal.reduce<JournalEntry | null>(
    (found, entry) => (!found || timeOf(entry) >= timeOf(found) ? entry : found),
    null,
  );
  return latest && latest.cutShort !== 'red-flag' ? latest.routine : null;
}

/** Journal figures for PROGRESS: the last seven days against the goal, streak, areas, change. */
export function progressOf(user: UserState, now: number): ProgressFacts | null {
  const journal = user.journal.filter((entry) => Number.isFinite(timeOf(entry)) && timeOf(entry) <= now);
  if (journal.length === 0) return null;
  // The rest of an interrupted session, picked up later, is the same session: counted once.
  const sessions = journal.filter((entry) => !entry.resumed);
  const lastWeek = sessions.filter((entry) => timeOf(entry) > now - 7 * DAY_MS);
  const counts = new Map<string, number>();
  for (const entry of sessions) counts.set(entry.routine, (counts.get(entry.routine) ?? 0) + 1);
  const rated = journal.filter((entry) => entry.ratingBefore !== undefined && entry.ratingAfter !== undefined);
  const changes = rated.map((entry) => entry.ratingAfter! - entry.ratingBefore!);
  let bestRoutine: ProgressFacts['bestRoutine'] = null;
  for (const routine of new Set(rated.map((entry) => entry.routine))) {
    const drops = rated
      .filter((entry) => entry.routine === routine)
      .map((entry) => entry.ratingBefore! - entry.ratingAfter!);
    const averageDrop = drops.reduce((sum, drop) => sum + drop, 0) / drops.length;
    if (drops.length >= 2 && averageDrop > 0 && (!bestRoutine || averageDrop > bestRoutine.averageDrop))
      bestRoutine = { routine, averageDrop };
  }
  return {
    sessionsThisWeek: lastWeek.length,
    goal: user.goal,
    goalMin: user.goal === 'daily' ? 7 : 3,
    goalMax: user.goal === 'daily' ? 7 : 5,
    streakDays: streakDays(journal, now),
    topRoutines: [...counts.entries()]
      .filter(([, count]) => count >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([routine]) => routine),
    averageChange: changes.length ? changes.reduce((sum, change) => sum + change, 0) / changes.length : null,
    bestRoutine,
    totalSessions: sessions.length,
    lastRoutine: lastRoutineOf(journal),
  };
}

/**
 * The guide's two-week rule from the journal: an area whose sessions keep starting tense or
 * painful (a rating of 4 or more before) across more than 14 days, still so this last week,
 * with no calm session in between.
 */
export function persistentPainOf(user: UserState, now: number): PersistentPain | null {
  const rated = user.journal
    .filter((entry) => entry.ratingBefore !== undefined && Number.isFinite(timeOf(entry)) && timeOf(entry) <= now)
    .sort((a, b) => timeOf(a) - timeOf(b));
  let worst: PersistentPain | null = null;
  for (const routine of new Set(rated.map((entry) => entry.routine))) {
    const entries = rated.filter((entry) => entry.routine === routine);
    const latest = entries[entries.length - 1]!;
    if (latest.ratingBefore! < PAINFUL_RATING || timeOf(latest) < now - 7 * DAY_MS) continue;
    // Walk back over the unbroken run of painful sessions.
    let first = latest;
    for (let index = entries.length - 1; index >= 0 && entries[index]!.ratingBefore! >= PAINFUL_RATING; index -= 1)
      first = entries[index]!;
    const days = Math.floor((timeOf(latest) - timeOf(first)) / DAY_MS);
    if (days > PERSISTENT_DAYS && (!worst || days > worst.days)) worst = { routine, days };
  }
  return worst;
}
