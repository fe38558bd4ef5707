import { randomUUID } from 'node:crypto';
import { setLogSink } from '../src/log';
import { MemoryStore } from '../src/store/memory-store';
import { postJson } from './helpers/dialogflow-client';
import { journalEntry } from './helpers/journal';
import { startServer } from './helpers/server';

/**
 * Who a Dialogflow request is coached as: only what the channel controls names the user, and the
 * snapshot a request carries must be the one this server sealed for that session and that user.
 */
const CALLER = '+15550009999';
const OLD_KEY = 'the-old-snapshot-key-0123456789abcdefgh';
const NEW_KEY = 'the-new-snapshot-key-0123456789abcdefgh';

let warnings: string[] = [];
beforeAll(() => setLogSink((line) => warnings.push(line)));
beforeEach(() => (warnings = []));

const session = () => `projects/p/locations/global/agents/a/sessions/${randomUUID()}`;

/** A CX webhook request, as an agent's detectIntent client could shape it. */
function cx(
  sessionPath: string,
  tag: string,
  { coach, payload, text, parameters }: { coach?: unknown; payload?: unknown; text?: string; parameters?: object } = {},
) {
  return {
    detectIntentResponseId: randomUUID(),
    languageCode: 'en',
    fulfillmentInfo: { tag },
    intentInfo: { displayName: tag, parameters: parameters ?? {} },
    sessionInfo: { session: sessionPath, parameters: coach === undefined ? {} : { coach } },
    ...(payload ? { payload } : {}),
    ...(text ? { text } : {}),
  };
}
const spoken = (body: any): string => body.fulfillmentResponse.messages[0].text.text[0];
const snapshotOf = (body: any) => body.sessionInfo.parameters.coach;

/** An ES request from a source, with a payload. */
function es(sessionPath: string, action: string, source: string | undefined, payload: unknown, queryText: string) {
  return {
    responseId: randomUUID(),
    session: sessionPath,
    queryResult: { queryText, action, parameters: {}, outputContexts: [], languageCode: 'en' },
    originalDetectIntentRequest: { ...(source ? { source } : {}), payload },
  };
}

async function withCallerJournal(store: MemoryStore, userId: string) {
  await store.countSession(userId);
  await store.appendJournal(userId, journalEntry({ id: 'caller-1' }));
  await store.appendJournal(userId, journalEntry({ id: 'caller-2' }));
}

