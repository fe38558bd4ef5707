import { MemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/types';

/** A store whose calls fail with `errorType` (or hang, never answering) while `state.mode` says so. */
export function brokenStore(mode: 'down' | 'hung' | 'ok' = 'down', errorType = 'ServiceUnavailable') {
  const inner = new MemoryStore();
  const state = { mode };
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      state.mode === 'down'
        ? Promise.reject(Object.assign(new Error('store down'), { name: errorType }))
        : state.mode === 'hung'
          ? new Promise<R>(() => undefined)
          : method(...args);
  const store: Store = {
    load: guard(inner.load.bind(inner)),
    saveResume: guard(inner.saveResume.bind(inner)),
    appendJournal: guard(inner.appendJournal.bind(inner)),
    appendKnot: guard(inner.appendKnot.bind(inner)),
    loadKnots: guard(inner.loadKnots.bind(inner)),
    setGoal: guard(inner.setGoal.bind(inner)),
    countSession: guard(inner.countSession.bind(inner)),
    deleteUser: guard(inner.deleteUser.bind(inner)),
  };
  return { store, inner, state };
}
