import { setLogSink } from '../src/log';
import { Conversation } from '../src/runtime/conversation';
import { SnapshotKeys } from '../src/runtime/snapshot-seal';
import { createApp } from '../src/server/app';
import type { ConsoleOptions } from '../src/server/console';
import { MemoryStore } from '../src/store/memory-store';
import { consoleClient } from './helpers/console-client';
import { journalEntry } from './helpers/journal';
import { listen } from './helpers/server';

/**
 * The browser console holds people's journals behind one random id each: nobody reaches another's
 * data, another site cannot act for a visitor, and a flood costs the flood.
 */
beforeAll(() => setLogSink('silent'));

async function serve(options: ConsoleOptions = {}, store = new MemoryStore()) {
  const server = await listen(createApp({ conversation: new Conversation(store), env: {}, consoleOptions: options }));
  return { ...server, store, client: consoleClient(server.baseUrl) };
}
type Served = Awaited<ReturnType<typeof serve>>;

const raw = (server: Served, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any, retryAfter: r.headers.get('retry-after') }));

/** A browser that has done a neck routine and stopped: one journal entry. */
async function withJournal(server: Served, browser: string) {
  for (const text of ['start neck release', 'ready', 'stop']) await server.client.say(browser, text);
  const userId = await server.client.userOf(browser);
  expect((await server.store.load(userId)).journal).toHaveLength(1);
  return userId;
}

describe("another browser's id", () => {
  let server: Served;
  beforeAll(async () => (server = await serve()));
  afterAll(() => server.close());

  it('is refused on every console route without its own token, and nothing of its owner changes', async () => {
    const owner = await withJournal(server, 'owner');
    const { session } = await server.client.identity('owner');
    const { token: strangersToken } = await server.client.identity('stranger');
    for (const path of ['/console/say', '/console/progress', '/console/delete']) {
      for (const headers of [{}, { 'x-coach-token': strangersToken }, { 'x-coach-token': 'x'.repeat(43) }] as Array<
        Record<string, string>
      >) {
        const answer = await raw(server, path, { session, text: 'delete my data', locale: 'en-US' }, headers);
        expect({ path, status: answer.status }).toEqual({ path, status: 403 });
        expect(answer.body.error).toMatch(/not yours/);
      }
    }
    expect((await server.store.load(owner)).journal).toHaveLength(1);
    // Its owner, with its token, deletes it.
    expect((await server.client.post('/console/delete', { browser: 'owner' })).status).toBe(200);
    expect((await server.store.load(owner)).journal).toHaveLength(0);
  });

  it('is never in a URL: progress is a POST with the id in the body, the old GET is gone', async () => {
    const { session } = await server.client.identity('owner');
    expect((await fetch(`${server.baseUrl}/console/progress?session=${session}`)).status).toBe(404);
    const progress = await server.client.post('/console/progress', { browser: 'owner', locale: 'en-US' });
    expect(progress.status).toBe(200);
    expect(progress.body).toHaveProperty('weeks');
  });

  it('made up by a client is not taken: hello gives a new one instead', async () => {
    const made = await raw(server, '/console/hello', { session: 'made-up-by-me-0001' });
    expect(made.status).toBe(200);
    expect(made.body.session).not.toBe('made-up-by-me-0001');
    expect(made.body.session).toMatch(/^[0-9a-f]{48}$/);
    // An id it issued comes back as it was (a reload), with the same token.
    const again = await raw(server, '/console/hello', { session: made.body.session });
    expect(again.body).toEqual(made.body);
  });
});

describe('another site', () => {
  let server: Served;
  beforeAll(async () => {
    server = await serve();
    await withJournal(server, 'visitor');
  });
  afterAll(() => server.close());

  it.each([
    ['an Origin of another site', { origin: 'https://evil.example' }, 403],
    ['a "null" Origin (a sandboxed frame)', { origin: 'null' }, 403],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }, 403],
    ['a form post (text/plain)', { 'content-type': 'text/plain' }, 415],
  ])('cannot act for a visitor: %s', async (_name, headers, status) => {
    const { session, token } = await server.client.identity('visitor');
    for (const path of ['/console/hello', '/console/say', '/console/progress', '/console/delete']) {
      const answer = await raw(server, path, { session, text: 'hello' }, { 'x-coach-token': token, ...headers });
      expect({ path, status: answer.status }).toEqual({ path, status });
    }
    expect((await server.store.load(await server.client.userOf('visitor'))).journal).toHaveLength(1);
  });

  it('gets no CORS headers, even on a preflight', async () => {
    const preflight = await fetch(`${server.baseUrl}/console/delete`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the page itself (same origin) gets through', async () => {
    const { session, token } = await server.client.identity('page');
    const answer = await raw(
      server,
      '/console/say',
      { session, text: 'help' },
      { 'x-coach-token': token, origin: server.baseUrl, 'sec-fetch-site': 'same-origin' },
    );
    expect(answer.status).toBe(200);
  });
});

