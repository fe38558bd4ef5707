import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { setLogSink } from '../src/log';
import { boundedDistance } from '../src/nlu/distance';
import { matcherFor } from '../src/nlu/matcher';
import { JournalOutbox } from '../src/runtime/journal-outbox';
import { FileStore } from '../src/store/file-store';
import { MemoryStore } from '../src/store/memory-store';
import type { Store } from '../src/store/types';
import { postJson } from './helpers/dialogflow-client';
import { journalEntry } from './helpers/journal';
import { startServer } from './helpers/server';
import { simulator } from './helpers/simulator';
import { runTranscript } from './helpers/transcript';

/** The reliability review's findings 3–8 and 12 (reviews/reliability-review.md), one block each. */
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  if (!nock.isActive()) nock.activate();
  nock.enableNetConnect('127.0.0.1');
  setLogSink('silent');
  server = await startServer({ dialogflowAuth: 'off' });
});
afterAll(async () => {
  await server.close();
  nock.restore();
});

const esRequest = (payload: unknown, queryText = 'hi') => ({
  responseId: `es-${Math.random()}`,
  session: 'projects/p/agent/sessions/payload',
  queryResult: { queryText, languageCode: 'en' },
  originalDetectIntentRequest: { source: 'telegram', payload },
});

describe('finding 4: an ES payload of any JSON type', () => {
  it.each([
    ['a string', 'x'],
    ['true', true],
    ['false', false],
    ['a number', 42],
    ['an array', [1, 'telephony']],
    ['null', null],
    ['an object', {}],
  ])('answers 200 when originalDetectIntentRequest.payload is %s', async (_name, payload) => {
    const { status, body } = await postJson(`${server.baseUrl}/dialogflow`, esRequest(payload), {
      'content-type': 'application/json',
    });
    expect(status).toBe(200);
    expect(body.fulfillmentText).toMatch(/Massage Coach/);
  });
});

describe('finding 3: bounded matcher work', () => {
  it('answers a CX turn of 400,000 characters (the body limit allows ~500,000) as a fallback, at once', async () => {
    // Before, the whole text went through an edit-distance table against every pattern: ~minutes.
    const text = 'x'.repeat(400_000);
    const { status, body } = await postJson(
      `${server.baseUrl}/dialogflow-cx`,
      { detectIntentResponseId: 'long-1', languageCode: 'en', sessionInfo: { session: 'long' }, text },
      { 'content-type': 'application/json' },
    );
    expect(status).toBe(200);
    expect(body.fulfillmentResponse.messages[0].text.text[0]).toMatch(/Massage Coach/);
  });

  it('matches only the first 512 characters of a text', () => {
    const matcher = matcherFor('en-US');
    expect(matcher.match(`next ${'x'.repeat(600)}`).event.type).not.toBe('FALLBACK');
    expect(matcher.match(`${'uh '.repeat(200)}next`).event.type).toBe('FALLBACK');
  });

  it('still forgives a typo ("nxet", "repaet")', () => {
    const matcher = matcherFor('en-US');
    expect(matcher.match('nxet').event.type).toBe('NEXT');
    expect(matcher.match('repaet').event.type).toBe('REPEAT');
  });

  it('computes the same bounded distance as a full table, for every bound', () => {
    const full = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i += 1)
        for (let j = 1; j <= b.length; j += 1) {
          d[i]![j] = Math.min(
            d[i - 1]![j]! + 1,
            d[i]![j - 1]! + 1,
            d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[a.length]![b.length]!;
    };
    const words = [
      'next',
      'nxet',
      'repeat',
      'repaet',
      'pause',
      'wait a second',
      'wait a sec',
      'take a break',
      '',
      'a',
      'stop',
    ];
    for (const a of words)
      for (const b of words)
        for (const max of [0, 1, 2, 5]) {
          const exact = full(a, b);
          expect(boundedDistance(a, b, max)).toBe(exact > max ? max + 1 : exact);
        }
  });
});

