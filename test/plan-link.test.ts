import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setLogSink } from '../src/log';
import { Conversation } from '../src/runtime/conversation';
import { FileStore } from '../src/store/file-store';
import { MemoryStore } from '../src/store/memory-store';
import type { Store } from '../src/store/types';
import { consoleClient } from './helpers/console-client';
import { cxDevice, esDevice } from './helpers/dialogflow-client';
import { startServer } from './helpers/server';
import { startDynamo } from './helpers/dynamo';

/**
 * A physiotherapist's plan kept for the person on the page (POST /console/plan), and linked to a
 * voice channel by a pairing code: LINK_PLAN resolved by the runtime before the turn.
 */
const EXAMPLE = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'), 'utf8'));
const NOW = Date.UTC(2026, 10, 30, 9, 0, 0);

let server: Awaited<ReturnType<typeof startServer>>;
let client: ReturnType<typeof consoleClient>;
beforeAll(async () => {
  setLogSink('silent');
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(() => (client = consoleClient(server.baseUrl)));

/** A voice turn of another channel's user on the same store: "link my plan, the code is …". */
async function sayCode(conversation: Conversation, userId: string, code: string, locale = 'en-US', now = NOW) {
  const turn = await conversation.handle({
    userId,
    sessionId: `s-${userId}`,
    requestId: `r-${Math.random()}`,
    snapshot: null,
    event: { type: 'LINK_PLAN', code },
    locale,
    platform: 'alexa',
    now,
    newSession: true,
  });
  return turn.speech.text;
}

describe('keeping a plan on the page', () => {
  it('keeps a checked plan in the console user profile and says which one is kept', async () => {
    const kept = await client.post('/console/plan', { browser: 'a', plan: EXAMPLE });
    expect(kept.status).toBe(200);
    expect(kept.body.plan).toMatchObject({ id: 'desk-neck', author: { name: 'Anna Weber' }, steps: 4 });
    const again = await client.post('/console/plan/kept', { browser: 'a' });
    expect(again.body.plan.title['de-DE']).toBe('Nacken und Brust für Bürotage');
    expect((await server.store.loadPlan!(await client.userOf('a')))?.id).toBe('desk-neck');
    // Unlinked with null.
    expect((await client.post('/console/plan', { browser: 'a', plan: null })).body).toEqual({ plan: null });
    expect((await client.post('/console/plan/kept', { browser: 'a' })).body).toEqual({ plan: null });
  });

  it('refuses an unsafe plan with each problem by field, and keeps nothing', async () => {
    const unsafe = structuredClone(EXAMPLE);
    unsafe.steps[1].dose.seconds = 400;
    delete unsafe.title['de-DE'];
    const refused = await client.post('/console/plan', { browser: 'b', plan: unsafe });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([
      { path: 'title.de-DE', message: 'missing: the plan speaks de-DE' },
      {
        path: 'steps[1] (neck/compression).dose.seconds',
        message: '400 s is outside the safe range for trigger-point-compression: 30–60 s',
      },
    ]);
    expect((await client.post('/console/plan/kept', { browser: 'b' })).body).toEqual({ plan: null });
  });

  it('refuses another browser, a missing id and a body over the limit', async () => {
    const { session } = await client.identity('c');
    const stranger = await fetch(`${server.baseUrl}/console/plan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-coach-token': 'not-the-token' },
      body: JSON.stringify({ session, plan: EXAMPLE }),
    });
    expect(stranger.status).toBe(403);
    expect((await client.post('/console/plan', { plan: EXAMPLE })).status).toBe(400);
    const huge = { ...EXAMPLE, author: { name: 'x'.repeat(200_000) } };
    expect((await client.post('/console/plan', { browser: 'c', plan: huge })).status).toBe(413);
  });

  it('serves the plans folder at /plans/<id>.json, and nothing outside it', async () => {
    const neck = await fetch(`${server.baseUrl}/plans/neck.json`);
    expect(neck.status).toBe(200);
    expect(((await neck.json()) as { id: string }).id).toBe('neck');
    for (const path of ['/plans/..%2Fpackage.json', '/plans/NECK.json', '/plans/missing.json'])
      expect((await fetch(`${server.baseUrl}${path}`)).status).toBe(404);
  });
});

describe('pairing a voice channel', () => {
  it('gives a six-digit code only for a kept plan', async () => {
    expect((await client.post('/console/plan/pairing', { browser: 'none' })).status).toBe(409);
    await client.post('/console/plan', { browser: 'd', plan: EXAMPLE });
    const issued = await client.post('/console/plan/pairing', { browser: 'd' });
    expect(issued.status).toBe(200);
    // Six digits, never a leading zero (Alexa fills the slot as a number).
    expect(issued.body.code).toMatch(/^[1-9][0-9]{5}$/);
    expect(issued.body.expiresInSeconds).toBe(600);
  });

  it.each([
    ['en-US', 'Linked: neck and chest for desk days, from Anna Weber.'],
    ['de-DE', 'Verknüpft: Nacken und Brust für Bürotage, von Anna Weber.'],
  ])('links the plan by its code once, in %s, and says the title and author', async (locale, said) => {
    const store = new MemoryStore();
    const page = new Conversation(store);
    const voice = new Conversation(store);
    await store.savePlan('console:person', EXAMPLE);
    const issued = await page.pairing.issue('console:person', NOW);
    if (!('code' in issued)) throw new Error('no code');
    const spoken = issued.code.split('').join(' ');
    expect(await sayCode(voice, 'alexa:one', spoken, locale)).toContain(said);
    expect((await store.loadPlan('alexa:one'))?.id).toBe('desk-neck');
    // Single use: the same code again does not work.
    expect(await sayCode(voice, 'alexa:two', issued.code, locale)).not.toContain(said);
    expect(await store.loadPlan('alexa:two')).toBeNull();
  });

  it('refuses an expired code, a wrong one, and too many tries, never linking', async () => {
    const store = new MemoryStore();
    const conversation = new Conversation(store);
    await store.savePlan('console:person', EXAMPLE);
    const issued = await conversation.pairing.issue('console:person', NOW);
    if (!('code' in issued)) throw new Error('no code');
    const late = await sayCode(conversation, 'alexa:late', issued.code, 'en-US', NOW + 11 * 60_000);
    expect(late).toContain('That code did not work.');
    const wrong = String((Number(issued.code) + 1) % 1_000_000).padStart(6, '0');
    for (let tries = 0; tries < 5; tries += 1)
      expect(await sayCode(conversation, 'alexa:guess', wrong)).toContain('That code did not work.');
    expect(await sayCode(conversation, 'alexa:guess', wrong)).toContain('That was too many codes for now.');
    expect(await store.loadPlan('alexa:late')).toBeNull();
    expect(await store.loadPlan('alexa:guess')).toBeNull();
  });
});

describe('pairing over Dialogflow', () => {
  /** A plan kept on the page and a fresh code for it, on the test server's store. */
  async function codeOnPage(browser: string) {
    await client.post('/console/plan', { browser, plan: EXAMPLE });
    const issued = await client.post('/console/plan/pairing', { browser });
    return issued.body.code as string;
  }
  const linkSaying = (code: string) => `link my plan the code is ${code.split('').join(' ')}`;

  it('does not take a code from a caller who is only this conversation, and says why; the code still works', async () => {
    const code = await codeOnPage('df-1');
    for (const device of [esDevice(server.baseUrl), cxDevice(server.baseUrl)]) {
      await device.say('<launch>');
      const heard = await device.say(linkSaying(code));
      expect(heard!.speech).toContain(
        "I can only keep a plan for an account, and this conversation isn't tied to one.",
      );
    }
    // Nothing was spent: the person's own code still links for a caller the channel names.
    const phone = esDevice(server.baseUrl, {
      source: 'GOOGLE_TELEPHONY',
      payload: { telephony: { caller_id: '+491701234567' } },
    });
    await phone.say('<launch>');
    expect((await phone.say(linkSaying(code)))!.speech).toContain('Linked: neck and chest for desk days');
    expect((await server.store.loadPlan!('GOOGLE_TELEPHONY:telephony:+491701234567'))?.id).toBe('desk-neck');
  });

  it('gives a session-only caller no tries to spend, however many conversations they open', async () => {
    const code = await codeOnPage('df-2');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let conversation = 0; conversation < 8; conversation += 1) {
      const device = esDevice(server.baseUrl);
      await device.say('<launch>');
      expect((await device.say(linkSaying(wrong)))!.speech).not.toContain('That code did not work');
    }
  });
});

describe('the stores keep plans and codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-store-'));
  let dynamo: Awaited<ReturnType<typeof startDynamo>>;
  beforeAll(async () => (dynamo = await startDynamo()));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dynamo.stop();
  });
  it.each<[string, () => Promise<Store>]>([
    ['memory', async () => new MemoryStore()],
    ['file', async () => new FileStore(dir)],
    ['DynamoDB', () => dynamo.store()],
  ])('%s: a plan until deleted; a code once, not twice at a time', async (_name, make) => {
    const store = await make();
    await store.savePlan!('u', EXAMPLE);
    expect((await store.loadPlan!('u'))?.author.name).toBe('Anna Weber');
    expect(await store.savePairing!('123456', { userId: 'u', until: NOW })).toBe(true);
    expect(await store.savePairing!('123456', { userId: 'v', until: NOW })).toBe(false);
    const [first, second] = await Promise.all([store.takePairing!('123456'), store.takePairing!('123456')]);
    expect([first, second].filter(Boolean)).toEqual([{ userId: 'u', until: NOW }]);
    await store.savePlan!('u', null);
    expect(await store.loadPlan!('u')).toBeNull();
    await store.savePlan!('u', EXAMPLE);
    await store.deleteUser('u');
    expect(await store.loadPlan!('u')).toBeNull();
  });
});
