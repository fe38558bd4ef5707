import type { PersistentPain, ProgressFacts } from '../coach/profile';
import type { UserState } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Journal figures for PROGRESS (filled in fully with the journal feature). */
export function progressOf(user: UserState, now: number): ProgressFacts | null {
  if (user.journal.length === 0) return null;
  const weekAgo = now - 7 * DAY_MS;
  const thisWeek = user.journal.filter((entry) => Date.parse(entry.date) > weekAgo);
  return {
    sessionsThisWeek: thisWeek.length,
    goal: user.goal,
    goalMin: user.goal === 'daily' ? 7 : 3,
    goalMax: user.goal === 'daily' ? 7 : 5,
    streakDays: 0,
    topRoutines: [],
    averageChange: null,
    totalSessions: user.journal.length,
  };
}

export function persistentPainOf(_user: UserState, _now: number): PersistentPain | null {
  return null;
}
