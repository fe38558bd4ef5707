import { randomUUID } from 'node:crypto';
import type { TranscriptLine } from '../../src/runtime/simulator';
import { matcherFor } from '../../src/nlu/matcher';
import { interactionModel } from '../../src/nlu/utterances';
import { normalize } from '../../src/nlu/normalize';
import { alexaIntentName, freeTextCarriers } from '../../src/platforms/alexa/model';
import type { Signer } from './alexa-signing';

export const SKILL_ID = 'amzn1.ask.skill.massage-coach-test';

export interface DeviceOptions {
  locale?: string;
  userId?: string;
  apl?: boolean;
  consentToken?: string;
  apiEndpoint?: string;
  /** A recognised speaker (context.System.person), as Alexa sends it with skill personalization on. */
  personId?: string;
}

/** A request envelope as an Echo sends it. */
export function envelope(
  request: Record<string, unknown>,
  options: DeviceOptions & { session?: Record<string, unknown> | null; sessionId?: string } = {},
) {
  const locale = options.locale ?? 'en-US';
  const userId = options.userId ?? 'amzn1.ask.account.TESTUSER';
  const system = {
    application: { applicationId: SKILL_ID },
    user: { userId, ...(options.consentToken ? { permissions: { consentToken: options.consentToken } } : {}) },
    device: {
      deviceId: 'amzn1.ask.device.TEST',
      supportedInterfaces: options.apl ? { 'Alexa.Presentation.APL': { runtime: { maxVersion: '2023.3' } } } : {},
    },
    apiEndpoint: options.apiEndpoint ?? 'https://api.amazonalexa.com',
    apiAccessToken: 'test-access-token',
    ...(options.personId
      ? { person: { personId: options.personId, authenticationConfidenceLevel: { level: 400 } } }
      : {}),
  };
  return {
    version: '1.0',
    ...(options.session === null
      ? {}
      : {
          session: {
            new: !options.session,
            sessionId: options.sessionId ?? 'amzn1.echo-api.session.TEST',
            application: { applicationId: SKILL_ID },
            user: { userId },
            attributes: options.session ?? {},
          },
        }),
    context: { System: system },
    request: {
      requestId: `amzn1.echo-api.request.${randomUUID()}`,
      timestamp: new Date().toISOString(),
      locale,
      ...request,
    },
  };
}

/** What Alexa's own understanding would send for an utterance: the intent and resolved slots. */
export function intentFor(utterance: string, locale: string): Record<string, unknown> {
  const { event } = matcherFor(locale).match(utterance);
  const model = interactionModel(locale);
  if (event.type === 'FALLBACK')
    return { type: 'IntentRequest', intent: { name: 'AMAZON.FallbackIntent', confirmationStatus: 'NONE' } };
  const definition = model.intents.find(
    (intent) => intent.event === event.type && Object.keys(intent.slots ?? {}).every((slot) => slot in event || true),
  );
  // An event with no intent of its own (a report of how it feels) reaches the skill as free text.
  if (!definition) return freeTextFor(utterance, locale);
  const slots: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(definition.slots ?? {})) {
    const value = (event as Record<string, unknown>)[name];
    if (value === undefined) continue;
    slots[name] =
      type === 'NUMBER'
        ? { name, value: String(value), confirmationStatus: 'NONE' }
        : {
            name,
            value: String(value),
            confirmationStatus: 'NONE',
            resolutions: {
              resolutionsPerAuthority: [
                {
                  authority: `amzn1.er-authority.echo-sdk.${SKILL_ID}.${type}`,
                  status: { code: 'ER_SUCCESS_MATCH' },
                  values: [{ value: { name: String(value), id: String(value) } }],
                },
              ],
            },
          };
  }
  return {
    type: 'IntentRequest',
    dialogState: 'COMPLETED',
    intent: { name: alexaIntentName(definition), confirmationStatus: 'NONE', slots },
  };
}

