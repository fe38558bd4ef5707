import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { EVENT_TYPES } from '../src/coach/events';
import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { loadCatalogue } from '../src/content/load';
import { setLogSink } from '../src/log';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import { envelope, intentFor } from './helpers/alexa-client';
import { startServer } from './helpers/server';
import { propertyRuns } from './helpers/property';
import { LIMITS } from '../src/speech/limits';

const catalogue = loadCatalogue();
const routines = [...catalogue.routines.keys()];
/** The longest hold the guide allows anywhere ("1–2 minutes per side"). */
const LONGEST_HOLD = Math.max(
  ...[...catalogue.routines.values()].flatMap((r) =>
    r.steps.map((s) =>
      s.dose.type !== 'hold' ? 0 : typeof s.dose.seconds === 'number' ? s.dose.seconds : s.dose.seconds.max,
    ),
  ),
);

/** Weighted toward what sessions do (start, ready, next), so long conversations happen often. */
const eventArb = fc.oneof(
  { arbitrary: fc.constantFrom('YES', 'NEXT').map((type) => ({ type })), weight: 5 },
  {
    arbitrary: fc.constantFrom(...routines.slice(0, 2)).map((routine) => ({ type: 'START_ROUTINE', routine })),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(...EVENT_TYPES).map((type) => ({ type })), weight: 4 },
  { arbitrary: fc.constantFrom(...routines).map((routine) => ({ type: 'START_ROUTINE', routine })), weight: 1 },
  { arbitrary: fc.integer({ min: -2, max: 12 }).map((value) => ({ type: 'RATE', value })), weight: 1 },
  { arbitrary: fc.constantFrom('longer', 'shorter').map((direction) => ({ type: 'ADJUST', direction })), weight: 1 },
  { arbitrary: fc.constantFrom('tingling', 'swelling').map((symptom) => ({ type: 'RED_FLAG', symptom })), weight: 2 },
);
/** A turn: an event, and when it comes, as a share of the last response (0 = at once, 1.2 = after it). */
const turnArb = fc.record({
  event: eventArb,
  when: fc.double({ min: 0, max: 1.3, noNaN: true }),
  locale: fc.constantFrom('en-US', 'de-DE'),
  keepAfterEnd: fc.boolean(),
});

