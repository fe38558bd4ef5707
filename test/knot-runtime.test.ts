import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markEntry, tensionEntry } from '../src/coach/knots';
import { setLogSink } from '../src/log';
import { Conversation } from '../src/runtime/conversation';
import { JournalOutbox } from '../src/runtime/journal-outbox';
import { checkedKnotDraft } from '../src/store/knot-entry';
import { MemoryStore } from '../src/store/memory-store';
import { brokenStore } from './helpers/broken-store';
import { journalEntry } from './helpers/journal';

/** The knot map's entries go the journal's way: checked, written once, kept and retried when the store is down. */
beforeAll(() => setLogSink(() => undefined));

const spot = { area: 'neck', side: 'right' as const, step: 'compression' };
const at = { id: 'k1', date: '2026-11-03T08:00:00.000Z', session: 's1' };
const spillPath = () => join(mkdtempSync(join(tmpdir(), 'coach-knots-')), 'spill.json');

describe('knot entries in the outbox', () => {
  it('are kept while the store is down and written to the knot map at the next start', async () => {
    const path = spillPath();
    const down = brokenStore('down');
    const before = new JournalOutbox(down.store);
    before.restore(path);
    expect(await before.write('user-a', markEntry(spot, at))).toBe(false);
    expect(await before.flush(50, 10)).toBe(1);

    const back = new MemoryStore();
    const after = new JournalOutbox(back);
    expect(after.restore(path)).toBe(1);
    await after.drain();
    expect(await back.loadKnots('user-a')).toEqual([markEntry(spot, at)]);
    expect((await back.load('user-a')).journal).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  it('set a spill file aside that holds a spot the guide does not have', () => {
    const path = spillPath();
    const forged = { ...markEntry(spot, at), spot: { area: 'neck', side: 'right', step: 'rm -rf' } };
    writeFileSync(path, JSON.stringify({ v: 1, entries: [{ userId: 'u', entry: forged, attempts: 0 }] }));
    expect(new JournalOutbox(new MemoryStore()).restore(path)).toBe(0);
  });

  it('accept only spots of the guide, ratings 0–10 and no words', () => {
    const { id: _id, session: _session, ...draft } = tensionEntry(spot, { before: 7, after: 3, holdSeconds: 45 }, at);
    expect(checkedKnotDraft(draft)).toEqual(draft);
    expect(checkedKnotDraft({ ...draft, before: 11 })).toBeNull();
    expect(checkedKnotDraft({ ...draft, note: 'my left trap hurts' })).toBeNull();
    expect(checkedKnotDraft({ ...draft, spot: { ...spot, side: null } })).toBeNull();
  });
});

describe('the profile a turn reads', () => {
  it('holds the knot map only when asked, and the recent sessions', async () => {
    const store = new MemoryStore();
    await store.appendKnot('user-a', markEntry(spot, at));
    await store.appendJournal('user-a', journalEntry({ id: 'j1', routine: 'neck', ratingBefore: 6, ratingAfter: 3 }));
    const conversation = new Conversation(store);
    const plain = await conversation.profile('user-a', Date.parse('2026-11-05T00:00:00Z'));
    expect(plain.knots).toBeUndefined();
    expect(plain.recent).toEqual([expect.objectContaining({ routine: 'neck', ratingBefore: 6, ratingAfter: 3 })]);
    const withKnots = await conversation.profile('user-a', Date.parse('2026-11-05T00:00:00Z'), undefined, true);
    expect(withKnots.knots).toEqual([markEntry(spot, at)]);
  });

  it('goes on without the map when the map cannot be read', async () => {
    const broken = brokenStore('ok');
    broken.store.loadKnots = () => Promise.reject(Object.assign(new Error('x'), { name: 'Timeout' }));
    const profile = await new Conversation(broken.store).profile('user-a', Date.now(), undefined, true);
    expect(profile.knots).toBeUndefined();
    expect(profile.journalReachable).not.toBe(false);
  });
});