describe('finding 7: honest speech when the store fails', () => {
  /** A store whose profile writes fail (read-only disk); reads work. */
  function readOnlyStore(): Store {
    const inner = new MemoryStore();
    const refuse = () => Promise.reject(Object.assign(new Error('EROFS: read-only file system'), { name: 'Error' }));
    return {
      load: (id) => inner.load(id),
      saveResume: refuse,
      appendJournal: refuse,
      setGoal: refuse,
      countSession: refuse,
      deleteUser: refuse,
    };
  }

  it.each([
    ['en-US', 'stop', "couldn't save your place"],
    ['de-DE', 'stopp', 'konnte mir diesmal nicht merken'],
  ])('says in %s that the place could not be saved, never that it was', async (locale, stop, honest) => {
    const { send } = simulator({ store: readOnlyStore(), locale });
    await runTranscript(
      `
      U: <launch>
      U: ${locale === 'en-US' ? 'start neck' : 'nacken'}
      U: ${locale === 'en-US' ? 'ready' : 'bereit'}
      U: ${stop}
      A: ${honest}
      A$
      `,
      send,
    );
    const line = await send('<launch>');
    expect(line?.speech).not.toMatch(/pick up where|weitermachen, wo/i);
  });

  it('still says the place is saved when it was', async () => {
    const { send } = simulator();
    await runTranscript(
      `
      U: <launch>
      U: start neck
      U: ready
      U: stop
      A: I've saved your place
      A$
      `,
      send,
    );
  });
});

describe('finding 5 and 12: one server per DATA_DIR, no leftovers', () => {
  it('refuses a second store on a folder another one holds, and frees it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const first = await FileStore.open(dir);
    await expect(FileStore.open(dir)).rejects.toThrow(/DATA_DIR .* is in use by another Massage Coach server/);
    await first.close();
    const again = await FileStore.open(dir);
    await again.close();
  });

  it('removes temporary files a crash left behind, and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmp-'));
    const store = new FileStore(dir);
    await store.appendJournal('ana', journalEntry({ id: 'kept' }));
    const user = join(dir, 'users', readdirSync(join(dir, 'users'))[0]!);
    writeFileSync(join(user, 'profile.json.0b5c.tmp'), '{"sessions":');
    writeFileSync(join(user, 'journal', 'abc.json.1f2e.tmp'), '{"id":');
    mkdirSync(join(dir, 'users', 'empty'));
    const opened = await FileStore.open(dir);
    try {
      expect(readdirSync(user).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(readdirSync(join(user, 'journal')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect((await opened.load('ana')).journal.map((entry) => entry.id)).toEqual(['kept']);
    } finally {
      await opened.close();
    }
  });
});

describe('finding 6: the journal outbox', () => {
  it('keeps retrying at shutdown until the store takes the entries, within the time given', async () => {
    const inner = new MemoryStore();
    let failures = 3;
    // Only the journal write fails; the outbox needs nothing else of the store.
    const store = {
      appendJournal: (id: string, entry: never) =>
        failures-- > 0 ? Promise.reject(new Error('down')) : inner.appendJournal(id, entry),
    } as unknown as Store;
    const outbox = new JournalOutbox(store);
    expect(await outbox.write('ana', journalEntry({ id: 'late' }))).toBe(false);
    expect(outbox.pending).toBe(1);
    expect(await outbox.flush(5000, 1)).toBe(0);
    expect((await inner.load('ana')).journal.map((entry) => entry.id)).toEqual(['late']);
  });

  it('says how many entries it could not write when the time is up', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    try {
      const store = { appendJournal: () => Promise.reject(new Error('down')) } as unknown as Store;
      const outbox = new JournalOutbox(store, 2);
      for (const id of ['a', 'b', 'c']) await outbox.write('ana', journalEntry({ id }));
      expect(await outbox.flush(50, 10)).toBe(2);
      expect(lines.some((line) => line.includes('journal entry dropped: the outbox is full'))).toBe(true);
      expect(
        lines.some((line) => line.includes('journal entries not written at shutdown') && line.includes('"count":2')),
      ).toBe(true);
    } finally {
      setLogSink('silent');
    }
  });
});

describe('finding 8 (headers): every response carries the security headers', () => {
  it.each([
    ['GET', '/healthz'],
    ['GET', '/'],
    ['GET', '/nowhere'],
    ['POST', '/alexa'],
    ['POST', '/dialogflow-cx'],
  ])('%s %s', async (method, path) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: '{' } : {}),
    });
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('finding 11: reasons of ours, never a library text', () => {
  it.each([
    ['/alexa', { 'content-encoding': 'gzip' }, '{"version":"1.0"}'],
    ['/dialogflow-cx', { 'content-encoding': 'gzip' }, '{"text":"hi"}'],
    ['/dialogflow-cx', { 'content-encoding': 'br-not-real' }, '{"text":"hi"}'],
  ])('%s with %j and a body that is not so encoded', async (path, headers, body) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    expect([400, 415]).toContain(response.status);
    const { error } = (await response.json()) as { error: string };
    expect(error).not.toMatch(/incorrect header check|zlib|Z_/i);
    expect(['Bad request', 'Unsupported content encoding', 'Malformed JSON body']).toContain(error);
  });
});
