import { randomUUID } from 'node:crypto';
import { Simulator } from '../src/runtime/simulator';
import { catalogue } from '../src/content/load';
import { emergencyNumberParam } from '../src/coach/safety';
import { emergencyNumberFor } from '../src/content/safety';
import { setLogSink } from '../src/log';
import { Conversation } from '../src/runtime/conversation';
import { say, type Params } from '../src/speech/acts';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import { MemoryStore } from '../src/store/memory-store';
import { envelope, intentFor, post, spokenText } from './helpers/alexa-client';
import { agentMatch, postJson } from './helpers/dialogflow-client';
import { startServer } from './helpers/server';
import phrasings from './phrasings/safety.json';

/**
 * The shared safety set (test/phrasings/safety.json) end to end: every warning phrasing in every
 * state a user can be in (choosing, equipment, mid-hold, paused, wrap-up), through the simulator,
 * /alexa and /dialogflow-cx, reaches its tier; no comfortable phrasing stops a routine.
 */
type Warning = { text: string; tier: 'emergency' | 'stop' | 'caution'; sign: string; area?: string };
const SET = phrasings as Record<string, { warning: Warning[]; comfortable: string[] }>;
const LOCALES = ['en-US', 'de-DE'] as const;
type Locale = (typeof LOCALES)[number];
const STATES = ['choose', 'equipment', 'mid-hold', 'paused', 'wrap-up'] as const;
type State = (typeof STATES)[number];

const WORDS: Record<Locale, { ready: string; next: string; wait: string; areas: Record<string, string> }> = {
  'en-US': {
    ready: 'ready',
    next: 'next',
    wait: 'wait',
    areas: {
      neck: 'neck',
      'shoulders-chest': 'shoulders and chest',
      'mid-lower-back': 'lower back',
      'glutes-piriformis': 'glutes',
      'calves-hamstrings': 'calves',
    },
  },
  'de-DE': {
    ready: 'bereit',
    next: 'weiter',
    wait: 'warte',
    areas: {
      neck: 'Nacken',
      'shoulders-chest': 'Schultern und Brust',
      'mid-lower-back': 'Rücken',
      'glutes-piriformis': 'Gesäß',
      'calves-hamstrings': 'Waden',
    },
  },
};
const areaOf = (warning: Warning | string) => (typeof warning === 'object' && warning.area) || 'neck';

const spoken = (locale: string, key: string, params?: Params) => renderText(planSpeech([say(key, params)], locale));
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
const signs = new Map(catalogue().safety.signs.map((sign) => [sign.id, sign]));
/** The first sentence of every stop and emergency line, per locale: a comfortable phrasing must never hear one. */
const SAFETY_LINES = Object.fromEntries(
  ['en-US', 'de-DE'].map((locale) => [
    locale,
    [
      ...new Set([
        'coach.redFlag.stop',
        'coach.redFlag.stopEmergency',
        'coach.redFlag.stopSameDay',
        ...catalogue()
          .safety.signs.filter((sign) => sign.tier === 'stop')
          .map((sign) => `coach.redFlag.stopSign.${sign.id}`),
      ]),
    ]
      .map((key) => flat(spoken(locale, key, { number: emergencyNumberParam(null) })).split(/(?<=[.:!])\s/)[0]!)
      .filter((line) => !line.includes('$t(') && line.length > 8),
  ]),
) as Record<string, string[]>;

/** What the coach must say to a warning, by tier: the line, and whether the session ends. */
function expected(locale: string, warning: Warning, requestLocale = locale) {
  const sign = signs.get(warning.sign)!;
  const number = emergencyNumberParam(emergencyNumberFor(requestLocale));
  if (sign.tier === 'emergency')
    return {
      line: spoken(locale, sign.care === 'same-day' ? 'coach.redFlag.stopSameDay' : 'coach.redFlag.stopEmergency', {
        number,
      }),
      ends: true,
    };
  if (sign.tier === 'stop') return { line: spoken(locale, `coach.redFlag.stopSign.${sign.id}`), ends: true };
  return { line: spoken(locale, `coach.redFlag.caution.${sign.id}`), ends: false };
}

/** The utterances that bring a fresh session to a state; wrap-up goes on until the routine is done. */
function script(locale: Locale, area: string, state: State, nexts: number): string[] {
  const w = WORDS[locale];
  const opening = ['<launch>', w.areas[area]!];
  switch (state) {
    case 'choose':
      return ['<launch>'];
    case 'equipment':
      return opening;
    case 'mid-hold':
      return [...opening, w.ready, ...Array<string>(nexts).fill(w.next)];
    case 'paused':
      return [...opening, w.ready, ...Array<string>(nexts).fill(w.next), w.wait];
    case 'wrap-up':
      return [...opening, w.ready, ...Array<string>(nexts).fill(w.next)];
  }
}

