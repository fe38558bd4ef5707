import { Simulator } from '../../src/runtime/simulator';
import { Conversation } from '../../src/runtime/conversation';
import { MemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/types';

/** A simulator on a store of the test's choice, with virtual time. */
export function simulator(options: { locale?: string; store?: Store; userId?: string; start?: number } = {}) {
  const store = options.store ?? new MemoryStore();
  const start = options.start ?? Date.UTC(2026, 10, 25, 9, 0, 0);
  const conversation = new Conversation(store);
  const sim = new Simulator(conversation, {
    locale: options.locale ?? 'en-US',
    userId: options.userId ?? 'test-user',
    fast: true,
    now: () => start,
  });
  return { sim, store, conversation, send: async (utterance: string) => (await sim.say(utterance))?.line ?? null };
}
