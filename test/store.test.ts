import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knotMap, markEntry, tensionEntry, type KnotEntry } from '../src/coach/knots';
import { FileStore } from '../src/store/file-store';
import { MemoryStore } from '../src/store/memory-store';
import { withoutFutureDates } from '../src/store/no-future-dates';
import type { JournalEntry } from '../src/store/types';
import { journalEntry } from './helpers/journal';
import { persistentStores } from './helpers/store-makers';

const entry = (id: string, overrides: Partial<JournalEntry> = {}): JournalEntry => journalEntry({ id, ...overrides });
const point = {
  routine: 'neck',
  step: 1,
  unit: 1,
  side: 'left' as const,
  remainingSeconds: 20,
  savedAt: Date.UTC(2026, 10, 25),
};

const makers = persistentStores();

describe.each(makers)('%s', (_name, make) => {
  it('knows nothing of a new user', async () => {
    const { store } = await make();
    expect(await store.load('nobody')).toEqual({
      resume: null,
      goal: 'maintenance',
      talk: 'full',
      sessions: 0,
      journal: [],
    });
  });

  it('saves and clears the resume point, and keeps the goal and session count apart', async () => {
    const { store } = await make();
    await store.saveResume('ana', point);
    await store.setGoal('ana', 'daily');
    await store.countSession('ana');
    expect(await store.load('ana')).toMatchObject({ resume: point, goal: 'daily', sessions: 1 });
    await store.saveResume('ana', null);
    expect(await store.load('ana')).toMatchObject({ resume: null, goal: 'daily', sessions: 1 });
  });

  it('keeps brief mode ("talk less") in the profile, apart from the goal and the place', async () => {
    const { store, second } = await make();
    await store.setGoal('bo', 'daily');
    await store.setTalk!('bo', 'brief');
    await store.saveResume('bo', point);
    expect(await second.load('bo')).toMatchObject({ talk: 'brief', goal: 'daily', resume: point });
    await store.setTalk!('bo', 'full');
    expect(await store.load('bo')).toMatchObject({ talk: 'full', goal: 'daily' });
  });

  it('writes a journal entry once, however often the same request retries', async () => {
    const { store, second } = await make();
    expect(await store.appendJournal('ana', entry('e1'))).toBe(true);
    expect(await store.appendJournal('ana', entry('e1'))).toBe(false);
    expect(await second.appendJournal('ana', entry('e1', { completed: false }))).toBe(false);
    const { journal } = await store.load('ana');
    expect(journal).toEqual([entry('e1')]);
  });

  it('loses nothing of 100 concurrent journal writes for one user, from two instances', async () => {
    const { store, second } = await make();
    const writes = Array.from({ length: 100 }, (_, i) =>
      (i % 2 ? store : second).appendJournal(
        'bo',
        entry(`w${String(i).padStart(3, '0')}`, { date: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() }),
      ),
    );
    expect(await Promise.all(writes)).toEqual(Array(100).fill(true));
    const { journal } = await store.load('bo');
    expect(journal.map((e) => e.id)).toEqual(Array.from({ length: 100 }, (_, i) => `w${String(i).padStart(3, '0')}`));
  });

  it('counts 50 concurrent sessions and keeps concurrent goal and resume writes', async () => {
    const { store, second } = await make();
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => (i % 2 ? store : second).countSession('cy')),
      store.setGoal('cy', 'daily'),
      second.saveResume('cy', point),
    ]);
    const { sessions, goal, resume } = await store.load('cy');
    expect(sessions).toBe(50);
    expect({ goal, resume }).toEqual({ goal: 'daily', resume: point });
  });

  it('deletes everything kept about a user, and only that user', async () => {
    const { store } = await make();
    await store.saveResume('dee', point);
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.appendJournal('dee', entry(`d${i}`))));
    await store.appendJournal('eve', entry('x'));
    await store.deleteUser('dee');
    expect(await store.load('dee')).toEqual({
      resume: null,
      goal: 'maintenance',
      talk: 'full',
      sessions: 0,
      journal: [],
    });
    expect((await store.load('eve')).journal).toHaveLength(1);
  });
});

const trap = { area: 'neck', side: 'right' as const, step: 'compression' };
const knot = (id: string, minute = 0): KnotEntry =>
  markEntry(trap, { id, date: new Date(Date.UTC(2026, 10, 1) + minute * 60_000).toISOString(), session: 's1' });

