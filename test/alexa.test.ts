import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { z } from 'zod';
import { setLogSink } from '../src/log';
import { MemoryStore } from '../src/store/memory-store';
import { alexaDevice, envelope, intentFor, post, playbackMs, SKILL_ID, spokenText } from './helpers/alexa-client';
import { testSigner } from './helpers/alexa-signing';
import { startServer } from './helpers/server';
import { journalEntry } from './helpers/journal';
import { runTranscript } from './helpers/transcript';
import { fakeDateOnly } from './helpers/clock';

const signer = testSigner();
let server: Awaited<ReturnType<typeof startServer>>;
const logs: string[] = [];

beforeAll(async () => {
  if (!nock.isActive()) nock.activate();
  nock.enableNetConnect('127.0.0.1');
  setLogSink((line) => logs.push(line));
  server = await startServer({ alexa: { skillId: SKILL_ID, verify: true } });
});
afterAll(async () => {
  await server.close();
  setLogSink('silent');
  nock.cleanAll();
  nock.restore();
});

/** A valid Alexa response envelope (request-and-response-json-reference). */
const responseSchema = z.object({
  version: z.literal('1.0'),
  sessionAttributes: z.record(z.string(), z.unknown()).optional(),
  response: z
    .object({
      outputSpeech: z
        .object({
          type: z.literal('SSML'),
          ssml: z
            .string()
            .regex(/^<speak>[\s\S]*<\/speak>$/)
            .max(8000),
        })
        .optional(),
      reprompt: z
        .object({ outputSpeech: z.object({ type: z.literal('SSML'), ssml: z.string().regex(/^<speak>/) }) })
        .optional(),
      card: z
        .object({ type: z.string(), title: z.string().optional(), content: z.string().optional() })
        .loose()
        .optional(),
      directives: z.array(z.object({ type: z.string() }).loose()).optional(),
      shouldEndSession: z.boolean().optional(),
    })
    .loose(),
});
const breaksIn = (ssml: string) => [...ssml.matchAll(/<break time="(\d+)ms"\/>/g)].map((m) => Number(m[1]));