describe('limits', () => {
  it('one browser: past its limit, 429 with Retry-After and a reason', async () => {
    const server = await serve({ limits: { perBrowser: 5 } });
    try {
      const answers = [];
      for (let n = 0; n < 7; n += 1) answers.push(await server.client.say('busy', 'help'));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(answers[5]!.body.error).toMatch(/Too many requests from this browser/);
      // Another browser is not held up by it.
      expect((await server.client.say('calm', 'help')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('one address: past its limit, 429 on every route', async () => {
    const server = await serve({ limits: { perAddress: 4 } });
    try {
      const statuses = [];
      for (let n = 0; n < 6; n += 1) statuses.push((await raw(server, '/console/hello', {})).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await server.close();
    }
  });

  it('new ids are limited per address; a kept id still comes back', async () => {
    const server = await serve({ limits: { newIdsPerAddress: 3 } });
    try {
      const first = await raw(server, '/console/hello', {});
      for (let n = 0; n < 2; n += 1) expect((await raw(server, '/console/hello', {})).status).toBe(200);
      const refused = await raw(server, '/console/hello', {});
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toMatch(/^\d+$/);
      expect((await raw(server, '/console/hello', { session: first.body.session })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('a flood of visitors', () => {
  it('1,001 one-request visitors who start a routine delete no journal with entries', async () => {
    // As if from 1,001 addresses: the per-address limits are lifted to let the flood through.
    const server = await serve({ limits: { newIdsPerAddress: 5000, perAddress: 50_000 } });
    try {
      const real = await withJournal(server, 'real-person');
      for (let n = 0; n < 1001; n += 1) {
        const visitor = await server.client.say(`visitor-${n}`, 'start neck release');
        expect(visitor.status).toBe(200);
      }
      expect((await server.store.load(real)).journal).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('ids from before the server issued them', () => {
  it('come back as they are when something is kept for them, so nothing is lost', async () => {
    const store = new MemoryStore();
    const legacy = '0123456789abcdef0123456789abcdef';
    await store.countSession(`console:${legacy}`);
    await store.appendJournal(`console:${legacy}`, journalEntry({ id: 'old' }));
    const server = await serve({ keys: SnapshotKeys.fromEnv(undefined) }, store);
    try {
      const hello = await raw(server, '/console/hello', { session: legacy });
      expect(hello.body.session).toBe(legacy);
      const progress = await raw(
        server,
        '/console/progress',
        { session: legacy, locale: 'en-US' },
        { 'x-coach-token': hello.body.token },
      );
      expect(progress.body.totalSessions).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('carrying a journal to another device', () => {
  it('takes a one-time code from the first device; the second gets the same journal, never the id shown', async () => {
    const server = await serve();
    try {
      const owner = await withJournal(server, 'phone');
      const issued = await server.client.post('/console/transfer', { browser: 'phone' });
      expect(issued.status).toBe(200);
      expect(issued.body.code).toMatch(/^[A-Z2-9]{8}$/);
      // The laptop types it, with a dash and in lower case.
      const typed = `${issued.body.code.slice(0, 4)}-${issued.body.code.slice(4).toLowerCase()}`;
      const laptop = await raw(server, '/console/hello', { code: typed });
      expect(laptop.status).toBe(200);
      expect(`console:${laptop.body.session}`).toBe(owner);
      const progress = await raw(
        server,
        '/console/progress',
        { session: laptop.body.session, locale: 'en-US' },
        { 'x-coach-token': laptop.body.token },
      );
      expect(progress.body.totalSessions).toBe(1);
      // Once only.
      expect((await raw(server, '/console/hello', { code: typed })).status).toBe(400);
      // A code needs the id's own token to be made.
      expect((await raw(server, '/console/transfer', { session: laptop.body.session })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('limits the codes one address may try', async () => {
    const server = await serve();
    try {
      const statuses: number[] = [];
      for (let n = 0; n < 12; n += 1)
        statuses.push((await raw(server, '/console/hello', { code: `WRONG${n}AB` })).status);
      expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await server.close();
    }
  });
});
