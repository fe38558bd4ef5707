import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { setLogSink } from '../src/log';
import { personKey } from '../src/platforms/alexa/voice';
import { MemoryStore } from '../src/store/memory-store';
import { alexaDevice, envelope, playbackMs, post, spokenText, SKILL_ID } from './helpers/alexa-client';
import { testSigner } from './helpers/alexa-signing';
import { fakeDateOnly } from './helpers/clock';
import { journalEntry } from './helpers/journal';
import { startServer } from './helpers/server';

// Persons on one Alexa account (docs/persons.md), through /alexa with signed requests as Alexa sends them.

const signer = testSigner();
const ACCOUNT = 'amzn1.ask.account.HOUSEHOLD';
const ANA = 'amzn1.ask.person.ANA0000000000000000000000000000';
const BEN = 'amzn1.ask.person.BEN0000000000000000000000000000';
const anaKey = personKey(ACCOUNT, ANA);
const benKey = personKey(ACCOUNT, BEN);

let store: MemoryStore;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.enableNetConnect('127.0.0.1');
  setLogSink('silent');
});
afterAll(() => {
  nock.cleanAll();
  nock.restore();
});
beforeEach(async () => {
  fakeDateOnly();
  store = new MemoryStore();
  server = await startServer({ store, alexa: { skillId: SKILL_ID, verify: true } });
});
afterEach(async () => {
  await server.close();
  jest.useRealTimers();
});

/** An Echo on the household's account; `personId` is whoever Alexa recognised (none: an unrecognised voice). */
function echo(options: { personId?: string; locale?: string } = {}) {
  const device = alexaDevice(server.baseUrl, signer, { userId: ACCOUNT, ...options });
  /** Says each line and listens it through (the clock moves on by its length); resolves with what was heard. */
  const say = async (...lines: string[]) => {
    const heard: string[] = [];
    for (const line of lines) {
      heard.push((await device.say(line))?.speech ?? '');
      jest.setSystemTime(Date.now() + playbackMs(device.last));
    }
    return heard.join(' | ');
  };
  return { device, say };
}

/** Starts a routine, gets into its second step and closes the session there: a journal entry and a place. */
const stopInside = (routine: string) => [`<launch>`, `start ${routine}`, 'ready', 'next', '<end>'];

const routinesOf = async (userId: string) => (await store.load(userId)).journal.map((entry) => entry.routine);