describe.each(makers)('%s: the knot map', (_name, make) => {
  it('knows no spot of a new user', async () => {
    const { store } = await make();
    expect(await store.loadKnots!('nobody')).toEqual([]);
  });

  it('keeps marks and tensions apart from the journal, and reads them back as the map', async () => {
    const { store, second } = await make();
    await store.appendJournal('ana', entry('e1'));
    await store.appendKnot!('ana', knot('k1'));
    const tension = tensionEntry(
      trap,
      { before: 7, after: 4, holdSeconds: 45 },
      { id: 'k2', date: knot('x', 5).date, session: 's1' },
    );
    await second.appendKnot!('ana', tension);
    expect((await store.load('ana')).journal).toEqual([entry('e1')]);
    const log = await second.loadKnots!('ana');
    expect(log).toEqual([knot('k1'), tension]);
    expect(knotMap(log)).toEqual([
      {
        spot: trap,
        visits: [{ session: 's1', date: knot('k1').date, marked: true, before: 7, after: 4, holdSeconds: 45 }],
      },
    ]);
  });

  it('writes a knot entry once, however often the same request retries, even with a later date', async () => {
    const { store, second } = await make();
    expect(await store.appendKnot!('bo', knot('k1'))).toBe(true);
    expect(await store.appendKnot!('bo', knot('k1'))).toBe(false);
    expect(await second.appendKnot!('bo', knot('k1', 3))).toBe(false);
    expect(await store.loadKnots!('bo')).toEqual([knot('k1')]);
  });

  it('loses nothing of 100 concurrent knot writes for one user, from two instances', async () => {
    const { store, second } = await make();
    const ids = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    const writes = ids.map((id, i) => (i % 2 ? store : second).appendKnot!('cy', knot(id, i)));
    expect(await Promise.all(writes)).toEqual(Array(100).fill(true));
    expect((await store.loadKnots!('cy')).map((e) => e.id)).toEqual(ids);
  });

  it('deletes the knot map with the user, and only that user', async () => {
    const { store } = await make();
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.appendKnot!('dee', knot(`d${i}`, i))));
    await store.appendKnot!('eve', knot('x'));
    await store.deleteUser('dee');
    expect(await store.loadKnots!('dee')).toEqual([]);
    expect(await store.loadKnots!('eve')).toHaveLength(1);
  });
});

describe('the knot map above the stores', () => {
  it('is kept once per id and deleted with the user by the memory store', async () => {
    const store = new MemoryStore();
    expect(await store.appendKnot('fay', knot('k2', 2))).toBe(true);
    expect(await store.appendKnot('fay', knot('k1', 1))).toBe(true);
    expect(await store.appendKnot('fay', knot('k1', 1))).toBe(false);
    expect(await store.loadKnots('fay')).toEqual([knot('k1', 1), knot('k2', 2)]);
    await store.deleteUser('fay');
    expect(await store.loadKnots('fay')).toEqual([]);
  });

  it("is dated no later than the real clock by the simulator's fast store", async () => {
    const inner = new MemoryStore();
    const realNow = Date.parse(knot('x', 10).date);
    const store = withoutFutureDates(inner, () => realNow);
    await store.appendKnot!('gil', knot('k', 60));
    expect(await store.loadKnots!('gil')).toEqual([{ ...knot('k'), date: knot('x', 10).date }]);
  });
});

describe('file store', () => {
  it('counts concurrent sessions exactly within one process', async () => {
    const store = new FileStore(mkdtempSync(join(tmpdir(), 'store-')));
    await Promise.all(Array.from({ length: 100 }, () => store.countSession('fay')));
    expect((await store.load('fay')).sessions).toBe(100);
  });

  it('keeps no user id in file or folder names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new FileStore(dir);
    await store.saveResume('amzn1.ask.account.SECRET', point);
    await store.appendJournal('amzn1.ask.account.SECRET', entry('e'));
    await store.appendKnot('amzn1.ask.account.SECRET', knot('k'));
    const names = readdirSync(dir, { recursive: true }).map(String);
    expect(names.join('\n')).not.toMatch(/SECRET|amzn1/);
  });

  it('ignores a write that was cut off before its rename', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new FileStore(dir);
    await store.saveResume('gus', point);
    await store.appendJournal('gus', entry('e'));
    const folder = join(dir, 'users', readdirSync(join(dir, 'users'))[0]!);
    writeFileSync(join(folder, 'profile.json.1234.tmp'), '{"resume": {"rout');
    writeFileSync(join(folder, 'journal', 'abc.5678.tmp'), '{"id":');
    await store.appendKnot('gus', knot('k'));
    writeFileSync(join(folder, 'knots', 'def.5678.tmp'), '{"id":');
    expect(await store.load('gus')).toMatchObject({ resume: point, journal: [entry('e')] });
    expect(await store.loadKnots('gus')).toEqual([knot('k')]);
    expect(await store.removeLeftovers()).toBe(3);
  });

  it('leaves the previous state readable when the writing process is killed mid-write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    // A writer that replaces the profile as fast as it can, with a large payload so kills land mid-write.
    const writer = `
      const { FileStore } = require('./src/store/file-store');
      const store = new FileStore(${JSON.stringify(dir)});
      let n = 0;
      (async () => { for (;;) { n += 1; await store.saveResume('hal', { routine: 'neck', step: n % 4, unit: 0, savedAt: n, pad: 'x'.repeat(200000) }); if (n === 3) process.stdout.write('go\\n'); } })();
    `;
    for (let round = 0; round < 5; round += 1) {
      const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', writer], {
        cwd: join(__dirname, '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 37));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const loaded = await new FileStore(dir).load('hal');
      expect(loaded.resume).toMatchObject({ routine: 'neck', savedAt: expect.any(Number) });
      const folder = join(dir, 'users', readdirSync(join(dir, 'users'))[0]!);
      expect(() => JSON.parse(readFileSync(join(folder, 'profile.json'), 'utf8'))).not.toThrow();
    }
  });
});
