import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { z } from 'zod';
import { setLogSink } from '../src/log';
import { MemoryStore } from '../src/store/memory-store';
import type { Store } from '../src/store/types';
import { alexaDevice, spokenText } from './helpers/alexa-client';
import { testSigner } from './helpers/alexa-signing';
import { cxDevice, esDevice, listeningMs, postJson, TOKEN } from './helpers/dialogflow-client';
import { startServer } from './helpers/server';
import { runTranscript } from './helpers/transcript';
import { fakeDateOnly } from './helpers/clock';

const telephony = { source: 'GOOGLE_TELEPHONY', payload: { telephony: { caller_id: '+15550001111' } } };

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  if (!nock.isActive()) nock.activate();
  nock.enableNetConnect('127.0.0.1');
  setLogSink('silent');
  server = await startServer({ dialogflowAuth: `bearer:${TOKEN}` });
});
afterAll(async () => {
  await server.close();
  nock.cleanAll();
  nock.restore();
});

/** The listener hears each answer through before speaking again. */
const listening =
  (device: { say(u: string): Promise<any>; last: any }, ssmlOf: (body: any) => string) => async (utterance: string) => {
    const line = await device.say(utterance);
    if (line)
      jest.setSystemTime(Date.now() + listeningMs(ssmlOf(device.last) || `<speak>${line.speech}</speak>`) + 1000);
    return line;
  };
const esSsml = (body: any) =>
  body.fulfillmentMessages.find((m: any) => m.telephonySynthesizeSpeech)?.telephonySynthesizeSpeech.ssml ?? '';
const cxSsml = (body: any) =>
  body.fulfillmentResponse.messages.find((m: any) => m.outputAudioText)?.outputAudioText.ssml ?? '';

