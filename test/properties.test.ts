import fc from 'fast-check';
import nock from 'nock';
import { EVENT_TYPES } from '../src/coach/events';
import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { loadCatalogue } from '../src/content/load';
import { setLogSink } from '../src/log';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import { startServer } from './helpers/server';
import { propertyRuns } from './helpers/property';
import { LIMITS } from '../src/speech/limits';

const catalogue = loadCatalogue();
const routines = [...catalogue.routines.keys()];
/** The longest hold the guide allows anywhere ("1–2 minutes per side"). */
const LONGEST_HOLD = Math.max(...[...catalogue.routines.values()].flatMap((r) => r.steps.map((s) => (s.dose.type !== 'hold' ? 0 : typeof s.dose.seconds === 'number' ? s.dose.seconds : s.dose.seconds.max))));

/** Weighted toward what sessions do (start, ready, next), so long conversations happen often. */
const eventArb = fc.oneof(
  { arbitrary: fc.constantFrom('YES', 'NEXT').map((type) => ({ type })), weight: 5 },
  { arbitrary: fc.constantFrom(...routines.slice(0, 2)).map((routine) => ({ type: 'START_ROUTINE', routine })), weight: 3 },
  { arbitrary: fc.constantFrom(...EVENT_TYPES).map((type) => ({ type })), weight: 4 },
  { arbitrary: fc.constantFrom(...routines).map((routine) => ({ type: 'START_ROUTINE', routine })), weight: 1 },
  { arbitrary: fc.integer({ min: -2, max: 12 }).map((value) => ({ type: 'RATE', value })), weight: 1 },
  { arbitrary: fc.constantFrom('longer', 'shorter').map((direction) => ({ type: 'ADJUST', direction })), weight: 1 },
  { arbitrary: fc.constantFrom('tingling', 'swelling').map((symptom) => ({ type: 'RED_FLAG', symptom })), weight: 2 },
);
/** A turn: an event, and when it comes, as a share of the last response (0 = at once, 1.2 = after it). */
const turnArb = fc.record({ event: eventArb, when: fc.double({ min: 0, max: 1.3, noNaN: true }), locale: fc.constantFrom('en-US', 'de-DE'), keepAfterEnd: fc.boolean() });

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
          if (!result.output.endSession && event.type !== 'SESSION_CLOSED' && result.output.reprompt.length === 0) return false;
          if (JSON.stringify(result.snapshot).length >= 2048) return false;
          if (plan.seconds > 240 + 30) return false;
          for (const act of result.output.acts) if (act.type === 'hold' && (act.seconds < 1 || act.seconds > LONGEST_HOLD + 1)) return false;
          if (event.type === 'RED_FLAG') {
            if (!result.output.endSession || result.output.acts.some((a) => a.type === 'hold' || a.type === 'count')) return false;
            if (result.routine === null && routine) stopped = [...stopped, routine];
          }
          // A routine stopped by a red flag never starts again in the session.
          if (result.routine && stopped.includes(result.routine) && result.output.acts.some((a) => a.type === 'hold' || a.type === 'count')) return false;
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

describe('any request body', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    if (!nock.isActive()) nock.activate();
    nock.enableNetConnect('127.0.0.1');
    setLogSink('silent');
    server = await startServer({ alexa: { verify: false }, dialogflowAuth: 'off' });
  });
  afterAll(async () => {
    await server.close();
    nock.restore();
  });

  const shapes = fc.oneof(
    fc.json(),
    fc.string(),
    fc.anything().map((value) => JSON.stringify(value) ?? 'null'),
    fc.record({ version: fc.string(), request: fc.record({ type: fc.constantFrom('LaunchRequest', 'IntentRequest', 'SessionEndedRequest', 'Nope'), requestId: fc.string({ minLength: 1 }), timestamp: fc.string({ minLength: 1 }), intent: fc.anything() }), session: fc.anything() }).map((v) => JSON.stringify(v)),
    fc.record({ queryResult: fc.record({ intent: fc.anything(), parameters: fc.dictionary(fc.string(), fc.anything()), languageCode: fc.string(), outputContexts: fc.anything() }), session: fc.string() }).map((v) => JSON.stringify(v)),
    fc.record({ fulfillmentInfo: fc.record({ tag: fc.string() }), sessionInfo: fc.record({ parameters: fc.dictionary(fc.string(), fc.anything()) }), languageCode: fc.string() }).map((v) => JSON.stringify(v)),
  );

  it('gets 200 or a 4xx with a reason from every endpoint, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/alexa', '/dialogflow', '/dialogflow-cx', '/console/say'), shapes, async (path, body) => {
        const response = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await response.text();
        if (response.status >= 500) throw new Error(`${path} answered ${response.status} to ${body.slice(0, 200)}: ${text}`);
        if (response.status >= 400 && !JSON.parse(text).error) throw new Error(`${path} gave ${response.status} without a reason`);
        return true;
      }),
      propertyRuns(400),
    );
  });
});
