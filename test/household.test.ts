import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markEntry, tensionEntry, type KnotEntry } from '../src/coach/knots';
import { personKey } from '../src/platforms/alexa/voice';
import { loadConfig } from '../src/config';
import { createStore } from '../src/store';
import { DeadlineStore, StoreDeadlineError } from '../src/store/deadline-store';
import { FileStore } from '../src/store/file-store';
import { deleteAccount, deletePerson } from '../src/store/household';
import { MemoryStore } from '../src/store/memory-store';
import type { Store } from '../src/store/types';
import { persistentStores, type Maker } from './helpers/store-makers';
import { brokenStore } from './helpers/broken-store';
import { journalEntry } from './helpers/journal';

// The household index and per-person keys on every store, the knot map included (docs/persons.md).

const makers: Array<[string, Maker]> = [
  ...persistentStores(),
  [
    // What the server runs on: every store wrapped in its deadline (store/index.ts).
    'memory store behind the deadline wrapper',
    async () => {
      const inner = new MemoryStore();
      return { store: new DeadlineStore(inner), second: new DeadlineStore(inner) };
    },
  ],
];

const ACCOUNT = 'amzn1.ask.account.HOUSE';
const OTHER = 'amzn1.ask.account.NEIGHBOUR';
const ana = personKey(ACCOUNT, 'amzn1.ask.person.ANA');
const ben = personKey(ACCOUNT, 'amzn1.ask.person.BEN');
const point = {
  routine: 'neck',
  step: 1,
  unit: 0,
  side: 'left' as const,
  remainingSeconds: 20,
  savedAt: Date.UTC(2026, 10, 25),
};
const spot = { area: 'neck', side: 'right' as const, step: 'compression' };
const knot = (id: string, minute = 0): KnotEntry =>
  markEntry(spot, { id, date: new Date(Date.UTC(2026, 10, 1) + minute * 60_000).toISOString(), session: 's1' });

/** A user with something in every part of the store: place, journal, knot map. */
async function fill(store: Store, userId: string, tag: string): Promise<void> {
  await store.saveResume(userId, point);
  await store.appendJournal(userId, journalEntry({ id: `j-${tag}` }));
  await store.appendKnot!(userId, knot(`k-${tag}`));
  await store.appendKnot!(
    userId,
    tensionEntry(spot, { before: 7, after: 4 }, { id: `t-${tag}`, date: knot('x', 5).date, session: 's1' }),
  );
}

/** What a user has, in a form two users can be compared by. */
async function held(store: Store, userId: string) {
  const user = await store.load(userId);
  return {
    resume: user.resume !== null,
    journal: user.journal.map((entry) => entry.id),
    knots: (await store.loadKnots!(userId)).map((entry) => entry.id),
  };
}
const nothing = { resume: false, journal: [], knots: [] };

describe.each(makers)('%s: persons on one account', (_name, make) => {
  it('keeps each person apart from the account and from each other, the knot map included', async () => {
    const { store } = await make();
    await fill(store, ACCOUNT, 'account');
    await fill(store, ana, 'ana');
    expect(await held(store, ana)).toEqual({ resume: true, journal: ['j-ana'], knots: ['k-ana', 't-ana'] });
    expect(await held(store, ACCOUNT)).toEqual({
      resume: true,
      journal: ['j-account'],
      knots: ['k-account', 't-account'],
    });
    expect(await held(store, ben)).toEqual(nothing);
  });

  it('records each person once, however often and from however many instances', async () => {
    const { store, second } = await make();
    expect(await store.personsOf!(ACCOUNT)).toEqual([]);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? store : second).addPerson!(ACCOUNT, i % 3 ? ana : ben)),
    );
    expect((await second.personsOf!(ACCOUNT)).sort()).toEqual([ana, ben].sort());
    expect(await store.personsOf!(OTHER)).toEqual([]);
  });

  it('keeps the index when the account deletes its own journal, so the persons stay reachable', async () => {
    const { store } = await make();
    await store.addPerson!(ACCOUNT, ana);
    await fill(store, ACCOUNT, 'account');
    await store.deleteUser(ACCOUNT);
    expect(await store.personsOf!(ACCOUNT)).toEqual([ana]);
  });

  it('deletes one person: their journal, place and knot map, and their line in the index; nobody else', async () => {
    const { store, second } = await make();
    for (const key of [ana, ben]) await store.addPerson!(ACCOUNT, key);
    await fill(store, ACCOUNT, 'account');
    await fill(store, ana, 'ana');
    await fill(store, ben, 'ben');
    await deletePerson(second, ACCOUNT, ana);
    expect(await held(store, ana)).toEqual(nothing);
    expect(await held(store, ben)).toMatchObject({ journal: ['j-ben'], knots: ['k-ben', 't-ben'] });
    expect(await held(store, ACCOUNT)).toMatchObject({ journal: ['j-account'] });
    expect(await store.personsOf!(ACCOUNT)).toEqual([ben]);
  });

  it('deletes the whole account: every person, the account, the index; another account keeps all', async () => {
    const { store, second } = await make();
    for (const key of [ana, ben]) await store.addPerson!(ACCOUNT, key);
    const neighbour = personKey(OTHER, 'amzn1.ask.person.ANA');
    await store.addPerson!(OTHER, neighbour);
    for (const [userId, tag] of [
      [ACCOUNT, 'account'],
      [ana, 'ana'],
      [ben, 'ben'],
      [OTHER, 'other'],
      [neighbour, 'neighbour'],
    ] as const)
      await fill(store, userId, tag);
    // 30 journal entries: more than one delete batch of DynamoDB.
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.appendJournal(ben, journalEntry({ id: `b${i}` }))));
    expect(await deleteAccount(second, ACCOUNT)).toBe(2);
    for (const userId of [ACCOUNT, ana, ben]) expect(await held(store, userId)).toEqual(nothing);
    expect(await store.personsOf!(ACCOUNT)).toEqual([]);
    expect(await held(store, OTHER)).toMatchObject({ journal: ['j-other'] });
    expect(await held(store, neighbour)).toMatchObject({
      journal: ['j-neighbour'],
      knots: ['k-neighbour', 't-neighbour'],
    });
    expect(await store.personsOf!(OTHER)).toEqual([neighbour]);
  });
});