describe('any conversation, at any moment', () => {
  it('keeps every promise: an answer, honest holds, a small snapshot, red flags that stop', () => {
    fc.assert(
      fc.property(fc.array(turnArb, { minLength: 1, maxLength: 30 }), (turns) => {
        let snapshot: PersistedCoach | null = null;
        let now = Date.UTC(2026, 10, 25, 7);
        let lastSeconds = 0;
        let stopped: string[] = [];
        let routine: string | null = null;
        for (const { event, when, locale, keepAfterEnd } of turns) {
          now += Math.round(lastSeconds * when * 1000);
          // A new session knows nothing of the last one's routine.
          if (!snapshot) routine = null;
          const result = runTurn(snapshot, event, { now, locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
          const plan = planSpeech(result.output.acts, locale);
          if (result.recovered) return false;
          if (event.type !== 'SESSION_CLOSED' && renderText(plan) === '') return false;
          if (!result.output.endSession && event.type !== 'SESSION_CLOSED' && result.output.reprompt.length === 0)
            return false;
          if (JSON.stringify(result.snapshot).length >= 2048) return false;
          if (plan.seconds > 240 + 30) return false;
          for (const act of result.output.acts)
            if (act.type === 'hold' && (act.seconds < 1 || act.seconds > LONGEST_HOLD + 1)) return false;
          if (event.type === 'RED_FLAG') {
            if (!result.output.endSession || result.output.acts.some((a) => a.type === 'hold' || a.type === 'count'))
              return false;
            if (result.routine === null && routine) stopped = [...stopped, routine];
          }
          // A routine stopped by a red flag never starts again in the session.
          if (
            result.routine &&
            stopped.includes(result.routine) &&
            result.output.acts.some((a) => a.type === 'hold' || a.type === 'count')
          )
            return false;
          routine = result.routine ?? routine;
          const journals = result.output.effects.filter((e) => e.type === 'journal').length;
          if (journals > 2) return false;
          // Voice platforms start afresh after the end; a chat channel may carry on in the same session.
          snapshot = result.output.endSession && !keepAfterEnd ? null : result.snapshot;
          if (!snapshot) stopped = [];
          lastSeconds = plan.seconds;
        }
        return true;
      }),
      propertyRuns(500),
    );
  });
});

/** A valid request per endpoint, mid-routine (a real snapshot), from the shared fixtures and the clients' shapes. */
async function templates(baseUrl: string): Promise<Array<{ path: string; body: unknown }>> {
  const post = async (path: string, body: unknown) =>
    (
      await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json() as Promise<any>;
  const cx = (tag: string, coach: unknown, extra: Record<string, unknown> = {}) => ({
    detectIntentResponseId: `t-${tag}`,
    languageCode: 'en',
    fulfillmentInfo: { tag },
    intentInfo: { displayName: tag, parameters: { routine: { originalValue: 'neck', resolvedValue: 'neck' } } },
    pageInfo: { currentPage: 'projects/p/locations/l/agents/a/flows/f/pages/p' },
    sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/tpl', parameters: coach ? { coach } : {} },
    text: 'next',
    payload: { telephony: { caller_id: '+15550100' } },
    ...extra,
  });
  const started = await post('/dialogflow-cx', cx('START_ROUTINE', null));
  const snapshot = started.sessionInfo.parameters.coach;
  const alexaIntent = envelope(intentFor('start neck', 'en-US'), { session: { coach: snapshot } });
  const fixtures = (folder: string) =>
    readdirSync(join(__dirname, 'fixtures', folder)).map((name) =>
      JSON.parse(readFileSync(join(__dirname, 'fixtures', folder, name), 'utf8')),
    );
  const es = fixtures('dialogflow-es').filter((_fixture, index) => index % 5 === 0);
  const esMid = {
    ...es[0],
    queryResult: {
      ...es[0].queryResult,
      action: 'NEXT',
      outputContexts: [
        { name: `${es[0].session}/contexts/massage-coach`, lifespanCount: 50, parameters: { coach: snapshot } },
      ],
    },
  };
  return [
    ...fixtures('alexa').map((body) => ({ path: '/alexa', body })),
    { path: '/alexa', body: alexaIntent },
    {
      path: '/alexa',
      body: envelope(
        { type: 'SessionEndedRequest', reason: 'ERROR', error: { type: 'INVALID_RESPONSE', message: 'x' } },
        { session: { coach: snapshot } },
      ),
    },
    ...es.map((body) => ({ path: '/dialogflow', body })),
    { path: '/dialogflow', body: esMid },
    { path: '/dialogflow-cx', body: cx('NEXT', snapshot) },
    {
      path: '/dialogflow-cx',
      body: cx('RATE', snapshot, { intentInfo: { displayName: 'RATE', parameters: { value: { resolvedValue: 3 } } } }),
    },
    { path: '/console/say', body: { session: 'fuzz-session-0001', text: 'start neck', locale: 'en-US' } },
  ];
}

type JsonPath = Array<string | number>;
/** Every field at every depth: object keys and array items. */
function paths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...paths(item, [...prefix, key])]);
}
/** A deep copy with the field at `path` replaced (undefined removes it). */
function replaced(value: unknown, path: JsonPath, next: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = next;
  return copy;
}
/** One value of each JSON type (and none), for the sweep over every field. */
const EVERY_TYPE: unknown[] = [undefined, null, true, -1.5, '', 'x'.repeat(600), [null, 1], { a: {} }];

