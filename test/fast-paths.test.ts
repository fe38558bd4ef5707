/**
 * The turn's fast paths keep their meaning: memoised speech is the speech, shared and frozen;
 * memo keys tell different acts apart whatever their text; Alexa session attributes reach the
 * handlers and the response without ask-sdk's JSON copy; webhook answers carry no ETag.
 */
import { runTurn } from '../src/coach/turn';
import { buildAlexaSkill } from '../src/platforms/alexa/skill';
import { renderActs } from '../src/runtime/render-output';
import { Conversation } from '../src/runtime/conversation';
import { actMeaningKey, actsKey } from '../src/speech/act-key';
import type { Act } from '../src/speech/acts';
import { planSpeech, SpeechClock } from '../src/speech/plan';
import { say as sayLine } from '../src/speech/acts';
import { catalogue } from '../src/content/load';
import { unitActs, unitsOf } from '../src/coach/units';
import { responseJson } from '../src/platforms/alexa/response-json';
import { renderSsml, renderText } from '../src/speech/render';
import { LIMITS } from '../src/speech/limits';
import { MemoryStore } from '../src/store/memory-store';
import { setLogSink } from '../src/log';
import { envelope } from './helpers/alexa-client';
import { startServer } from './helpers/server';

beforeAll(() => setLogSink('silent'));

const actsOf = (): Act[] => [
  { type: 'say', key: 'coach.cue.left', params: { duration: { seconds: 30 } } },
  { type: 'hold', seconds: 45, unit: 2 },
  { type: 'count', count: 5, paceSeconds: 2, unit: 3 },
];

