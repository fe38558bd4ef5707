/**
 * Launch without a disk sync per request: session starts of one user share the file store's
 * profile write (group commit), each start still gets its own count, durably, before its answer,
 * and exactly one of many simultaneous first launches hears the first-session welcome.
 */
import { promises as fsPromises, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTurn } from '../src/coach/turn';
import { LIMITS } from '../src/speech/limits';
import { Conversation } from '../src/runtime/conversation';
import { FileStore } from '../src/store/file-store';
import type { Store } from '../src/store/types';
import { startDynamo } from './helpers/dynamo';

let dynamo: Awaited<ReturnType<typeof startDynamo>>;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(async () => {
  await dynamo.stop();
});

const stores: Array<[string, () => Promise<Store>]> = [
  ['file store', async () => new FileStore(mkdtempSync(join(tmpdir(), 'launch-')))],
  ['DynamoDB store (dynalite)', async () => dynamo.store(`launch-${Math.random().toString(36).slice(2, 10)}`)],
];

describe.each(stores)('%s', (_name, make) => {
  it('gives each of many simultaneous session starts its own count, and keeps them all', async () => {
    const store = await make();
    const counts = await Promise.all(Array.from({ length: 25 }, () => store.countSession('ann')));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await store.countSession('ann')).toBe(26);
    expect((await store.load('ann')).sessions).toBe(26);
  });
});

describe('file store', () => {
  it('counts simultaneous session starts of one user with a few profile writes, not one sync each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-'));
    const renames = jest.spyOn(fsPromises, 'rename');
    try {
      await Promise.all(Array.from({ length: 40 }, () => new FileStore(dir).countSession('bea')));
      const profileWrites = renames.mock.calls.filter(([, to]) => String(to).endsWith('profile.json')).length;
      expect(profileWrites).toBeGreaterThan(0);
      expect(profileWrites).toBeLessThanOrEqual(3);
      expect((await new FileStore(dir).load('bea')).sessions).toBe(40);
    } finally {
      renames.mockRestore();
    }
  });

  it('still counts after a failed write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-'));
    const store = new FileStore(dir);
    const rename = jest
      .spyOn(fsPromises, 'rename')
      .mockRejectedValueOnce(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    try {
      await expect(store.countSession('cy')).rejects.toThrow('disk full');
    } finally {
      rename.mockRestore();
    }
    expect(await store.countSession('cy')).toBe(1);
  });
});

describe('simultaneous first launches of one user', () => {
  it('welcome them as new exactly once', async () => {
    const conversation = new Conversation(new FileStore(mkdtempSync(join(tmpdir(), 'launch-'))));
    const launch = (i: number) =>
      conversation.handle({
        userId: 'dee',
        sessionId: `s${i}`,
        requestId: `r${i}`,
        snapshot: null,
        event: { type: 'LAUNCH' },
        locale: 'en-US',
        platform: 'alexa',
        now: Date.now(),
        newSession: true,
      });
    const turns = await Promise.all(Array.from({ length: 12 }, (_, i) => launch(i)));
    const first = runTurn(
      null,
      { type: 'LAUNCH' },
      {
        now: Date.now(),
        locale: 'en-US',
        budgetSeconds: LIMITS.alexa.maxResponseSeconds,
        profile: { firstSession: true, resume: null, progress: null, persistentPain: null },
      },
    ).output;
    const welcomedAsNew = turns.filter((turn) => JSON.stringify(turn.output.acts) === JSON.stringify(first.acts));
    expect(welcomedAsNew).toHaveLength(1);
    expect((await conversation.store.load('dee')).sessions).toBe(12);
  });
});