describe('two persons on one Alexa account', () => {
  it('keep separate journals, places and first-session notes; an unrecognised voice gets the account', async () => {
    const ana = echo({ personId: ANA });
    const ben = echo({ personId: BEN });
    // Each is new to the coach: each hears the safety sentence of a first session.
    expect(await ana.say(...stopInside('neck release'))).toMatch(/not medical advice/i);
    expect(await ben.say(...stopInside('glutes'))).toMatch(/not medical advice/i);

    expect(await routinesOf(anaKey)).toEqual(['neck']);
    expect(await routinesOf(benKey)).toEqual(['glutes-piriformis']);
    expect((await store.load(anaKey)).resume).toMatchObject({ routine: 'neck' });
    expect((await store.load(benKey)).resume).toMatchObject({ routine: 'glutes-piriformis' });

    // Back the next day, each is offered their own place.
    jest.setSystemTime(Date.now() + 60 * 60_000);
    const anaBack = await ana.say('<launch>');
    expect(anaBack).toMatch(/stopped.*neck release/i);
    expect(anaBack).not.toMatch(/glute/i);
    const benBack = await ben.say('<launch>');
    expect(benBack).toMatch(/stopped.*glute/i);
    expect(benBack).not.toMatch(/neck release/i);

    // A guest Alexa does not recognise gets the account's own data: none of theirs.
    const guest = echo();
    const guestHears = await guest.say('<launch>');
    expect(guestHears).toMatch(/not medical advice/i);
    expect(guestHears).not.toMatch(/welcome back|you stopped|neck release/i);
    await guest.say('start calves', 'ready', 'next', '<end>');
    expect(await routinesOf(ACCOUNT)).toEqual(['calves-hamstrings']);
    expect(await routinesOf(anaKey)).toEqual(['neck']);

    // The account knows which keys are its persons, and nothing else of them.
    expect((await store.personsOf(ACCOUNT)).sort()).toEqual([anaKey, benKey].sort());
  });

  it('keep separate places on a German Echo too', async () => {
    const ana = echo({ personId: ANA, locale: 'de-DE' });
    const ben = echo({ personId: BEN, locale: 'de-DE' });
    await ana.say('<launch>', 'starte Nacken', 'bereit', 'weiter', '<end>');
    const benHears = await ben.say('<launch>');
    expect(benHears).toMatch(/kein medizinischer Rat/i);
    expect(benHears).not.toMatch(/aufgehört|willkommen zurück/i);
    expect(await ana.say('<launch>')).toMatch(/aufgehört/i);
    expect(await routinesOf(anaKey)).toEqual(['neck']);
    expect(await routinesOf(benKey)).toEqual([]);
  });

  it('keep their own talk mode: "talk less" from one voice leaves the other and the account on full talk', async () => {
    const ana = echo({ personId: ANA });
    await ana.say('<launch>', 'start neck release');
    expect(await ana.say('can you talk less')).toMatch(/talk less/i);
    expect((await store.load(anaKey)).talk).toBe('brief');
    expect((await store.load(benKey)).talk).toBe('full');
    expect((await store.load(ACCOUNT)).talk).toBe('full');
  });

  it('keep a session with whoever opened it, when another voice speaks inside it', async () => {
    const ana = alexaDevice(server.baseUrl, signer, { userId: ACCOUNT, personId: ANA });
    for (const line of ['<launch>', 'start neck release', 'ready']) await ana.say(line);
    // Ben, across the room, says "next", then the session closes: it was Ana's, and her journal has it.
    const inAnasSession = (request: Record<string, unknown>, attributes: Record<string, unknown>) =>
      envelope(request, {
        userId: ACCOUNT,
        personId: BEN,
        session: attributes,
        sessionId: 'amzn1.echo-api.session.SHARED',
      });
    const next = await post(
      server.baseUrl,
      inAnasSession(
        { type: 'IntentRequest', intent: { name: 'AMAZON.NextIntent', confirmationStatus: 'NONE' } },
        ana.last.sessionAttributes,
      ),
      signer,
    );
    expect(next.status).toBe(200);
    const closed = inAnasSession(
      { type: 'SessionEndedRequest', reason: 'USER_INITIATED' },
      next.body.sessionAttributes,
    );
    expect((await post(server.baseUrl, closed, signer)).status).toBe(200);
    expect(await routinesOf(anaKey)).toEqual(['neck']);
    expect(await store.load(benKey)).toMatchObject({ sessions: 0, journal: [], resume: null });
    expect(await store.personsOf(ACCOUNT)).toEqual([anaKey]);
  });
});

describe('a real Echo request with a recognised person', () => {
  it("reaches that person's data (the captured launch request, with the person object Alexa adds)", async () => {
    const fixture = JSON.parse(
      readFileSync(join(__dirname, 'fixtures', 'alexa', 'launch-request-echo-device.json'), 'utf8'),
    );
    const account: string = fixture.context.System.user.userId;
    fixture.context.System.person = { personId: ANA, authenticationConfidenceLevel: { level: 400 } };
    fixture.request.timestamp = new Date().toISOString();
    const local = await startServer({ store, alexa: { verify: true } });
    try {
      const { status, body } = await post(local.baseUrl, fixture, signer);
      expect(status).toBe(200);
      expect(spokenText(body)).toMatch(/Welcome to Massage Coach/);
      expect(body.sessionAttributes).toMatchObject({ person: ANA });
      expect(await store.personsOf(account)).toEqual([personKey(account, ANA)]);
      expect((await store.load(personKey(account, ANA))).sessions).toBe(1);
      expect((await store.load(account)).sessions).toBe(0);
    } finally {
      await local.close();
    }
  });
});

