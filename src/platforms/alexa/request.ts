import type { Intent, RequestEnvelope } from 'ask-sdk-model';
import type { CoachEvent } from '../../coach/events';
import { signOf } from '../../content/safety';
import { matcherFor } from '../../nlu/matcher';
import { scannerFor } from '../../nlu/symptoms';
import { interactionModel } from '../../nlu/utterances';
import { alexaIntentName } from './model';

/** Alexa intents whose meaning is not in the utterance source. */
const EXTRA_INTENTS: Record<string, CoachEvent['type']> = {
  'AMAZON.NavigateHomeIntent': 'LAUNCH',
  'AMAZON.FallbackIntent': 'FALLBACK',
};

/** The id a slot resolved to (entity resolution), else its spoken value matched against our synonyms. */
function slotValue(intent: Intent, name: string, type: string, locale: string): string | number | undefined {
  const slot = intent.slots?.[name];
  if (!slot) return undefined;
  const authorities = slot.resolutions?.resolutionsPerAuthority ?? [];
  const matched = authorities.find((authority) => authority.status?.code === 'ER_SUCCESS_MATCH');
  const id = matched?.values?.[0]?.value?.id;
  if (id) return id;
  if (!slot.value) return undefined;
  if (type === 'NUMBER') {
    const number = Number(slot.value);
    return Number.isFinite(number) ? number : matcherFor(locale).parseNumber(slot.value);
  }
  return matcherFor(locale).resolve(type, slot.value);
}

/** An Alexa intent as a coach event, slots filled; an intent we do not know is FALLBACK. */
export function eventFromIntent(intent: Intent, locale: string): CoachEvent {
  const extra = EXTRA_INTENTS[intent.name];
  if (extra) return { type: extra } as CoachEvent;
  const definition = interactionModel(locale).intents.find((candidate) => candidate.event && alexaIntentName(candidate) === intent.name);
  if (!definition?.event) return { type: 'FALLBACK' };
  if (definition.event === 'RED_FLAG') return redFlagFrom(intent, locale);
  const event: Record<string, unknown> = { type: definition.event };
  for (const [name, type] of Object.entries(definition.slots ?? {})) {
    const value = slotValue(intent, name, type, locale);
    if (value !== undefined) event[name] = value;
  }
  return event as CoachEvent;
}

/**
 * RedFlagIntent is a red flag only when its symptom is a known sign, and the words Alexa heard
 * do not deny it. Anything else goes to our own matcher: "it feels better" heard as a symptom
 * slot "better" is no alarm, and "no tingling" heard as the slot is heard with its negation.
 */
function redFlagFrom(intent: Intent, locale: string): CoachEvent {
  const heard = intent.slots?.symptom?.value;
  const symptom = slotValue(intent, 'symptom', 'SYMPTOM', locale);
  if (typeof symptom === 'string' && signOf(symptom)) {
    if (!heard || !scannerFor(locale).read(heard).denied) return { type: 'RED_FLAG', symptom };
  }
  return heard ? matcherFor(locale).match(heard).event : { type: 'FALLBACK' };
}

/** Who and when: Alexa's user and session ids, and the request's own timestamp as the clock. */
export function requestFacts(envelope: RequestEnvelope) {
  const request = envelope.request as { requestId?: string; timestamp?: string; locale?: string };
  const stamp = Date.parse(request.timestamp ?? '');
  const userId = envelope.context?.System?.user?.userId ?? envelope.session?.user?.userId ?? 'anonymous';
  return {
    userId,
    sessionId: envelope.session?.sessionId ?? `no-session-${request.requestId ?? ''}`,
    requestId: request.requestId ?? '',
    locale: request.locale ?? 'en-US',
    now: Number.isFinite(stamp) ? stamp : Date.now(),
    newSession: envelope.session?.new ?? false,
  };
}