describe('an impostor who sets a caller id in the payload', () => {
  /** The attack: a welcome, then "delete my journal" and "yes", with the caller's number in the payload. */
  async function impostor(trust: 'on' | 'off') {
    const store = new MemoryStore();
    await withCallerJournal(store, `cx:telephony:${CALLER}`);
    const server = await startServer({ store, env: { DIALOGFLOW_CX_TRUST_CALLER_ID: trust } });
    try {
      const url = `${server.baseUrl}/dialogflow-cx`;
      const path = session();
      const payload = { telephony: { caller_id: CALLER } };
      const welcome = await postJson(url, cx(path, 'LAUNCH', { payload }));
      const asked = await postJson(
        url,
        cx(path, 'DELETE_DATA', { coach: snapshotOf(welcome.body), payload, text: 'delete my journal' }),
      );
      const confirmed = await postJson(url, cx(path, 'YES', { coach: snapshotOf(asked.body), payload, text: 'yes' }));
      expect(confirmed.status).toBe(200);
      return { welcome: spoken(welcome.body), kept: (await store.load(`cx:telephony:${CALLER}`)).journal.length };
    } finally {
      await server.close();
    }
  }

  it('on CX (by default: the phone gateway is not the only client) hears a first-time welcome and deletes nothing of the caller', async () => {
    const { welcome, kept } = await impostor('off');
    expect(welcome).toMatch(/^Welcome to Massage Coach\./);
    expect(kept).toBe(2);
  });

  it('on CX, DIALOGFLOW_CX_TRUST_CALLER_ID=on is what lets the payload name the caller (a phone-only agent)', async () => {
    const { welcome, kept } = await impostor('on');
    expect(welcome).toMatch(/^Welcome back/);
    expect(kept).toBe(0);
  });

  it('on ES, a caller id without the phone gateway as the source is nobody: first-time welcome, nothing deleted', async () => {
    const store = new MemoryStore();
    await withCallerJournal(store, `GOOGLE_TELEPHONY:telephony:${CALLER}`);
    const server = await startServer({ store });
    try {
      const url = `${server.baseUrl}/dialogflow`;
      const payload = { telephony: { caller_id: CALLER } };
      for (const source of [undefined, 'DIALOGFLOW_CONSOLE', 'web-chat', 'facebook']) {
        const path = `projects/massage-coach/agent/sessions/${randomUUID()}`;
        const welcome = await postJson(url, es(path, 'input.welcome', source, payload, 'hi'));
        expect(welcome.body.fulfillmentText).toMatch(/^Welcome to Massage Coach\./);
      }
      // The genuine caller, through the phone gateway, is known.
      const genuine = await postJson(
        url,
        es(`projects/massage-coach/agent/sessions/${randomUUID()}`, 'input.welcome', 'GOOGLE_TELEPHONY', payload, 'hi'),
      );
      expect(genuine.body.fulfillmentText).toMatch(/^Welcome back/);
      expect((await store.load(`GOOGLE_TELEPHONY:telephony:${CALLER}`)).journal).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('sealed snapshots', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let store: MemoryStore;
  beforeAll(async () => {
    store = new MemoryStore();
    server = await startServer({ store });
  });
  afterAll(() => server.close());
  const url = () => `${server.baseUrl}/dialogflow-cx`;
  const payload = { telephony: { caller_id: '+15550004444' } };

  /** A CX session mid-hold of the neck routine, and its snapshot. */
  async function midHold(path: string) {
    const started = await postJson(
      url(),
      cx(path, 'START_ROUTINE', { payload, parameters: { routine: { resolvedValue: 'neck' } } }),
    );
    const ready = await postJson(url(), cx(path, 'READY', { coach: snapshotOf(started.body), payload, text: 'ready' }));
    expect(spoken(ready.body)).toMatch(/starting now/);
    return snapshotOf(ready.body);
  }

  const refusedAsFresh = (body: any) => {
    expect(spoken(body)).toMatch(/^Sorry, I couldn't pick up that conversation here, so let's start fresh\./);
    expect(spoken(body)).toMatch(/which area/i);
    expect(warnings.join('\n')).toMatch(/dialogflow snapshot refused/);
  };

  it('carries a sealed snapshot and coaches on from it', async () => {
    const path = session();
    const snapshot = await midHold(path);
    // The plan in play rides along, under the seal.
    expect(snapshot).toEqual({
      v: expect.any(String),
      s: expect.any(Object),
      p: { routine: 'neck' },
      m: expect.any(String),
    });
    const next = await postJson(url(), cx(path, 'NEXT', { coach: snapshot, payload, text: 'next' }));
    expect(spoken(next.body)).toMatch(/switch sides/i);
  });

  it('refuses an edited snapshot with a spoken fresh start, and changes nothing stored', async () => {
    const path = session();
    const snapshot = await midHold(path);
    const before = await store.load('cx:telephony:+15550004444');
    const edited = structuredClone(snapshot);
    // Skip to the end of the routine by hand: the seal no longer matches.
    (edited.s as any).status = 'done';
    const answer = await postJson(
      url(),
      cx(path, 'RATE', { coach: edited, payload, parameters: { value: { resolvedValue: 3 } } }),
    );
    expect(answer.status).toBe(200);
    refusedAsFresh(answer.body);
    expect(await store.load('cx:telephony:+15550004444')).toEqual(before);
  });

  it('refuses a snapshot whose plan in play was swapped', async () => {
    const path = session();
    const snapshot = await midHold(path);
    const swapped = { ...structuredClone(snapshot), p: { routine: 'calves-hamstrings' } };
    refusedAsFresh((await postJson(url(), cx(path, 'NEXT', { coach: swapped, payload, text: 'next' }))).body);
  });

  it("refuses another session's snapshot, and another user's", async () => {
    const snapshot = await midHold(session());
    refusedAsFresh((await postJson(url(), cx(session(), 'NEXT', { coach: snapshot, payload, text: 'next' }))).body);
    const other = { telephony: { caller_id: '+15550005555' } };
    refusedAsFresh(
      (await postJson(url(), cx(session(), 'NEXT', { coach: snapshot, payload: other, text: 'next' }))).body,
    );
  });

  it('refuses a snapshot with no seal (made up, or from before seals)', async () => {
    const snapshot = await midHold(session());
    const { m: _seal, ...unsealed } = snapshot;
    refusedAsFresh((await postJson(url(), cx(session(), 'NEXT', { coach: unsealed, payload, text: 'next' }))).body);
  });

  it('keeps sessions across a key rotation: the new key in front, the old one still opens', async () => {
    const oldServer = await startServer({ store, env: { SNAPSHOT_KEYS: OLD_KEY } });
    const rotated = await startServer({ store, env: { SNAPSHOT_KEYS: `${NEW_KEY},${OLD_KEY}` } });
    const newOnly = await startServer({ store, env: { SNAPSHOT_KEYS: NEW_KEY } });
    try {
      const path = session();
      const started = await postJson(
        `${oldServer.baseUrl}/dialogflow-cx`,
        cx(path, 'START_ROUTINE', { payload, parameters: { routine: { resolvedValue: 'neck' } } }),
      );
      const ready = await postJson(
        `${rotated.baseUrl}/dialogflow-cx`,
        cx(path, 'READY', { coach: snapshotOf(started.body), payload, text: 'ready' }),
      );
      expect(spoken(ready.body)).toMatch(/starting now/);
      // Sealed with the new key now: a server that has dropped the old key opens it too.
      const next = await postJson(
        `${newOnly.baseUrl}/dialogflow-cx`,
        cx(path, 'NEXT', { coach: snapshotOf(ready.body), payload, text: 'next' }),
      );
      expect(spoken(next.body)).toMatch(/switch sides/i);
    } finally {
      await Promise.all([oldServer.close(), rotated.close(), newOnly.close()]);
    }
  });

  it('safety is heard whatever a forged snapshot says', async () => {
    const forged = { v: 'anything', s: { status: 'done', value: 'ended' }, m: 'AAAA' };
    const answer = await postJson(
      url(),
      cx(session(), 'RED_FLAG', { coach: forged, payload, text: 'I have chest pain' }),
    );
    expect(spoken(answer.body)).toMatch(/call 9-1-1/);
  });
});
