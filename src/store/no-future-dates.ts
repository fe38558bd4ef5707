import type { Store } from './types';

/**
 * A store that never writes a date later than the real clock. The simulator's --fast mode runs a
 * virtual clock ahead of real time (a five-minute routine answers in a second); its journal
 * entries and saved places are dated when they were really written, so a later real session
 * sees them (progress ignores entries from the future).
 */
export function withoutFutureDates(store: Store, realNow: () => number = Date.now): Store {
  const notLater = (iso: string) => new Date(Math.min(Date.parse(iso), realNow())).toISOString();
  return {
    load: (userId) => store.load(userId),
    saveResume: (userId, point) =>
      store.saveResume(userId, point && { ...point, savedAt: Math.min(point.savedAt, realNow()) }),
    appendJournal: (userId, entry) => store.appendJournal(userId, { ...entry, date: notLater(entry.date) }),
    setGoal: (userId, goal) => store.setGoal(userId, goal),
    ...(store.setTalk ? { setTalk: (userId: string, talk: 'full' | 'brief') => store.setTalk!(userId, talk) } : {}),
    ...(store.appendKnot
      ? { appendKnot: (userId: string, entry) => store.appendKnot!(userId, { ...entry, date: notLater(entry.date) }) }
      : {}),
    ...(store.loadKnots ? { loadKnots: (userId: string) => store.loadKnots!(userId) } : {}),
    countSession: (userId) => store.countSession(userId),
    deleteUser: (userId) => store.deleteUser(userId),
    ...(store.close ? { close: () => store.close!() } : {}),
  };
}