/** An utterance on the free-text carrier it starts with ("my neck feels better" on Telling_my), else Alexa's fallback. */
function freeTextFor(utterance: string, locale: string): Record<string, unknown> {
  const said = normalize(utterance, locale);
  const carrier = freeTextCarriers(locale)
    .flatMap((one) =>
      one.samples.map((sample) => ({ ...one, lead: normalize(sample.replace(`{${one.slot}}`, ''), locale) })),
    )
    .filter(({ lead }) => said.startsWith(`${lead} `))
    .sort((a, b) => b.lead.length - a.lead.length)[0];
  if (!carrier) return { type: 'IntentRequest', intent: { name: 'AMAZON.FallbackIntent', confirmationStatus: 'NONE' } };
  const value = said.slice(carrier.lead.length + 1);
  return {
    type: 'IntentRequest',
    dialogState: 'COMPLETED',
    intent: {
      name: carrier.name,
      confirmationStatus: 'NONE',
      slots: { [carrier.slot]: { name: carrier.slot, value, confirmationStatus: 'NONE' } },
    },
  };
}

/** Posts a signed request to /alexa and returns status and body. */
export async function post(
  baseUrl: string,
  body: unknown,
  signer: Signer | null,
  options: { certUrl?: string; omitSignature?: boolean; tamper?: (raw: string) => string } = {},
) {
  const raw = JSON.stringify(body);
  const headers = signer ? signer.headers(raw, options) : { 'content-type': 'application/json' };
  const sent = options.tamper ? options.tamper(raw) : raw;
  const response = await fetch(`${baseUrl}/alexa`, { method: 'POST', headers, body: sent });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, body: json };
}

/** The speech of a response envelope, outputSpeech and APL-A together, as plain text. */
export function spokenText(response: any): string {
  const ssml: string = response?.response?.outputSpeech?.ssml ?? '';
  const apla = (response?.response?.directives ?? []).find(
    (d: any) => d.type === 'Alexa.Presentation.APLA.RenderDocument',
  );
  const extra = apla
    ? apla.document.mainTemplate.item.items.filter((i: any) => i.type === 'Speech').map((i: any) => i.content)
    : [];
  return [ssml, ...extra]
    .join(' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A person talking to an Echo: utterances become intent requests, session attributes travel back
 * and forth, <end> is a SessionEndedRequest and <launch> a new session.
 */
export function alexaDevice(baseUrl: string, signer: Signer | null, options: DeviceOptions = {}) {
  const locale = options.locale ?? 'en-US';
  let attributes: Record<string, unknown> | null = null;
  let sessionId = randomUUID();
  const send = async (request: Record<string, unknown>) => {
    const body = envelope(request, {
      ...options,
      locale,
      ...(attributes ? { session: attributes } : {}),
      sessionId: `amzn1.echo-api.session.${sessionId}`,
    });
    const response = await post(baseUrl, body, signer);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const line = (input: string, event: { type: string }, body: any): TranscriptLine => ({
    input,
    event,
    routine: null,
    step: null,
    holdSeconds: null,
    speech: spokenText(body),
    ssml: body?.response?.outputSpeech?.ssml ?? '',
    endSession: body?.response?.shouldEndSession === true,
  });
  return {
    last: null as any,
    async say(utterance: string): Promise<TranscriptLine | null> {
      if (utterance === '<end>') {
        if (!attributes) return null;
        const body = await send({ type: 'SessionEndedRequest', reason: 'USER_INITIATED' });
        attributes = null;
        this.last = body;
        return line(utterance, { type: 'SESSION_CLOSED' }, body);
      }
      if (utterance === '<launch>') {
        attributes = null;
        sessionId = randomUUID();
        const body = await send({ type: 'LaunchRequest' });
        attributes = body.sessionAttributes ?? {};
        this.last = body;
        return line(utterance, { type: 'LAUNCH' }, body);
      }
      if (!attributes) sessionId = randomUUID();
      const body = await send(intentFor(utterance, locale));
      attributes = body.response.shouldEndSession ? null : (body.sessionAttributes ?? {});
      this.last = body;
      return line(utterance, matcherFor(locale).match(utterance).event, body);
    },
  };
}

/**
 * How long a response plays on a speaker, in ms: its APL-A silences plus its words at 150 words a
 * minute, and a second for the turn. Transcripts move a fake clock on by it to "listen" through.
 */
export function playbackMs(body: any): number {
  const silence = (body?.response?.directives ?? [])
    .filter((d: any) => d.type === 'Alexa.Presentation.APLA.RenderDocument')
    .flatMap((d: any) => d.document.mainTemplate.item.items)
    .filter((i: any) => i.type === 'Silence')
    .reduce((sum: number, i: any) => sum + i.duration, 0);
  const words = spokenText(body).split(' ').length;
  return silence + (words * 60_000) / 150 + 1000;
}