describe('any request body', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let requests: Array<{ path: string; body: unknown }>;
  beforeAll(async () => {
    if (!nock.isActive()) nock.activate();
    nock.enableNetConnect('127.0.0.1');
    setLogSink('silent');
    server = await startServer({ alexa: { verify: false }, dialogflowAuth: 'off' });
    requests = await templates(server.baseUrl);
  });
  afterAll(async () => {
    await server.close();
    nock.restore();
  });

  /** Throws unless the answer is a 200, or a 4xx with a reason. */
  async function check(path: string, body: string): Promise<true> {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    if (response.status >= 500)
      throw new Error(`${path} answered ${response.status} to ${body.slice(0, 300)}: ${text}`);
    if (response.status >= 400 && !JSON.parse(text).error)
      throw new Error(`${path} gave ${response.status} without a reason`);
    return true;
  }

  it('answers every field of every valid request replaced by every JSON type with 200 or a 4xx with a reason', async () => {
    let sent = 0;
    for (const { path, body } of requests) {
      for (const field of paths(body)) {
        for (const value of EVERY_TYPE) {
          await check(path, JSON.stringify(replaced(body, field, value)));
          sent += 1;
        }
      }
    }
    expect(sent).toBeGreaterThan(1000);
  }, 300_000);

  // Any JSON type, nested a little: the value a mutation puts into a field.
  const anyJson: fc.Arbitrary<unknown> = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', 'neck', 'LAUNCH', 'STOP', 'de-DE', '__proto__', 'constructor', '<speak>', 'x'.repeat(2000)),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom('type', 'coach', 'v', 's', 'value', 'telephony', '__proto__', 'constructor', 'x'),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 4 },
    ),
  );

  const oldShapes = fc.oneof(
    fc.json(),
    fc.string(),
    fc.anything().map((value) => (JSON.stringify(value) as string | undefined) ?? 'null'),
    fc
      .record({
        version: fc.string(),
        request: fc.record({
          type: fc.constantFrom('LaunchRequest', 'IntentRequest', 'SessionEndedRequest', 'Nope'),
          requestId: fc.string({ minLength: 1 }),
          timestamp: fc.string({ minLength: 1 }),
          intent: fc.anything(),
        }),
        session: fc.anything(),
      })
      .map((v) => JSON.stringify(v)),
    fc
      .record({
        queryResult: fc.record({
          intent: fc.anything(),
          parameters: fc.dictionary(fc.string(), fc.anything()),
          languageCode: fc.string(),
          outputContexts: fc.anything(),
        }),
        session: fc.string(),
      })
      .map((v) => JSON.stringify(v)),
    fc
      .record({
        fulfillmentInfo: fc.record({ tag: fc.string() }),
        sessionInfo: fc.record({ parameters: fc.dictionary(fc.string(), fc.anything()) }),
        languageCode: fc.string(),
      })
      .map((v) => JSON.stringify(v)),
  );

  it('gets 200 or a 4xx with a reason from every endpoint, never a 500 (20,000 bodies; FC_RUNS for more)', async () => {
    // Valid requests with one to four fields (any depth) given values of any JSON type, and random bodies.
    const mutated = fc.integer({ min: 0, max: requests.length - 1 }).chain((index) => {
      const { path, body } = requests[index]!;
      const fields = paths(body);
      return fc
        .array(fc.tuple(fc.integer({ min: 0, max: fields.length - 1 }), anyJson), { minLength: 1, maxLength: 4 })
        .map((changes) => ({
          path,
          body: JSON.stringify(
            changes.reduce<unknown>((value, [field, next]) => {
              try {
                return replaced(value, fields[field]!, next);
              } catch {
                return value;
              }
            }, body),
          ),
        }));
    });
    const random = fc
      .tuple(fc.constantFrom('/alexa', '/dialogflow', '/dialogflow-cx', '/console/say'), oldShapes)
      .map(([path, body]) => ({ path, body }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: random, weight: 1 }),
        ({ path, body }) => check(path, body),
      ),
      propertyRuns(20_000),
    );
  }, 900_000);
});
