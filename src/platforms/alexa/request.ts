import { getLocale, isNewSession } from 'ask-sdk-core';
import type { Intent, RequestEnvelope } from 'ask-sdk-model';
import type { CoachEvent } from '../../coach/events';
import { eventFromIntent, eventFromWords, intentNamed } from '../../nlu/intent-event';
import { freeTextCarriers, isAlexaIntent } from './model';
import { accountOf } from './voice';

/** Alexa intents whose meaning is not in the utterance source. */
const EXTRA_INTENTS: Record<string, CoachEvent['type']> = {
  'AMAZON.NavigateHomeIntent': 'LAUNCH',
  'AMAZON.FallbackIntent': 'FALLBACK',
};

/** The id a slot resolved to (entity resolution), else the words the user said. */
function rawSlotValue(intent: Intent, name: string): string | undefined {
  const slot = intent.slots?.[name];
  const authorities = slot?.resolutions?.resolutionsPerAuthority ?? [];
  const matched = authorities.find((authority) => authority.status?.code === 'ER_SUCCESS_MATCH');
  return matched?.values?.[0]?.value?.id ?? slot?.value;
}

/** An Alexa intent as a coach event, slots filled; an intent we do not know is FALLBACK. */
export function eventFromAlexaIntent(intent: Intent, locale: string): CoachEvent {
  const extra = EXTRA_INTENTS[intent.name];
  if (extra) return { type: extra } as CoachEvent;
  const carrier = freeTextCarriers(locale).find((candidate) => candidate.name === intent.name);
  if (carrier) return eventFromWords(carrier.sample, carrier.slot, intent.slots?.[carrier.slot]?.value, locale);
  const definition = intentNamed(locale, (candidate) => isAlexaIntent(candidate, intent.name));
  if (!definition) return { type: 'FALLBACK' };
  const raw = Object.fromEntries(Object.keys(definition.slots ?? {}).map((name) => [name, rawSlotValue(intent, name)]));
  return eventFromIntent(definition, raw, locale);
}

/** Who and when: Alexa's account and session ids, and the request's timestamp as the clock (the voice: voice.ts). */
export function requestFacts(envelope: RequestEnvelope) {
  const { requestId, timestamp } = envelope.request;
  const stamp = Date.parse(timestamp ?? '');
  return {
    userId: accountOf(envelope),
    sessionId: envelope.session?.sessionId ?? `no-session-${requestId ?? ''}`,
    requestId: requestId ?? '',
    locale: getLocale(envelope) || 'en-US',
    now: Number.isFinite(stamp) ? stamp : Date.now(),
    newSession: envelope.session ? isNewSession(envelope) : false,
  };
}