const esResponseSchema = z.object({
  fulfillmentText: z.string().min(1),
  fulfillmentMessages: z.array(z.object({}).loose()).min(1),
  outputContexts: z
    .array(
      z.object({
        name: z
          .string()
          .regex(
            /^projects\/[^/]+\/agent\/(environments\/[^/]+\/users\/[^/]+\/)?sessions\/[^/]+\/contexts\/[a-zA-Z0-9_\-%]+$/,
          ),
        lifespanCount: z.number().int().min(0),
        parameters: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
  payload: z
    .object({
      google: z
        .object({
          expectUserResponse: z.boolean(),
          richResponse: z.object({
            items: z
              .array(
                z.object({
                  simpleResponse: z.object({ ssml: z.string().startsWith('<speak>'), displayText: z.string() }),
                }),
              )
              .min(1),
          }),
        })
        .loose(),
    })
    .optional(),
});

describe('POST /dialogflow (ES)', () => {
  it('answers every shared ES fixture with 200 and a valid response', async () => {
    const dir = join(__dirname, 'fixtures', 'dialogflow-es');
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(files.length).toBe(14);
    for (const file of files) {
      const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const { status, body } = await postJson(`${server.baseUrl}/dialogflow`, fixture);
      expect({ file, status }).toEqual({ file, status: 200 });
      const parsed = esResponseSchema.parse(body);
      if (fixture.originalDetectIntentRequest?.source === 'google')
        expect({ file, google: !!parsed.payload?.google }).toEqual({ file, google: true });
    }
  });

  it('coaches a whole routine with the snapshot in a context, in English and German', async () => {
    fakeDateOnly();
    try {
      const store = new MemoryStore();
      const local = await startServer({ store });
      try {
        const device = esDevice(local.baseUrl, telephony);
        await runTranscript(
          `
          U: <launch>
          A: not medical advice
          U: start calves
          A: a foam roller
          U: it's a six
          U: ready
          A: ankle circles
          U: next
          A: right calf
          U: hang on
          A: paused
          U: ok go on
          A: tightest spot of your right calf
          U: say that again
          A: next up: stretch and release
          U: next
          A: five slow movements
          A: how tense is it now
          U: three
          A: down from 6 to 3
          A$
          `,
          listening(device, esSsml),
        );
        expect(device.last.fulfillmentMessages).toContainEqual({
          platform: 'TELEPHONY',
          telephonySynthesizeSpeech: { ssml: expect.stringMatching(/^<speak>/) },
        });
        const { journal } = await store.load('GOOGLE_TELEPHONY:telephony:+15550001111');
        expect(journal).toEqual([
          expect.objectContaining({ routine: 'calves-hamstrings', completed: true, ratingBefore: 6, ratingAfter: 3 }),
        ]);

        const german = esDevice(local.baseUrl, { ...telephony, locale: 'de-DE', languageCode: 'de' });
        await runTranscript(
          `
          U: <launch>
          A: willkommen
          U: Rücken
          A: eine Faszienrolle
          U: bereit
          A: Katze-Kuh
          U: Wie lange noch?
          A: noch etwa
          U: mein Arm ist taub
          A: Hör jetzt auf und nimm den Druck weg
          A$
          `,
          listening(german, esSsml),
        );
      } finally {
        await local.close();
      }
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers a legacy Assistant request with payload.google, SSML and expectUserResponse', async () => {
    const fixture = JSON.parse(
      readFileSync(join(__dirname, 'fixtures', 'dialogflow-es', 'google-request-welcome.json'), 'utf8'),
    );
    const { body } = await postJson(`${server.baseUrl}/dialogflow`, fixture);
    expect(body.payload.google).toMatchObject({
      expectUserResponse: true,
      richResponse: { items: [{ simpleResponse: { ssml: expect.stringMatching(/^<speak>Welcome/) } }] },
    });
    expect(body.outputContexts[0]).toMatchObject({
      name: expect.stringMatching(/\/contexts\/massage-coach$/),
      lifespanCount: 50,
    });
  });

  it('normalises "en-us" and reads German from "de"', async () => {
    const device = esDevice(server.baseUrl, { locale: 'de-DE', languageCode: 'de' });
    const line = await device.say('<launch>');
    expect(line!.speech).toMatch(/^Willkommen bei Massage Coach/);
  });
});

describe('POST /dialogflow-cx', () => {
  it('coaches a routine with the snapshot in session parameters; voice gets SSML, chat text', async () => {
    fakeDateOnly();
    try {
      const store = new MemoryStore();
      const local = await startServer({ store });
      try {
        const device = cxDevice(local.baseUrl, { payload: { telephony: { caller_id: '+15550002222' } } });
        await runTranscript(
          `
          U: <launch>
          A: which area
          U: start neck release
          U: ready
          A: 30 seconds, starting now
          U: next
          A: switch sides
          U: what's next
          A: next up: stretch and release
          U: next
          A: once more
          U: next
          A: how tense is it now
          U: about a four
          A$
          `,
          listening(device, cxSsml),
        );
        const messages = device.last.fulfillmentResponse.messages;
        expect(messages).toEqual([
          { text: { text: [expect.any(String)] } },
          { outputAudioText: { ssml: expect.stringMatching(/^<speak>.*<\/speak>$/) } },
        ]);
        expect(device.last.sessionInfo.parameters.coach).toBeNull();
        expect(device.last.targetPage).toBe(
          'projects/p/locations/global/agents/a/flows/00000000-0000-0000-0000-000000000000/pages/END_SESSION',
        );
        expect((await store.load('cx:telephony:+15550002222')).journal).toEqual([
          expect.objectContaining({ routine: 'neck', completed: true, ratingAfter: 4 }),
        ]);

        const german = cxDevice(local.baseUrl, { locale: 'de-DE' });
        await runTranscript(
          `
          U: <launch>
          U: starte Nacken
          U: bereit
          A: 30 Sekunden – los
          U: warte mal
          A: pause
          U: weitermachen
          A: rechten Nackenseite
          `,
          listening(german, cxSsml),
        );
      } finally {
        await local.close();
      }
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('the same turns give the same speech on Alexa, ES and CX', () => {
  const script = [
    '<launch>',
    'start shoulders',
    'ready',
    'next',
    'how much longer',
    'wait',
    'resume',
    'explain this',
    'next',
    'my hand is tingling',
  ];

  it.each(['en-US', 'de-DE'])('%s', async (locale) => {
    fakeDateOnly();
    const utterances =
      locale === 'en-US'
        ? script
        : [
            '<launch>',
            'Schultern',
            'bereit',
            'weiter',
            'wie lange noch',
            'warte',
            'weitermachen',
            'erklär das',
            'weiter',
            'meine Hand kribbelt',
          ];
    try {
      const start = Date.now();
      const run = async (say: (u: string) => Promise<any>, speech: () => string) => {
        jest.setSystemTime(start);
        const heard: string[] = [];
        for (const utterance of utterances) {
          const line = await say(utterance);
          heard.push(speech() || line?.speech);
        }
        return heard.map((text) => text.replace(/\s+/g, ' ').trim());
      };
      const alexa = alexaDevice(server.baseUrl, testSigner(), { locale, userId: `amzn1.ask.account.same-${locale}` });
      const es = esDevice(server.baseUrl, {
        ...telephony,
        locale,
        payload: { telephony: { caller_id: `same-${locale}` } },
      });
      const cx = cxDevice(server.baseUrl, { locale, payload: { telephony: { caller_id: `same-cx-${locale}` } } });
      const alexaSpeech = await run(
        listening(alexa, (body) => alexaListen(body)),
        () => spokenText(alexa.last),
      );
      const esSpeech = await run(listening(es, esSsml), () => es.last.fulfillmentText);
      const cxSpeech = await run(listening(cx, cxSsml), () => cx.last.fulfillmentResponse.messages[0].text.text[0]);
      expect(esSpeech).toEqual(alexaSpeech);
      expect(cxSpeech).toEqual(alexaSpeech);
      expect(alexaSpeech.at(-1)).toMatch(
        /^(Stop now and ease off the pressure|Hör jetzt auf und nimm den Druck weg)\./,
      );
    } finally {
      jest.useRealTimers();
    }
  });
});

/** Alexa's response as SSML with its APL-A silences as breaks, to time it like the others. */
function alexaListen(body: any): string {
  const apla = (body?.response?.directives ?? []).find((d: any) => d.type === 'Alexa.Presentation.APLA.RenderDocument');
  const items = apla
    ? apla.document.mainTemplate.item.items.map((i: any) =>
        i.type === 'Silence' ? `<break time="${i.duration}ms"/>` : i.content,
      )
    : [];
  return [body?.response?.outputSpeech?.ssml ?? '', ...items].join(' ');
}

describe('retries', () => {
  beforeEach(() => fakeDateOnly());
  afterEach(() => jest.useRealTimers());

  const replayWorks = async (
    endpoint: '/dialogflow' | '/dialogflow-cx',
    store: Store,
    userId: string,
    device: { last: any; lastRequest: any },
  ) => {
    const before = (await store.load(userId)).journal.length;
    const again = await postJson(`${server.baseUrl}${endpoint}`, device.lastRequest);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(device.last);
    expect((await store.load(userId)).journal).toHaveLength(before);
  };

  it('answers a replayed ES request the same, without a second journal entry or a second step', async () => {
    const device = esDevice(server.baseUrl, { ...telephony, payload: { telephony: { caller_id: 'replay-es' } } });
    const say = listening(device, esSsml);
    for (const u of ['start neck', 'ready', 'next']) await say(u);
    // The retry arrives after the user heard the compression: it must not move on to the stretch.
    await replayWorks('/dialogflow', server.store, 'GOOGLE_TELEPHONY:telephony:replay-es', device);
    const stretch = await say('next');
    // The stretch was set up at the end of the compression turn: its own turn starts the clock.
    expect(stretch!.speech).toMatch(/^15 seconds, starting now\./);
    await say('next');
    await say('a five');
    expect((await server.store.load('GOOGLE_TELEPHONY:telephony:replay-es')).journal).toHaveLength(1);
    await replayWorks('/dialogflow', server.store, 'GOOGLE_TELEPHONY:telephony:replay-es', device);
  });

  it('answers a replayed CX request the same, without a second journal entry', async () => {
    const device = cxDevice(server.baseUrl, { payload: { telephony: { caller_id: 'replay-cx' } } });
    const say = listening(device, cxSsml);
    for (const u of ['start neck', 'ready', 'next', 'next', 'next', 'a five']) await say(u);
    expect((await server.store.load('cx:telephony:replay-cx')).journal).toHaveLength(1);
    await replayWorks('/dialogflow-cx', server.store, 'cx:telephony:replay-cx', device);
  });

  it('does not write a journal entry twice even when the replay reaches a server that never saw it', async () => {
    const store = new MemoryStore();
    const first = await startServer({ store });
    const second = await startServer({ store });
    try {
      const device = cxDevice(first.baseUrl, { payload: { telephony: { caller_id: 'two-servers' } } });
      const say = listening(device, cxSsml);
      for (const u of ['start neck', 'ready', 'next', 'next', 'next', 'a five']) await say(u);
      await postJson(`${second.baseUrl}/dialogflow-cx`, device.lastRequest);
      expect((await store.load('cx:telephony:two-servers')).journal).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('authentication', () => {
  const welcome = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', 'dialogflow-es', 'slack-request-welcome.json'), 'utf8'),
  );
  it.each([
    ['no credential', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a token of another length', { authorization: `Bearer ${TOKEN}x` }],
    ['basic instead of bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
  ])('refuses %s with 401 and no detail', async (_name, headers) => {
    for (const path of ['/dialogflow', '/dialogflow-cx']) {
      const { status, body } = await postJson(`${server.baseUrl}${path}`, welcome, {
        'content-type': 'application/json',
        ...headers,
      });
      expect({ path, status, body }).toEqual({ path, status: 401, body: { error: 'Unauthorized' } });
    }
  });

  it('accepts basic auth, a custom header, and nothing when off; refuses all when unset', async () => {
    const cases: Array<[string | null, Record<string, string>, number]> = [
      [
        'basic:coach:s3cret:with:colons',
        { authorization: `Basic ${Buffer.from('coach:s3cret:with:colons').toString('base64')}` },
        200,
      ],
      ['basic:coach:s3cret', { authorization: `Basic ${Buffer.from('coach:wrong').toString('base64')}` }, 401],
      ['header:X-Coach-Key:abc123', { 'x-coach-key': 'abc123' }, 200],
      ['header:X-Coach-Key:abc123', { 'x-coach-key': 'abc124' }, 401],
      ['off', {}, 200],
      [null, { authorization: `Bearer ${TOKEN}` }, 401],
      // RFC 7235: the scheme is case-insensitive, in the header and in the setting; the token is not.
      ['bearer:Tok-En', { authorization: 'bearer Tok-En' }, 200],
      ['bearer:Tok-En', { authorization: 'BEARER Tok-En' }, 200],
      ['Bearer:Tok-En', { authorization: 'Bearer Tok-En' }, 200],
      ['bearer:Tok-En', { authorization: 'bearer tok-en' }, 401],
      ['basic:coach:s3cret', { authorization: `basic ${Buffer.from('coach:s3cret').toString('base64')}` }, 200],
    ];
    for (const [setting, headers, expected] of cases) {
      const local = await startServer({ dialogflowAuth: setting });
      try {
        const { status } = await postJson(`${local.baseUrl}/dialogflow`, welcome, {
          'content-type': 'application/json',
          ...headers,
        });
        expect({ setting, status }).toEqual({ setting, status: expected });
      } finally {
        await local.close();
      }
    }
  });
});

describe('bad input gets a clear answer', () => {
  it.each([
    ['/dialogflow', '{"queryResult": ', /Unexpected end of JSON|JSON/],
    ['/dialogflow', '{"responseId": "x"}', /Not a Dialogflow ES webhook request: queryResult/],
    ['/dialogflow-cx', '{"sessionInfo": "nope"}', /Not a Dialogflow CX webhook request: sessionInfo/],
    ['/dialogflow-cx', '[1, 2]', /Not a Dialogflow CX webhook request/],
  ])('%s refuses %s with 400 and a reason', async (path, raw, reason) => {
    const { status, body } = await postJson(`${server.baseUrl}${path}`, raw);
    expect(status).toBe(400);
    expect(body.error).toMatch(reason);
  });

  it.each([
    [
      'an unknown intent and words we do not know',
      { tag: undefined, displayName: 'OrderPizza', text: 'pepperoni please' },
      /didn't catch that|which area/i,
    ],
    [
      'an unknown intent whose words we know',
      { tag: undefined, displayName: 'SomethingElse', text: 'start neck release' },
      /with just your hands/,
    ],
    [
      'a known intent with its parameter missing',
      { tag: 'START_ROUTINE', displayName: 'StartRoutineIntent', text: '' },
      /I can help with neck/,
    ],
    ['empty text', { tag: undefined, displayName: undefined, text: '' }, /which area/i],
  ])('speaks a recovery for %s', async (_name, turn, expected) => {
    const { status, body } = await postJson(`${server.baseUrl}/dialogflow-cx`, {
      detectIntentResponseId: `r-${Math.random()}`,
      languageCode: 'en',
      sessionInfo: { session: `projects/p/locations/l/agents/a/sessions/${Math.random()}`, parameters: {} },
      ...(turn.tag ? { fulfillmentInfo: { tag: turn.tag } } : {}),
      intentInfo: { ...(turn.displayName ? { displayName: turn.displayName } : {}), parameters: {} },
      text: turn.text,
    });
    expect(status).toBe(200);
    expect(body.fulfillmentResponse.messages[0].text.text[0]).toMatch(expected);
  });

  it('speaks a fresh start for a tampered snapshot', async () => {
    for (const coach of [{ v: 'x', s: { value: 'nowhere' } }, { v: 'bad' }, 'text', 42]) {
      const { status, body } = await postJson(`${server.baseUrl}/dialogflow-cx`, {
        detectIntentResponseId: `t-${Math.random()}`,
        languageCode: 'en',
        sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/tampered', parameters: { coach } },
        fulfillmentInfo: { tag: 'NEXT' },
      });
      expect(status).toBe(200);
      expect(body.fulfillmentResponse.messages[0].text.text[0].length).toBeGreaterThan(10);
    }
  });
});

describe('a store too slow for Dialogflow’s timeout', () => {
  it('answers in time with "say that again" and leaves the snapshot as it was', async () => {
    const store = new MemoryStore();
    const slowStore: Store = {
      load: (userId) => new Promise((resolve) => setTimeout(() => resolve(store.load(userId)), 4500)),
      saveResume: store.saveResume.bind(store),
      appendJournal: store.appendJournal.bind(store),
      setGoal: store.setGoal.bind(store),
      countSession: store.countSession.bind(store),
      deleteUser: store.deleteUser.bind(store),
    };
    const local = await startServer({ store: slowStore });
    try {
      const cx = await postJson(`${local.baseUrl}/dialogflow-cx`, {
        detectIntentResponseId: 'slow-1',
        languageCode: 'en',
        fulfillmentInfo: { tag: 'LAUNCH' },
        sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/slow', parameters: {} },
      });
      expect(cx.status).toBe(200);
      expect(cx.body).toEqual({
        fulfillmentResponse: {
          messages: [{ text: { text: ['Sorry, that took me too long. Please say that again.'] } }],
          mergeBehavior: 'REPLACE',
        },
      });
      const es = await postJson(`${local.baseUrl}/dialogflow`, {
        responseId: 'slow-2',
        session: 'projects/p/agent/sessions/slow',
        queryResult: { queryText: 'hallo', intent: { displayName: 'Default Welcome Intent' }, languageCode: 'de' },
      });
      expect(es.body).toEqual({
        fulfillmentText: 'Entschuldige, das hat zu lange gedauert. Bitte sag das noch einmal.',
        fulfillmentMessages: [
          { text: { text: ['Entschuldige, das hat zu lange gedauert. Bitte sag das noch einmal.'] } },
        ],
      });
    } finally {
      await local.close();
    }
  }, 20_000);
});

describe('the request path', () => {
  it('never loads @google-cloud/dialogflow', () => {
    const script = `require('./src/server/app'); const loaded = Object.keys(require.cache).filter((k) => k.includes('@google-cloud')); process.stdout.write(JSON.stringify(loaded));`;
    const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual([]);
  });
});