describe('deleting on a shared account', () => {
  it('"delete my journal" said by a recognised person deletes theirs only, and says so', async () => {
    const ana = echo({ personId: ANA });
    const ben = echo({ personId: BEN });
    await ana.say(...stopInside('neck release'));
    await ben.say(...stopInside('glutes'));
    await echo().say(...stopInside('calves'));
    await store.appendKnot(anaKey, {
      kind: 'mark',
      id: 'k1',
      date: new Date().toISOString(),
      session: 's',
      spot: { area: 'neck', side: 'right', step: 'compression' },
    });

    const asked = await ana.say('<launch>', 'delete my journal');
    expect(asked).toMatch(/your own journal, saved place and knot map/i);
    expect(asked).toMatch(/others in your household keep theirs/i);
    expect(await ana.say('yes')).toMatch(/Everyone else's stays as it was/);

    expect(await store.load(anaKey)).toMatchObject({ journal: [], resume: null });
    expect(await store.loadKnots(anaKey)).toEqual([]);
    expect(await routinesOf(benKey)).toEqual(['glutes-piriformis']);
    expect(await routinesOf(ACCOUNT)).toEqual(['calves-hamstrings']);
    expect(await store.personsOf(ACCOUNT)).toEqual([benKey]);
  });

  it('says it in German to a recognised person on a German Echo', async () => {
    const ana = echo({ personId: ANA, locale: 'de-DE' });
    await store.appendJournal(anaKey, journalEntry({ id: 'a1' }));
    await store.addPerson(ACCOUNT, anaKey);
    expect(await ana.say('<launch>', 'lösche mein Tagebuch')).toMatch(/Die anderen in deinem Haushalt behalten ihre/);
    expect(await ana.say('ja')).toMatch(/Alles von den anderen bleibt, wie es war/);
    expect((await store.load(anaKey)).journal).toEqual([]);
  });

  it('"delete my journal" from an unrecognised voice deletes the account\'s own, never a person\'s', async () => {
    await echo({ personId: ANA }).say(...stopInside('neck release'));
    const guest = echo();
    await guest.say(...stopInside('calves'));
    expect(await guest.say('<launch>', 'delete my journal')).not.toMatch(/household/);
    await guest.say('yes');
    expect(await routinesOf(ACCOUNT)).toEqual([]);
    expect(await routinesOf(anaKey)).toEqual(['neck']);
    expect(await store.personsOf(ACCOUNT)).toEqual([anaKey]);
  });

  it('disabling the skill deletes the account and every person on it, and no other account', async () => {
    await echo({ personId: ANA }).say(...stopInside('neck release'));
    await echo({ personId: BEN }).say(...stopInside('glutes'));
    await echo().say(...stopInside('calves'));
    await store.appendJournal('amzn1.ask.account.NEIGHBOUR', journalEntry({ id: 'n1' }));
    const disabled = envelope(
      { type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'NOT_PERSISTED' } },
      { userId: ACCOUNT, session: null },
    );
    expect((await post(server.baseUrl, disabled, signer)).status).toBe(200);
    for (const userId of [ACCOUNT, anaKey, benKey]) {
      expect(await store.load(userId)).toMatchObject({ journal: [], resume: null, sessions: 0 });
    }
    expect(await store.personsOf(ACCOUNT)).toEqual([]);
    expect(await routinesOf('amzn1.ask.account.NEIGHBOUR')).toEqual(['neck']);
  });
});

describe('a forged person', () => {
  it('gets nowhere when the request fails the signature check: the verifier runs before any voice is read', async () => {
    await echo({ personId: ANA }).say(...stopInside('neck release'));
    const before = await store.load(anaKey);
    // Ben's request, signed; the body then claims Ana's voice.
    const launch = envelope({ type: 'LaunchRequest' }, { userId: ACCOUNT, personId: BEN });
    const forged = await post(server.baseUrl, launch, signer, { tamper: (raw) => raw.replace(BEN, ANA) });
    expect(forged.status).toBe(400);
    expect(forged.body.error).toMatch(/Signature-256 does not match/);
    expect(spokenText(forged.body)).toBe('');
    // A forged "yes" to deleting, and a forged skill event, delete nothing.
    const deleteYes = envelope(
      { type: 'IntentRequest', intent: { name: 'AMAZON.YesIntent', confirmationStatus: 'NONE' } },
      { userId: ACCOUNT, personId: BEN },
    );
    expect((await post(server.baseUrl, deleteYes, signer, { tamper: (raw) => raw.replace(BEN, ANA) })).status).toBe(
      400,
    );
    const disabled = envelope(
      { type: 'AlexaSkillEvent.SkillDisabled', body: { userInformationPersistenceStatus: 'NOT_PERSISTED' } },
      { userId: 'amzn1.ask.account.OTHER', session: null },
    );
    const event = await post(server.baseUrl, disabled, signer, {
      tamper: (raw) => raw.replace('amzn1.ask.account.OTHER', ACCOUNT),
    });
    expect(event.status).toBe(400);
    // Ana's data is as it was: not a session more, not an entry less.
    expect(await store.load(anaKey)).toEqual(before);
    expect(await store.personsOf(ACCOUNT)).toEqual([anaKey]);
    expect(await store.load(benKey)).toMatchObject({ sessions: 0, journal: [] });
  });
});
