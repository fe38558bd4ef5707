import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Conversation } from '../src/runtime/conversation';
import { FileStore } from '../src/store/file-store';
import { MemoryStore } from '../src/store/memory-store';
import type { Store } from '../src/store/types';
import { consoleServerPerFile } from './helpers/console-server';
import { cxDevice, postJson as postDialogflow } from './helpers/dialogflow-client';

/**
 * This round's attack on the plan routes (issue 22) by a hostile tester who wants another
 * person's data or to plant a plan on them: docs/attack-r4.md.
 */
const EXAMPLE = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'), 'utf8'));
const NOW = Date.UTC(2026, 11, 5, 21, 0, 0);

const live = consoleServerPerFile();

/** A GET with a Host header of the test's choice (fetch will not send a made-up one). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(live.server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /plans/', () => {
  it('serves only the plans folder, whatever the encoding of the name', async () => {
    const paths = [
      '/plans/%2e%2e%2fpackage.json',
      '/plans/..%5cpackage.json',
      '/plans/%252e%252e%252fpackage.json',
      '/plans/..%2F..%2Fetc%2Fpasswd',
      '/plans/.%2e/package.json',
      '/plans//etc/passwd',
      '/plans/%C0%AE%C0%AE%2Fpackage.json',
      '/plans/neck.json%00.txt',
      '/plans/neck.qr.svg%00',
      '/plans/NECK.JSON',
      `/plans/${'a'.repeat(5000)}.json`,
    ];
    for (const path of paths) {
      const response = await fetch(`${live.server.baseUrl}${path}`);
      const text = await response.text();
      expect([400, 404]).toContain(response.status);
      expect(text).not.toMatch(/"devDependencies"|root:/);
    }
  });

  it('answers a Host header too long for a QR code with 400, and escapes a hostile one', async () => {
    const long = await getWithHost('/plans/neck.qr.svg', `h${'h'.repeat(3000)}`);
    expect(long.status).toBe(400);
    expect(JSON.parse(long.body).error).toMatch(/too long for a QR code/);
    const hostile = await getWithHost('/plans/neck.qr.svg', 'x"><script>alert(1)</script>');
    expect(hostile.status).toBe(200);
    expect(hostile.body).not.toContain('<script>');
  });
});

describe('the plan routes, for another browser', () => {
  it("refuses one browser's token with another's id, and a cross-origin post with the right token", async () => {
    const owner = await live.client.identity('owner');
    const stranger = await live.client.identity('stranger');
    expect((await live.client.post('/console/plan', { browser: 'owner', plan: EXAMPLE })).status).toBe(200);
    const routes: [string, Record<string, unknown>][] = [
      ['/console/plan', { plan: null }],
      ['/console/plan/kept', {}],
      ['/console/plan/pairing', {}],
      ['/console/progress', {}],
      ['/console/journal', {}],
    ];
    for (const [path, body] of routes) {
      const borrowed = await fetch(`${live.server.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-coach-token': stranger.token },
        body: JSON.stringify({ session: owner.session, ...body }),
      });
      expect([path, borrowed.status]).toEqual([path, 403]);
      const crossSite = await fetch(`${live.server.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-coach-token': owner.token,
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
        },
        body: JSON.stringify({ session: owner.session, ...body }),
      });
      expect([path, crossSite.status]).toEqual([path, 403]);
    }
    // The owner's plan is still kept.
    expect((await live.client.post('/console/plan/kept', { browser: 'owner' })).body.plan.id).toBe('desk-neck');
  });
});

describe('pairing codes', () => {
  it('gives one browser five codes per ten minutes, not a flood that fills the store', async () => {
    expect((await live.client.post('/console/plan', { browser: 'flood', plan: EXAMPLE })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1)
      statuses.push((await live.client.post('/console/plan/pairing', { browser: 'flood' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    // Another person is not held up by it.
    expect((await live.client.post('/console/plan', { browser: 'calm', plan: EXAMPLE })).status).toBe(200);
    expect((await live.client.post('/console/plan/pairing', { browser: 'calm' })).status).toBe(200);
  });

  const stores: [string, () => { store: Store; done: () => void }][] = [
    ['memory', () => ({ store: new MemoryStore(), done: () => undefined })],
    [
      'files',
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'attack-r4-'));
        return { store: new FileStore(dir), done: () => rmSync(dir, { recursive: true, force: true }) };
      },
    ],
  ];

  it.each(stores)('links a code once: a second taker and a reuse get nothing (%s store)', async (_name, make) => {
    const { store, done } = make();
    try {
      const conversation = new Conversation(store);
      await store.savePlan!('console:victim', EXAMPLE);
      const issued = await conversation.pairing.issue('console:victim', NOW);
      if (!('code' in issued)) throw new Error('no code');
      const link = (userId: string) =>
        conversation.handle({
          userId,
          sessionId: `s-${userId}`,
          requestId: randomUUID(),
          snapshot: null,
          event: { type: 'LINK_PLAN', code: issued.code },
          locale: 'en-US',
          platform: 'alexa',
          now: NOW,
          newSession: true,
        });
      // Two takers at once: one link.
      const [first, second] = await Promise.all([link('amzn1.ask.account.A'), link('amzn1.ask.account.B')]);
      const linked = [first, second].filter((turn) => /Linked/.test(turn.speech.text));
      expect(linked).toHaveLength(1);
      const kept = await Promise.all(['amzn1.ask.account.A', 'amzn1.ask.account.B'].map((u) => store.loadPlan!(u)));
      expect(kept.filter(Boolean)).toHaveLength(1);
      // Said again later, by a third user: nothing.
      const reuse = await link('amzn1.ask.account.C');
      expect(reuse.speech.text).not.toMatch(/Linked/);
      expect(await store.loadPlan!('amzn1.ask.account.C')).toBeNull();
    } finally {
      done();
    }
  });
});

describe('a Dialogflow snapshot made up', () => {
  it('nested deeper than the stack is refused like any forged one, not a 500', async () => {
    const device = cxDevice(live.server.baseUrl);
    await device.say('<launch>');
    const sealed = device.last.sessionInfo.parameters.coach;
    for (const part of ['s', 'p']) {
      const text = JSON.stringify({
        ...device.lastRequest,
        detectIntentResponseId: randomUUID(),
        fulfillmentInfo: { tag: 'HELP' },
        sessionInfo: {
          session: device.lastRequest.sessionInfo.session,
          parameters: { coach: { ...sealed, [part]: '@' } },
        },
      }).replace('"@"', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
      const answer = await postDialogflow(`${live.server.baseUrl}/dialogflow-cx`, text);
      expect(answer.status).toBe(200);
      expect(answer.body.fulfillmentResponse.messages[0].text.text[0]).toMatch(/start fresh/);
    }
  });
});

describe("the author's check and preview", () => {
  const twelveSteps = () => {
    const plan = structuredClone(EXAMPLE);
    const written = plan.steps[2];
    plan.steps = Array.from({ length: 12 }, (_, i) => ({ ...structuredClone(written), id: `step-${i}` }));
    return JSON.stringify(plan);
  };

  it('refuses a cross-origin preview, and more than 20 previews from one address in ten seconds', async () => {
    const text = twelveSteps();
    const crossSite = await fetch(`${live.server.baseUrl}/plan/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ text }),
    });
    expect(crossSite.status).toBe(403);
    const statuses: number[] = [];
    for (let i = 0; i < 24; i += 1) statuses.push((await live.client.post('/plan/preview', { text })).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
    // The check the editor runs as the author types is not held up by it.
    expect((await live.client.post('/plan/check', { text })).body.ok).toBe(true);
  });
});