beforeAll(() => setLogSink('silent'));

// ---------------------------------------------------------------------------------------------
// The simulator: a session at a real moment (no fast-forward), so "mid-hold" is inside the hold.
// ---------------------------------------------------------------------------------------------

function freshSimulator(locale: string) {
  const store = new MemoryStore();
  let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
  const sim = new Simulator(new Conversation(store), { locale, userId: 'safety-user', fast: false, now: () => clock });
  return {
    store,
    async say(text: string) {
      const result = await sim.say(text);
      clock += 8000;
      return result;
    },
  };
}

/** How many "next" after "ready" reach the first hold, or the wrap-up, per routine (from the simulator itself). */
const nextsNeeded = new Map<string, number>();
async function nextsTo(locale: Locale, area: string, state: State): Promise<number> {
  if (state !== 'mid-hold' && state !== 'paused' && state !== 'wrap-up') return 0;
  const goal = state === 'wrap-up' ? 'wrap-up' : 'hold';
  const key = `${locale}:${area}:${goal}`;
  if (nextsNeeded.has(key)) return nextsNeeded.get(key)!;
  const s = freshSimulator(locale);
  for (const line of script(locale, area, 'wrap-up', 0)) await s.say(line);
  for (let nexts = 1; nexts < 40; nexts += 1) {
    const result = await s.say(WORDS[locale].next);
    if (goal === 'wrap-up' ? result?.response.state === 'wrapUp' : (result?.line.holdSeconds ?? 0) > 0) {
      nextsNeeded.set(key, nexts);
      return nexts;
    }
  }
  throw new Error(`${key}: never reached`);
}

const STATE_NAME: Record<State, RegExp> = {
  choose: /^choose$/,
  equipment: /^equipment$/,
  'mid-hold': /^routine\./,
  paused: /^routine\./,
  'wrap-up': /^wrapUp$/,
};

async function simulatorIn(locale: Locale, area: string, state: State) {
  const s = freshSimulator(locale);
  const nexts = await nextsTo(locale, area, state);
  let last;
  for (const line of script(locale, area, state, nexts)) last = await s.say(line);
  expect({ locale, area, state, reached: STATE_NAME[state].test(last!.response.state) }).toEqual({
    locale,
    area,
    state,
    reached: true,
  });
  if (state === 'mid-hold') expect(last!.line.holdSeconds).toBeGreaterThan(0);
  if (state === 'paused') expect(flat(last!.line.speech)).toMatch(locale === 'en-US' ? /Paused/ : /Pause/);
  return s;
}

describe('warning signs through the simulator, in every state', () => {
  for (const locale of LOCALES) {
    for (const state of STATES) {
      it(`${locale}, ${state}: every sign reaches its tier; nothing is stored but that a routine stopped for safety`, async () => {
        for (const warning of SET[locale]!.warning) {
          const s = await simulatorIn(locale, areaOf(warning), state);
          const before = JSON.stringify(await s.store.load('safety-user'));
          const result = (await s.say(warning.text))!;
          const want = expected(locale, warning);
          const got = {
            text: warning.text,
            state,
            tier: warning.tier,
            says: flat(result.line.speech).includes(flat(want.line)),
            ends: result.line.endSession,
          };
          expect(got).toEqual({ ...got, says: true, ends: want.ends });
          const user = await s.store.load('safety-user');
          expect(JSON.stringify(user)).not.toContain(warning.sign);
          if (warning.tier === 'caution') {
            // Answered, not stored: the user's record is as it was, and the routine carries on.
            expect({ text: warning.text, state, stored: JSON.stringify(user) !== before }).toEqual({
              text: warning.text,
              state,
              stored: false,
            });
            expect(result.response.state).toMatch(STATE_NAME[state]);
          } else if (state === 'mid-hold' || state === 'paused') {
            expect(user.journal.map((entry) => entry.cutShort)).toEqual(['red-flag']);
            expect(user.resume).toMatchObject({ safetyStop: true, routine: areaOf(warning) });
          }
        }
      });
    }
    it(`${locale}: no comfortable phrasing stops a routine, in any state`, async () => {
      for (const state of STATES) {
        for (const text of SET[locale]!.comfortable) {
          const s = await simulatorIn(locale, 'calves-hamstrings', state);
          const result = (await s.say(text))!;
          const user = await s.store.load('safety-user');
          const seen = {
            text,
            state,
            where: result.response.state,
            safetyLine: SAFETY_LINES[locale]!.some((line) => flat(result.line.speech).includes(line)),
            cutShort: user.journal.map((entry) => entry.cutShort),
          };
          // In a routine it carries on; elsewhere whatever the words mean, but never a safety stop.
          const carriesOn =
            state === 'mid-hold' || state === 'paused'
              ? { where: expect.stringMatching(/^routine\./) }
              : { where: expect.not.stringMatching(/^halted$/) };
          expect(seen).toEqual({
            ...seen,
            ...carriesOn,
            safetyLine: false,
            cutShort: expect.not.arrayContaining(['red-flag']),
          });
        }
      }
    });
  }

  it('blocks the area for the session, and says once at the next launch that last time stopped for safety', async () => {
    const s = await simulatorIn('en-US', 'neck', 'mid-hold');
    const stop = (await s.say('it feels like an electric shock down my arm'))!;
    expect(stop.line.speech).toBe(spoken('en-US', 'coach.redFlag.stopSign.nerve-pain'));
    expect(stop.line.endSession).toBe(true);
    const launch = (await s.say('<launch>'))!;
    expect(launch.line.speech).toMatch(/Last time we stopped neck release for safety\. Please have it checked/);
    await s.say('<end>');
    const later = (await s.say('<launch>'))!;
    expect(later.line.speech).not.toMatch(/for safety/);
    const user = await s.store.load('safety-user');
    expect(user.resume).toBeNull();
    expect(JSON.stringify(user)).not.toMatch(/nerve|electric/);
  });

  it('says it once on a one-shot start too ("ask massage coach to start neck release")', async () => {
    const s = await simulatorIn('en-US', 'neck', 'paused');
    expect((await s.say('I have a fever'))!.line.endSession).toBe(true);
    const oneShot = (await s.say('start neck release'))!;
    expect(oneShot.line.speech).toMatch(
      /^Last time we stopped neck release for safety\. Please have it checked before you work that area again\. For neck release/,
    );
    await s.say('<end>');
    expect((await s.say('<launch>'))!.line.speech).not.toMatch(/for safety/);
  });
});