describe('person keys', () => {
  it('are the same for the same voice on the same account, and differ across voices and accounts', () => {
    expect(personKey(ACCOUNT, 'amzn1.ask.person.ANA')).toBe(ana);
    expect(new Set([ana, ben, personKey(OTHER, 'amzn1.ask.person.ANA'), ACCOUNT]).size).toBe(4);
    expect(ana).not.toContain('ANA');
    expect(ana).not.toContain('HOUSE');
  });

  it('reach no disk name of the file store: account and person ids stay out of every file and folder name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'household-'));
    const store = new FileStore(dir);
    await store.addPerson(ACCOUNT, ana);
    await fill(store, ana, 'ana');
    const names = readdirSync(dir, { recursive: true }).map(String).join('\n');
    expect(names).toMatch(/^households/m);
    expect(names).not.toMatch(/amzn1|HOUSE|alexa-person/);
  });

  it('leave no temporary file of the household index behind a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'household-'));
    const store = new FileStore(dir);
    await store.addPerson(ACCOUNT, ana);
    await store.saveResume(ana, point);
    const folder = join(dir, 'households', readdirSync(join(dir, 'households'))[0]!);
    writeFileSync(join(folder, 'abc.json.1234.tmp'), '{"id":');
    expect(await store.personsOf(ACCOUNT)).toEqual([ana]);
    expect(await store.removeLeftovers()).toBe(1);
  });
});

describe('the store the server opens (createStore: each call under its deadline)', () => {
  it('keeps the knot map and the household index on files, as the stores below it do', async () => {
    const store = await createStore(loadConfig({ STORE: 'file', DATA_DIR: mkdtempSync(join(tmpdir(), 'household-')) }));
    try {
      await store.addPerson!(ACCOUNT, ana);
      await fill(store, ana, 'ana');
      expect(await held(store, ana)).toEqual({ resume: true, journal: ['j-ana'], knots: ['k-ana', 't-ana'] });
      expect(await deleteAccount(store, ACCOUNT)).toBe(1);
      expect(await held(store, ana)).toEqual(nothing);
    } finally {
      await store.close?.();
    }
  });

  it('answers a hung knot map or index in time, as it does a hung journal', async () => {
    const hung = () => new Promise<never>(() => undefined);
    const inner: Store = {
      load: hung,
      saveResume: hung,
      appendJournal: hung,
      setGoal: hung,
      countSession: hung,
      deleteUser: hung,
      appendKnot: hung,
      loadKnots: hung,
      addPerson: hung,
      personsOf: hung,
      forgetPersons: hung,
    };
    const bounded = new DeadlineStore(inner, 50);
    for (const call of [
      () => bounded.appendKnot!(ana, knot('k')),
      () => bounded.loadKnots!(ana),
      () => bounded.addPerson!(ACCOUNT, ana),
      () => bounded.personsOf!(ACCOUNT),
      () => deleteAccount(bounded, ACCOUNT),
    ])
      await expect(call()).rejects.toThrow(StoreDeadlineError);
  });

  it('leaves out what the store below does not keep', () => {
    // A store with the required calls only: the broken store's, without its knot map.
    const plain: Store = { ...brokenStore('ok').store, appendKnot: undefined, loadKnots: undefined };
    const bounded = new DeadlineStore(plain);
    expect([bounded.appendKnot, bounded.loadKnots, bounded.addPerson, bounded.personsOf]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
