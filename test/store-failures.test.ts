import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setLogSink } from '../src/log';
import { JournalOutbox } from '../src/runtime/journal-outbox';
import { DeadlineStore } from '../src/store/deadline-store';
import { MemoryStore } from '../src/store/memory-store';
import { brokenStore } from './helpers/broken-store';
import { journalEntry } from './helpers/journal';
import { simulator } from './helpers/simulator';
import { runTranscript } from './helpers/transcript';

/**
 * Nothing lost when a store fails: a hung store never takes the answer with it, an entry the
 * store could not take at shutdown waits in a spill file for the next start, and an entry no
 * store can ever take is not retried forever.
 */
let logged: string[] = [];
beforeAll(() => setLogSink((line) => logged.push(line)));
beforeEach(() => (logged = []));

const spillPath = () => join(mkdtempSync(join(tmpdir(), 'coach-spill-')), 'journal-spill.json');

describe('the spill file', () => {
  it('keeps what a stop could not write, and the next start writes it (once) and removes the file', async () => {
    const path = spillPath();
    const down = brokenStore('down');
    const before = new JournalOutbox(down.store);
    before.restore(path);
    expect(await before.write('user-a', journalEntry({ id: 'a1' }))).toBe(false);
    expect(await before.flush(50, 10)).toBe(1);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).not.toMatch(/user-b/);

    const back = new MemoryStore();
    const after = new JournalOutbox(back);
    expect(after.restore(path)).toBe(1);
    await after.drain();
    expect((await back.load('user-a')).journal.map((entry) => entry.id)).toEqual(['a1']);
    expect(existsSync(path)).toBe(false);
    // A second start finds nothing to replay.
    expect(new JournalOutbox(back).restore(path)).toBe(0);
  });

  it('is set aside, not trusted, when it is damaged or holds what no session writes', async () => {
    for (const text of [
      '{not json',
      JSON.stringify({ v: 1, entries: [{ userId: 'u', entry: { id: 'x', routine: 'rm -rf' }, attempts: 0 }] }),
    ]) {
      const path = spillPath();
      writeFileSync(path, text);
      const store = new MemoryStore();
      expect(new JournalOutbox(store).restore(path)).toBe(0);
      expect(existsSync(path)).toBe(false);
      expect(readdirSync(join(path, '..')).some((name) => name.includes('unreadable'))).toBe(true);
    }
  });
});

describe('an entry no store can take', () => {
  it('is dropped with a log line, not retried forever', async () => {
    const { store, state } = brokenStore('down', 'ValidationException');
    const outbox = new JournalOutbox(store);
    expect(await outbox.write('user-a', journalEntry({ id: 'huge' }))).toBe(false);
    expect(outbox.pending).toBe(0);
    expect(logged.join('\n')).toMatch(/journal entry dropped: the store can never take it/);
    state.mode = 'ok';
  });
});

describe('a hung store', () => {
  it('never leaves a turn unanswered; the entry waits and is written once when the store answers', async () => {
    const { store, inner, state } = brokenStore('ok');
    const bounded = new DeadlineStore(store, 100);
    const { send, sim, conversation } = simulator({ store: bounded });
    for (const text of ['start neck', 'ready', 'next', 'next', 'next']) await sim.say(text);
    state.mode = 'hung';
    await runTranscript(
      `
      U: two
      A: couldn't write today's session to your journal just now
      A: take care
      U: say that again
      `,
      send,
    );
    expect(conversation.outbox.pending).toBe(1);
    expect(logged.join('\n')).toMatch(/StoreDeadlineError/);
    state.mode = 'ok';
    await sim.say('<launch>');
    await conversation.outbox.drain();
    expect((await inner.load('test-user')).journal).toEqual([
      expect.objectContaining({ routine: 'neck', completed: true, ratingAfter: 2 }),
    ]);
  });
});

describe('a store that cannot be read', () => {
  it('still gives a new user the first-session safety sentence (never "Welcome back")', async () => {
    for (const mode of ['down', 'hung'] as const) {
      const { store } = brokenStore(mode);
      const { send } = simulator({ store: new DeadlineStore(store, 100) });
      const line = await send('<launch>');
      expect(line!.speech).toMatch(/^Welcome to Massage Coach\..*not medical advice/);
      expect(line!.speech).not.toMatch(/Welcome back/);
    }
  });
});