describe('memoised speech', () => {
  it('renders equal acts once and gives every later turn the same frozen rendering, equal to a fresh one', () => {
    const first = renderActs(actsOf(), 'en-US', 'alexa');
    const again = renderActs(actsOf(), 'en-US', 'alexa');
    expect(again).toBe(first);
    const plan = planSpeech(actsOf(), 'en-US');
    expect(first).toEqual({
      ssml: renderSsml(plan, LIMITS.alexa),
      text: renderText(plan),
      seconds: plan.seconds,
      plan,
    });
    expect(Object.isFrozen(first.plan.segments[0])).toBe(true);
    expect(() => {
      (first.plan.segments as unknown as unknown[]).push({ kind: 'silence', seconds: 1 });
    }).toThrow(TypeError);
  });

  it('keeps locales, platforms and units apart', () => {
    const en = renderActs(actsOf(), 'en-US', 'alexa');
    expect(renderActs(actsOf(), 'de-DE', 'alexa').text).not.toBe(en.text);
    const moved = actsOf().map((act) => (act.type === 'hold' ? { ...act, unit: 7 } : act));
    expect(renderActs(moved, 'en-US', 'alexa').plan.holds.map((hold) => hold.unit)).toEqual([7, 3]);
    expect(renderActs(actsOf(), 'en-US', 'dialogflowCx').plan).not.toBe(en.plan);
  });

  it('tells acts apart whose text would run together, and ignores only the unit for an act’s words', () => {
    const say = (params: Record<string, unknown>): Act => ({ type: 'say', key: 'k', params: params as never });
    const keys = [
      say({ a: 'b', c: 'd' }),
      say({ a: 'b1:cs1:d' }),
      say({ a: 'bc', '': 'd' }),
      say({ a: { t: 'x' } }),
      say({ a: 'x' }),
      say({ a: 1 }),
      say({ a: '1' }),
      say({ a: { and: ['b', 'c'] } }),
      say({ a: { and: ['bc'] } }),
    ].map(actMeaningKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(actMeaningKey({ type: 'hold', seconds: 30, unit: 1 })).toBe(
      actMeaningKey({ type: 'hold', seconds: 30, unit: 2 }),
    );
    expect(actsKey([{ type: 'hold', seconds: 30, unit: 1 }])).not.toBe(
      actsKey([{ type: 'hold', seconds: 30, unit: 2 }]),
    );
    // A field an act gains later changes its key without touching the key code.
    expect(actMeaningKey({ type: 'hold', seconds: 30, side: 'left' } as Act)).not.toBe(
      actMeaningKey({ type: 'hold', seconds: 30, side: 'right' } as Act),
    );
  });
});

describe('shared speech', () => {
  it('gives a unit the same frozen acts every turn, which cannot be changed in place', () => {
    const neck = catalogue().routines.get('neck')!;
    const unit = unitsOf(neck.steps[0]!)[0]!;
    const options = { opening: true, gentle: true, gentlePercent: 20 };
    const first = unitActs(neck, 0, unit, options);
    expect(unitActs(neck, 0, unit, { ...options })).toBe(first);
    expect(unitActs(neck, 0, unit, { ...options, gentle: false })).not.toEqual(first);
    expect(Object.isFrozen(first) && first.every((act) => Object.isFrozen(act))).toBe(true);
    expect(() => (first as Act[]).push(sayLine('coach.ask.ready'))).toThrow(TypeError);
    expect(sayLine('coach.ask.ready')).toBe(sayLine('coach.ask.ready'));
    // A shared act and a fresh one with the same words render the same speech.
    expect(renderActs([sayLine('coach.ask.ready')], 'en-US', 'alexa').text).toBe(
      renderActs([{ type: 'say', key: 'coach.ask.ready' }], 'en-US', 'alexa').text,
    );
  });

  it('fills a response by a running clock that says what planning the whole response says', () => {
    const neck = catalogue().routines.get('neck')!;
    for (const locale of ['en-US', 'de-DE']) {
      const acts: Act[] = [...actsOf()];
      const clock = new SpeechClock(locale, acts);
      neck.steps.forEach((step, index) =>
        unitsOf(step).forEach((unit) => {
          const more = unitActs(neck, index, unit, { opening: unit.index === 0, gentle: false, gentlePercent: 20 });
          expect(clock.secondsWith(more)).toBe(planSpeech([...acts, ...more], locale).seconds);
          acts.push(...more);
          clock.add(more);
        }),
      );
      expect(clock.secondsWith([])).toBe(planSpeech(acts, locale).seconds);
    }
  });
});

describe('Alexa response text', () => {
  it('is exactly JSON.stringify of the response, with the shared hold document spliced in', async () => {
    const context = { now: Date.now(), locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds };
    const coach = runTurn(null, { type: 'START_ROUTINE', routine: 'neck' }, context).snapshot;
    const skill = buildAlexaSkill({ conversation: new Conversation(new MemoryStore()) });
    const request = envelope(
      { type: 'IntentRequest', intent: { name: 'AMAZON.YesIntent', confirmationStatus: 'NONE' } },
      { session: { coach } },
    );
    const answer = await skill.invoke(request as never);
    const directives = answer.response.directives ?? [];
    expect(directives.some((directive) => Object.isFrozen(directive))).toBe(true);
    expect(responseJson(answer)).toBe(JSON.stringify(answer));
    expect(responseJson(answer)).toBe(JSON.stringify(answer));
    expect(
      responseJson({ version: '1.0', response: { directives: [{ type: 'x', token: '"\\u0000directives' } as never] } }),
    ).toBe(JSON.stringify({ version: '1.0', response: { directives: [{ type: 'x', token: '"\\u0000directives' }] } }));
  });
});

describe('Alexa session attributes', () => {
  it('reach the coach and come back in the response without a JSON copy of the snapshot', async () => {
    const context = { now: Date.now(), locale: 'en-US', budgetSeconds: LIMITS.alexa.maxResponseSeconds };
    const coach = runTurn(
      runTurn(null, { type: 'START_ROUTINE', routine: 'neck' }, context).snapshot,
      { type: 'YES' },
      context,
    ).snapshot;
    const skill = buildAlexaSkill({ conversation: new Conversation(new MemoryStore()) });
    const request = envelope(
      { type: 'IntentRequest', intent: { name: 'AMAZON.RepeatIntent', confirmationStatus: 'NONE' } },
      { session: { coach } },
    );
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      const answer = await skill.invoke(request as never);
      expect(
        stringify.mock.calls.filter(([value]) => value === request.session!.attributes || value === coach),
      ).toEqual([]);
      // The turn ran on the snapshot it was given: mid-routine, it repeats the step, not the welcome.
      expect(answer.sessionAttributes?.coach).toEqual(expect.objectContaining({ v: coach.v }));
      expect(answer.response.outputSpeech).toBeDefined();
      expect(JSON.stringify(answer.response.outputSpeech)).not.toMatch(/Welcome to Massage Coach/);
    } finally {
      stringify.mockRestore();
    }
  });

  it('stay in the response when a handler does not set them', async () => {
    const skill = buildAlexaSkill({ conversation: new Conversation(new MemoryStore()) });
    const answer = await skill.invoke(
      envelope({ type: 'System.SomethingNew' }, { session: { coach: { v: 'x', s: null }, other: 1 } }) as never,
    );
    expect(answer.sessionAttributes).toEqual({ coach: { v: 'x', s: null }, other: 1 });
  });
});

describe('webhook answers', () => {
  it('carry no ETag', async () => {
    const server = await startServer({ alexa: { verify: false } });
    try {
      const response = await fetch(`${server.baseUrl}/alexa`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope({ type: 'LaunchRequest' })),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe('Alexa card and screen words', () => {
  it('are the step’s own words in each locale, translated once and reused', async () => {
    const skill = buildAlexaSkill({ conversation: new Conversation(new MemoryStore()) });
    const context = (locale: string) => ({ now: Date.now(), locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
    const cards: Record<string, unknown> = {};
    for (const locale of ['en-US', 'de-DE', 'en-US']) {
      const coach = runTurn(
        runTurn(null, { type: 'START_ROUTINE', routine: 'neck' }, context(locale)).snapshot,
        { type: 'YES' },
        context(locale),
      ).snapshot;
      const request = envelope(
        { type: 'IntentRequest', intent: { name: 'AMAZON.RepeatIntent', confirmationStatus: 'NONE' } },
        { locale, session: { coach } },
      );
      const card = (await skill.invoke(request as never)).response.card as { title: string; content: string };
      expect(card.title).toMatch(/\w/);
      if (cards[locale]) expect(card).toEqual(cards[locale]);
      cards[locale] = card;
    }
    expect(cards['de-DE']).not.toEqual(cards['en-US']);
  });
});
