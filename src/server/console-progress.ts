import { translator } from '../i18n';
import { progressOf } from '../store/progress';
import type { UserState } from '../store/types';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
/** Weeks drawn on the Progress chart, the current one last. */
export const CHART_WEEKS = 8;

export interface ProgressBody {
  goal: { name: UserState['goal']; min: number; max: number };
  /** Sessions per rolling week (the last one ends now), oldest first. */
  weeks: Array<{ start: string; sessions: number }>;
  /** Average tension before and after, per area, over the sessions rated both times. */
  areas: Array<{
    routine: string;
    name: string;
    sessions: number;
    rated: number;
    before: number | null;
    after: number | null;
  }>;
  totalSessions: number;
  streakDays: number;
}

/** Routine names are written to sit mid-sentence; on the chart they head a line. */
export const heading = (text: string, locale: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

const average = (values: number[]) =>
  values.length ? Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10 : null;

/** What the Progress view draws, from the same journal the spoken "how am I doing?" reads. */
export function progressBody(user: UserState, now: number, locale: string): ProgressBody {
  const journal = user.journal.filter((entry) => Date.parse(entry.date) <= now);
  const facts = progressOf({ ...user, journal }, now);
  const weeks = [];
  for (let n = CHART_WEEKS - 1; n >= 0; n -= 1) {
    const end = now - n * WEEK_MS;
    const start = end - WEEK_MS;
    weeks.push({
      start: new Date(start).toISOString(),
      sessions: journal.filter((entry) => Date.parse(entry.date) > start && Date.parse(entry.date) <= end).length,
    });
  }
  const tr = translator(locale);
  const areas = [...new Set(journal.map((entry) => entry.routine))].sort().map((routine) => {
    const sessions = journal.filter((entry) => entry.routine === routine);
    const rated = sessions.filter((entry) => entry.ratingBefore !== undefined && entry.ratingAfter !== undefined);
    return {
      routine,
      name: heading(tr.t(`routine.${routine}.name`), locale),
      sessions: sessions.length,
      rated: rated.length,
      before: average(rated.map((entry) => entry.ratingBefore!)),
      after: average(rated.map((entry) => entry.ratingAfter!)),
    };
  });
  const daily = user.goal === 'daily';
  return {
    goal: { name: user.goal, min: facts?.goalMin ?? (daily ? 7 : 3), max: facts?.goalMax ?? (daily ? 7 : 5) },
    weeks,
    areas,
    totalSessions: journal.length,
    streakDays: facts?.streakDays ?? 0,
  };
}