// ---------------------------------------------------------------------------------------------
// /alexa and /dialogflow-cx: each state reached once per area, then every phrasing from there.
// ---------------------------------------------------------------------------------------------

describe('warning signs through /alexa and /dialogflow-cx, in every state', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer({ alexa: { verify: false } });
  });
  afterAll(() => server.close());

  /** A session on a device, reached by a script: returns the session attributes to start each try from. */
  async function alexaSession(locale: string, lines: string[], utteranceLocale = locale) {
    let attributes: Record<string, unknown> = {};
    const sessionId = `amzn1.echo-api.session.${randomUUID()}`;
    const userId = `amzn1.ask.account.${randomUUID()}`;
    let body: any;
    for (const line of lines) {
      const request = line === '<launch>' ? { type: 'LaunchRequest' } : intentFor(line, utteranceLocale);
      const response = await post(
        server.baseUrl,
        envelope(request, { locale, userId, sessionId, session: line === '<launch>' ? null : attributes }),
        null,
      );
      expect(response.status).toBe(200);
      body = response.body;
      attributes = body.sessionAttributes ?? {};
    }
    expect(body.response.shouldEndSession).not.toBe(true);
    return {
      last: body,
      async send(request: Record<string, unknown>) {
        const response = await post(
          server.baseUrl,
          envelope(request, { locale, userId, sessionId, session: attributes }),
          null,
        );
        expect(response.status).toBe(200);
        return { speech: flat(spokenText(response.body)), ends: response.body.response.shouldEndSession === true };
      },
    };
  }
  /** RedFlagIntent as a wide sample would fill it: the whole utterance in the slot, not resolved to any value. */
  const unresolved = (text: string) => ({
    type: 'IntentRequest',
    intent: {
      name: 'RedFlagIntent',
      confirmationStatus: 'NONE',
      slots: {
        symptom: {
          name: 'symptom',
          value: text,
          confirmationStatus: 'NONE',
          resolutions: {
            resolutionsPerAuthority: [
              { authority: 'amzn1.er-authority.echo-sdk.test.SYMPTOM', status: { code: 'ER_SUCCESS_NO_MATCH' } },
            ],
          },
        },
      },
    },
  });

  async function cxSession(locale: string, lines: string[]) {
    const session = `projects/p/locations/global/agents/a/sessions/${randomUUID()}`;
    let parameters: Record<string, unknown> = {};
    const request = (line: string) => {
      if (line === '<launch>') return { fulfillmentInfo: { tag: 'LAUNCH' }, triggerEvent: 'sys.welcome' };
      const match = agentMatch(line, locale);
      const intentParameters = Object.fromEntries(
        Object.entries(match.parameters).map(([name, value]) => [
          name,
          { originalValue: String(value), resolvedValue: value },
        ]),
      );
      return {
        fulfillmentInfo: { tag: match.type },
        intentInfo: { displayName: match.displayName, parameters: intentParameters, confidence: 1 },
        text: line,
      };
    };
    const send = async (line: string, keep: boolean) => {
      const response = await postJson(`${server.baseUrl}/dialogflow-cx`, {
        detectIntentResponseId: randomUUID(),
        languageCode: locale.split('-')[0],
        sessionInfo: { session, parameters },
        ...request(line),
      });
      expect(response.status).toBe(200);
      const body = response.body;
      if (keep) parameters = { ...parameters, ...(body.sessionInfo?.parameters ?? {}) };
      const text = body.fulfillmentResponse.messages.find((m: any) => m.text)?.text.text[0] ?? '';
      return { speech: flat(text), ends: body.sessionInfo?.parameters?.coach === null };
    };
    for (const line of lines) await send(line, true);
    return { send: (line: string) => send(line, false) };
  }

  for (const locale of LOCALES) {
    it(`${locale}: every sign reaches its tier in every state, through /alexa (resolved and unresolved slot) and /dialogflow-cx`, async () => {
      const areas = [...new Set(SET[locale]!.warning.map(areaOf))];
      for (const area of areas) {
        const warnings = SET[locale]!.warning.filter((warning) => areaOf(warning) === area);
        for (const state of STATES) {
          const lines = script(locale, area, state, await nextsTo(locale, area, state));
          const alexa = await alexaSession(locale, lines);
          const cx = await cxSession(locale, lines);
          for (const warning of warnings) {
            const want = expected(locale, warning);
            for (const [via, got] of [
              ['alexa', await alexa.send(intentFor(warning.text, locale))],
              ['alexa unresolved', await alexa.send(unresolved(warning.text))],
              ['cx', await cx.send(warning.text)],
            ] as const) {
              const seen = {
                via,
                state,
                text: warning.text,
                says: got.speech.includes(flat(want.line)),
                ends: got.ends,
              };
              expect(seen).toEqual({ ...seen, says: true, ends: want.ends });
            }
          }
        }
      }
    });

    it(`${locale}: comfortable phrasings never stop a routine through /alexa or /dialogflow-cx`, async () => {
      for (const state of STATES) {
        const lines = script(locale, 'calves-hamstrings', state, await nextsTo(locale, 'calves-hamstrings', state));
        const alexa = await alexaSession(locale, lines);
        const cx = await cxSession(locale, lines);
        for (const text of SET[locale]!.comfortable) {
          // "it feels better" landing on RedFlagIntent with an unresolved slot is no red flag.
          for (const [via, got] of [
            ['alexa', await alexa.send(intentFor(text, locale))],
            ['alexa unresolved', await alexa.send(unresolved(text))],
            ['cx', await cx.send(text)],
          ] as const) {
            const seen = {
              via,
              state,
              text,
              safetyLine: SAFETY_LINES[locale]!.some((line) => got.speech.includes(line)),
              ends: got.ends,
            };
            // Inside a routine it carries on; in the other states whatever the words mean, never a safety stop.
            expect(seen).toEqual({
              ...seen,
              safetyLine: false,
              ...(state === 'mid-hold' || state === 'paused' ? { ends: false } : {}),
            });
          }
        }
      }
    });
  }

  it('names the right emergency number for each of the six Alexa locales', async () => {
    const numbers: Record<string, string> = {
      'en-US': '9-1-1',
      'en-CA': '9-1-1',
      'en-GB': '9-9-9',
      'en-AU': '0-0-0',
      'en-IN': '1-1-2',
      'de-DE': 'die 112',
    };
    for (const [locale, number] of Object.entries(numbers)) {
      const words: Locale = locale === 'de-DE' ? 'de-DE' : 'en-US';
      const alexa = await alexaSession(
        locale,
        script(words, 'neck', 'mid-hold', await nextsTo(words, 'neck', 'mid-hold')),
        words,
      );
      const chest = SET[words]!.warning.find((warning) => warning.sign === 'chest-pain')!;
      const got = await alexa.send(intentFor(chest.text, words));
      expect({
        locale,
        ends: got.ends,
        number: got.speech.includes(` ${number} `) || got.speech.includes(` ${number}.`),
      }).toEqual({ locale, ends: true, number: true });
      // And it is the only number said.
      const others = Object.values(numbers).filter(
        (other) => other !== number && !number.includes(other) && !other.includes(number),
      );
      for (const other of others) expect(got.speech).not.toContain(other);
      // The same-day calf message names it too, for if breathing gets hard.
      const calf = SET[words]!.warning.find((warning) => warning.sign === 'calf-clot')!;
      const again = await alexaSession(
        locale,
        script(words, 'calves-hamstrings', 'mid-hold', await nextsTo(words, 'calves-hamstrings', 'mid-hold')),
        words,
      );
      expect((await again.send(intentFor(calf.text, words))).speech).toContain(number);
    }
  });
});