describe('POST /alexa with verification on', () => {
  const launch = () => envelope({ type: 'LaunchRequest' });

  it('answers a request signed by the test chain', async () => {
    const { status, body } = await post(server.baseUrl, launch(), signer);
    expect(status).toBe(200);
    expect(responseSchema.parse(body).response.outputSpeech!.ssml).toMatch(/Welcome to Massage Coach/);
  });

  it.each([
    [
      'a tampered body',
      { tamper: (raw: string) => raw.replace('LaunchRequest', 'LaunchRequesT') },
      /Signature-256 does not match the request body/,
    ],
    ['a missing signature', { omitSignature: true }, /Signature/],
    [
      'a certificate URL on another host',
      { certUrl: 'https://evil.example.com/echo.api/cert.pem' },
      /certificate URL must be on s3.amazonaws.com/,
    ],
    [
      'a certificate URL outside /echo.api/',
      { certUrl: 'https://s3.amazonaws.com/other/cert.pem' },
      /certificate URL path must start with \/echo.api\//,
    ],
    [
      'a certificate URL over http',
      { certUrl: 'http://s3.amazonaws.com/echo.api/cert.pem' },
      /certificate URL must use https/,
    ],
  ])('refuses %s with 400 and a reason', async (_name, options, reason) => {
    const { status, body } = await post(server.baseUrl, launch(), signer, options);
    expect(status).toBe(400);
    expect(body.error).toMatch(reason);
  });

  it('refuses a timestamp older than 150 seconds', async () => {
    const old = envelope({ type: 'LaunchRequest', timestamp: new Date(Date.now() - 151_000).toISOString() });
    const { status, body } = await post(server.baseUrl, old, signer);
    expect(status).toBe(400);
    expect(body.error).toMatch(/timestamp/i);
  });

  it('refuses a request for another skill id', async () => {
    const other = envelope({ type: 'LaunchRequest' });
    other.context.System.application.applicationId = 'amzn1.ask.skill.someone-else';
    const { status, body } = await post(server.baseUrl, other, signer);
    expect(status).toBe(400);
    expect(body.error).toBe('Request is for another skill id');
  });

  it.each([
    ['malformed JSON', '{"version": "1.0", ', /Malformed JSON/],
    ['JSON that is not a request', '{"hello": "world"}', /Not an Alexa request envelope: version/],
    ['an empty body', '', /Malformed JSON/],
  ])('refuses %s with 400 and a reason', async (_name, raw, reason) => {
    const response = await fetch(`${server.baseUrl}/alexa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(reason);
  });

  it('answers every shared Alexa fixture with 200 and a valid envelope (re-stamped and signed)', async () => {
    const dir = join(__dirname, 'fixtures', 'alexa');
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const fixtureServer = await startServer({ alexa: { verify: true } });
    try {
      for (const file of files) {
        const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8'));
        fixture.request.timestamp = new Date().toISOString();
        const { status, body } = await post(fixtureServer.baseUrl, fixture, signer);
        expect({ file, status }).toEqual({ file, status: 200 });
        responseSchema.parse(body);
      }
    } finally {
      await fixtureServer.close();
    }
  });
});

describe('Alexa end to end through HTTP', () => {
  beforeEach(() => fakeDateOnly());
  afterEach(() => jest.useRealTimers());

  /** The listener hears each response through before answering: move the clock on by its length. */
  function listening(device: ReturnType<typeof alexaDevice>) {
    return async (utterance: string) => {
      const line = await device.say(utterance);
      const body = device.last;
      jest.setSystemTime(Date.now() + playbackMs(body));
      return line;
    };
  }

  it('coaches neck release with next, pause, resume and repeat; keeps the place when closed mid-hold; resumes; journals', async () => {
    const store = new MemoryStore();
    const local = await startServer({ store, alexa: { skillId: SKILL_ID } });
    try {
      const device = alexaDevice(local.baseUrl, signer);
      const say = listening(device);
      await runTranscript(
        `
        U: <launch>
        A: not medical advice
        U: start neck release
        A: just your hands
        U: ready
        A: 30 seconds, starting now
        A: next up: knuckle compression
        U: wait
        A: paused
        U: resume
        A: right side of your neck
        A: switch sides
        U: say that again
        A: next up: stretch and release
        `,
        say,
      );
      // The stretch starts; fifteen seconds in, the user says "Alexa, exit".
      await device.say('next');
      jest.setSystemTime(Date.now() + 15_000);
      await device.say('<end>');
      expect((await store.load('amzn1.ask.account.TESTUSER')).resume).toMatchObject({
        routine: 'neck',
        step: 2,
        unit: 0,
        remainingSeconds: expect.any(Number),
      });
      await runTranscript(
        `
        U: <launch>
        A: welcome back
        A: last time you stopped at the stretch and release in neck release
        U: resume
        A: let's pick up the stretch and release
        A: once more
        U: next
        A: from the base of your skull
        A: how tense is it now
        U: it's a two
        A: for lasting results
        A$
        `,
        say,
      );
      const { journal } = await store.load('amzn1.ask.account.TESTUSER');
      // "Alexa, exit" mid-routine is the user stopping; the resumed session then completes.
      expect(journal.map((entry) => [entry.routine, entry.completed, entry.cutShort])).toEqual([
        ['neck', false, 'stopped'],
        ['neck', true, null],
      ]);
    } finally {
      await local.close();
    }
  });

  it('keeps the rest of a hold and its side when the session closes inside it', async () => {
    const store = new MemoryStore();
    const local = await startServer({ store });
    try {
      const device = alexaDevice(local.baseUrl, signer);
      const say = listening(device);
      await say('start glutes');
      await say('ready');
      await device.say('next');
      jest.setSystemTime(Date.now() + 25_000);
      await device.say('<end>');
      const { resume } = await store.load('amzn1.ask.account.TESTUSER');
      expect(resume).toMatchObject({
        routine: 'glutes-piriformis',
        step: 1,
        unit: 0,
        side: 'right',
        remainingSeconds: expect.any(Number),
      });
      expect(resume!.remainingSeconds!).toBeGreaterThan(20);
      expect(resume!.remainingSeconds!).toBeLessThan(45);
      await runTranscript(
        `
        U: <launch>
        A: you stopped on the right side of the ball release in glute and piriformis release
        U: resume
        A: let's pick up the ball release on the right side
        A: switch sides
        `,
        say,
      );
    } finally {
      await local.close();
    }
  });

  it('speaks German end to end: a routine, closed mid-hold, resumed and journaled', async () => {
    const store = new MemoryStore();
    const local = await startServer({ store });
    try {
      const device = alexaDevice(local.baseUrl, signer, { locale: 'de-DE', userId: 'amzn1.ask.account.DE' });
      const say = listening(device);
      await runTranscript(
        `
        U: <launch>
        A: willkommen bei massage coach
        A: kein medizinischer rat
        U: starte Nacken
        A: nur deine Hände
        U: bereit
        A: 30 Sekunden – los
        U: warte mal
        A: pause
        U: weitermachen
        A: rechten Nackenseite
        A: Seitenwechsel
        U: nochmal
        A: als Nächstes: Dehnen unter Druck
        `,
        say,
      );
      await device.say('weiter');
      jest.setSystemTime(Date.now() + 15_000);
      await device.say('<end>');
      await runTranscript(
        `
        U: <launch>
        A: willkommen zurück
        A: bei der Übung „Dehnen unter Druck“ in der Nackenlockerung aufgehört
        U: weitermachen
        A: weiter mit der Übung „Dehnen unter Druck“
        A: noch einmal
        U: weiter
        A: Schädelansatz
        A: null locker, zehn sehr verspannt
        U: eine zwei
        A: mach's gut
        A$
        `,
        say,
      );
      const { journal } = await store.load('amzn1.ask.account.DE');
      expect(journal.map((entry) => [entry.routine, entry.completed, entry.cutShort])).toEqual([
        ['neck', false, 'stopped'],
        ['neck', true, null],
      ]);
    } finally {
      await local.close();
    }
  });

  it('stops at a red flag in German', async () => {
    const local = await startServer();
    try {
      const say = listening(alexaDevice(local.baseUrl, signer, { locale: 'de-DE' }));
      await runTranscript(
        `
        U: starte Waden
        U: bereit
        U: meine Finger kribbeln
        A: Hör jetzt auf und nimm den Druck weg
        A$
        `,
        say,
      );
    } finally {
      await local.close();
    }
  });
});

describe('Alexa responses', () => {
  const turn = async (request: Record<string, unknown>, options: Parameters<typeof envelope>[1] = {}) => {
    const { status, body } = await post(server.baseUrl, envelope(request, options), signer);
    expect(status).toBe(200);
    return responseSchema.parse(body) as any;
  };
  const started = async (options: Parameters<typeof envelope>[1] = {}) => {
    const first = await turn(intentFor('start calves', 'en-US'), options);
    return turn(intentFor('ready', 'en-US'), { ...options, session: first.sessionAttributes });
  };

  it('plays holds as APL-A silences after a short outputSpeech, never a break over 10 s', async () => {
    const body = await started();
    const ssml: string = body.response.outputSpeech.ssml;
    expect(Math.max(0, ...breaksIn(ssml))).toBeLessThanOrEqual(10_000);
    const apla = body.response.directives.find((d: any) => d.type === 'Alexa.Presentation.APLA.RenderDocument');
    expect(apla.document).toMatchObject({
      version: '0.91',
      type: 'APLA',
      mainTemplate: { item: { type: 'Sequencer' } },
    });
    const silences = apla.document.mainTemplate.item.items
      .filter((i: any) => i.type === 'Silence')
      .map((i: any) => i.duration);
    expect(silences.every((ms: number) => Number.isInteger(ms) && ms > 0 && ms <= 240_000)).toBe(true);
    expect(body.response.reprompt.outputSpeech.ssml).toMatch(/Say next when you&apos;re ready/);
    expect(body.response.card).toMatchObject({ type: 'Simple', title: 'Massage Coach: calf and hamstring release' });
    expect(body.response.card.content).toMatch(/^Ankle circles and calf raises: /);
    expect(body.response.shouldEndSession).toBe(false);
  });

  it('chains 10 s breaks instead when APL-A is turned off', async () => {
    const local = await startServer({ alexa: { holdAudio: 'breaks' } });
    try {
      const first = await post(local.baseUrl, envelope(intentFor('start neck', 'en-US')), signer);
      const second = await post(
        local.baseUrl,
        envelope(intentFor('ready', 'en-US'), { session: first.body.sessionAttributes }),
        signer,
      );
      const ssml: string = second.body.response.outputSpeech.ssml;
      expect(Math.max(...breaksIn(ssml))).toBeLessThanOrEqual(10_000);
      expect(breaksIn(ssml).reduce((a, b) => a + b, 0)).toBeGreaterThan(20_000);
      expect(second.body.response.directives ?? []).toEqual([]);
    } finally {
      await local.close();
    }
  });

  it('shows an Echo Show the step and a countdown that runs on the device, and plain devices nothing', async () => {
    const withScreen = await started({ apl: true });
    const apl = withScreen.response.directives.find((d: any) => d.type === 'Alexa.Presentation.APL.RenderDocument');
    expect(apl.datasources.coach).toMatchObject({
      routine: 'calf and hamstring release',
      step: 'ankle circles and calf raises',
    });
    const countdown = JSON.stringify(apl.document).match(/"id":"countdown","text":"([^"]+)"/)![1]!;
    expect(countdown).toMatch(
      /^\$\{elapsedTime >= \d+ && elapsedTime < \d+ \? Math\.ceil\(\(\d+ - elapsedTime\) \/ 1000\)/,
    );
    const voiceOnly = await started();
    expect(voiceOnly.response.directives.some((d: any) => d.type === 'Alexa.Presentation.APL.RenderDocument')).toBe(
      false,
    );
  });

  it('says nothing and keeps the place on SessionEndedRequest, logging the error type', async () => {
    const begun = await started();
    logs.length = 0;
    const body = await turn(
      { type: 'SessionEndedRequest', reason: 'ERROR', error: { type: 'INVALID_RESPONSE', message: 'bad' } },
      { session: begun.sessionAttributes },
    );
    expect(body.response).toEqual({});
    expect(logs.join('\n')).toMatch(/"errorType":"INVALID_RESPONSE"/);
  });

  it('answers an intent that arrives outside any session', async () => {
    const body = await turn(intentFor('start neck release', 'en-US'), { session: null });
    expect(spokenText(body)).toMatch(/For neck release: about \d+ minutes, with just your hands/);
  });

  it('answers System.ExceptionEncountered with an empty response', async () => {
    const body = await turn(
      {
        type: 'System.ExceptionEncountered',
        error: { type: 'INVALID_RESPONSE', message: 'x' },
        cause: { requestId: 'r' },
      },
      { session: null },
    );
    expect(body.response).toEqual({});
  });

  it('answers CanFulfillIntentRequest without speaking or starting anything', async () => {
    const yes = await turn(
      { type: 'CanFulfillIntentRequest', intent: intentFor('start neck release', 'en-US').intent },
      { session: null },
    );
    expect(yes.response).toEqual({
      canFulfillIntent: { canFulfill: 'YES', slots: { routine: { canUnderstand: 'YES', canFulfill: 'YES' } } },
    });
    expect(yes.sessionAttributes ?? {}).toEqual({});
    const no = await turn(
      { type: 'CanFulfillIntentRequest', intent: { name: 'OrderPizzaIntent', slots: {} } },
      { session: null },
    );
    expect(no.response.canFulfillIntent.canFulfill).toBe('NO');
  });

  it('deletes the user’s data when the skill is disabled', async () => {
    const store = new MemoryStore();
    const local = await startServer({ store });
    try {
      await store.appendJournal('amzn1.ask.account.GONE', {
        id: 'x',
        date: new Date().toISOString(),
        routine: 'neck',
        stepsCompleted: 1,
        totalSteps: 4,
        completed: false,
        cutShort: 'stopped',
        ratingsDuring: [],
      });
      const event = envelope(
        { type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'NOT_PERSISTED' } },
        { userId: 'amzn1.ask.account.GONE', session: null },
      );
      const { status } = await post(local.baseUrl, event, signer);
      expect(status).toBe(200);
      expect((await store.load('amzn1.ask.account.GONE')).journal).toEqual([]);
    } finally {
      await local.close();
    }
  });

  it('takes a skill event up to an hour late, as Amazon allows, but not a launch that late', async () => {
    const store = new MemoryStore();
    const local = await startServer({ store });
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    try {
      for (const [ago, expected] of [
        [59 * 60_000, 200],
        [61 * 60_000, 400],
      ] as const) {
        await store.appendJournal('amzn1.ask.account.LATE', journalEntry({ id: `late-${ago}` }));
        const event = envelope(
          {
            type: 'AlexaSkillEvent.SkillDisabled',
            timestamp: at(ago),
            body: { userInformationPersistenceStatus: 'NOT_PERSISTED' },
          },
          { userId: 'amzn1.ask.account.LATE', session: null },
        );
        const { status } = await post(local.baseUrl, event, signer);
        expect({ ago, status }).toEqual({ ago, status: expected });
        expect((await store.load('amzn1.ask.account.LATE')).journal).toHaveLength(expected === 200 ? 0 : 1);
      }
      const launch = envelope({ type: 'LaunchRequest', timestamp: at(10 * 60_000) });
      expect((await post(local.baseUrl, launch, signer)).status).toBe(400);
    } finally {
      await local.close();
    }
  });

  describe('reminders', () => {
    const remind = (time?: string) => ({
      type: 'IntentRequest',
      intent: {
        name: 'RemindIntent',
        confirmationStatus: 'NONE',
        slots: { time: { name: 'time', ...(time ? { value: time } : {}), confirmationStatus: 'NONE' } },
      },
    });

    it('creates a daily reminder through the Reminders API', async () => {
      let sent: any;
      const api = nock('https://api.reminders.test')
        .post('/v1/alerts/reminders', (body) => ((sent = body), true))
        .matchHeader('authorization', 'Bearer test-access-token')
        .reply(201, { alertToken: 'a1', status: 'ON' });
      const body = await turn(remind('19:00'), { consentToken: 'consent', apiEndpoint: 'https://api.reminders.test' });
      expect(api.isDone()).toBe(true);
      expect(sent.trigger).toMatchObject({
        type: 'SCHEDULED_ABSOLUTE',
        recurrence: { recurrenceRules: ['FREQ=DAILY;BYHOUR=19;BYMINUTE=0;BYSECOND=0;INTERVAL=1;'] },
      });
      expect(sent.alertInfo.spokenInfo.content[0]).toEqual({
        locale: 'en-US',
        text: 'Time for your massage coach routine.',
      });
      expect(body.response.outputSpeech.ssml).toMatch(/I'll remind you every day at 7:00 PM/);
    });

    it('asks for permission with a card when it has none', async () => {
      const body = await turn(remind('19:00'));
      expect(body.response.card).toEqual({
        type: 'AskForPermissionsConsent',
        permissions: ['alexa::alerts:reminders:skill:readwrite'],
      });
      expect(body.response.outputSpeech.ssml).toMatch(/I need your permission/);
    });

    it('asks for permission when the API refuses the token', async () => {
      nock('https://api.reminders.test')
        .post('/v1/alerts/reminders')
        .reply(401, { code: 'UNAUTHORIZED', message: 'no' });
      const body = await turn(remind('07:30'), { consentToken: 'stale', apiEndpoint: 'https://api.reminders.test' });
      expect(body.response.card.type).toBe('AskForPermissionsConsent');
    });

    it('asks for the time when none was given', async () => {
      const body = await turn(remind(), { consentToken: 'consent' });
      expect(body.response.directives).toEqual([
        expect.objectContaining({ type: 'Dialog.ElicitSlot', slotToElicit: 'time' }),
      ]);
      expect(body.response.outputSpeech.ssml).toMatch(/What time each day/);
    });

    it('says so when the API fails', async () => {
      nock('https://api.reminders.test')
        .post('/v1/alerts/reminders')
        .reply(500, { code: 'INTERNAL_ERROR', message: 'down' });
      const body = await turn(remind('20:00'), { consentToken: 'consent', apiEndpoint: 'https://api.reminders.test' });
      expect(body.response.outputSpeech.ssml).toMatch(/couldn't set the reminder/);
    });
  });

  it('never leaves the user in silence on an unknown intent', async () => {
    const fresh = { userId: 'amzn1.ask.account.UNKNOWN-INTENT' };
    const launched = await turn({ type: 'LaunchRequest' }, fresh);
    const body = await turn(
      { type: 'IntentRequest', intent: { name: 'SomethingElseIntent', confirmationStatus: 'NONE' } },
      { ...fresh, session: launched.sessionAttributes },
    );
    expect(spokenText(body)).toMatch(/didn't catch that/);
    expect(body.response.shouldEndSession).toBe(false);
  });
});
