import { sanitizeEvent, type CoachEvent } from '../coach/events';
import { signOf } from '../content/safety';
import { matcherFor } from './matcher';
import { slotFromWords } from './slot-from-words';
import { interactionModel, type IntentDefinition } from './utterances';

/** The utterance source's intent that means a coach event, found by a platform's name for it. */
export function intentNamed(locale: string, matches: (intent: IntentDefinition) => boolean): IntentDefinition | undefined {
  return interactionModel(locale).intents.find((intent) => intent.event && matches(intent));
}

/** A slot value as the platform gave it: one of our ids, or words the user said, or a number. */
function slotValue(type: string, raw: unknown, locale: string): string | number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string' || raw === '') return undefined;
  const slotType = interactionModel(locale).slotTypes[type];
  if (slotType?.kind === 'custom' && slotType.values.some((value) => value.id === raw)) return raw;
  return matcherFor(locale).resolve(type, raw);
}

/**
 * The one step from "intent plus raw slot values" to a coach event, for every platform: each
 * slot the intent declares is read as an id, a number or words through our synonyms. A slot the
 * platform could not resolve is read by our matcher from the user's words (Alexa's raw slot
 * value, else the whole `text`, Dialogflow's query text) before the coach asks again.
 */
export function eventFromIntent(intent: IntentDefinition, rawSlots: Record<string, unknown>, locale: string, text?: string): CoachEvent {
  const event: Record<string, unknown> = { type: intent.event ?? 'FALLBACK' };
  for (const [name, type] of Object.entries(intent.slots ?? {})) {
    const raw = rawSlots[name];
    const value = slotValue(type, raw, locale) ?? slotFromWords(typeof raw === 'string' && raw.trim() ? raw : text, name, locale);
    if (value !== undefined) event[name] = value;
  }
  if (event.type === 'RED_FLAG' && !signOf(event.symptom as string | undefined)) return notAWarning(rawSlots.symptom, locale);
  return sanitizeEvent(event);
}

/**
 * A red-flag intent whose symptom is not a known sign is no red flag: the words the slot caught
 * ("better", from "it feels better") go to our own matcher, which hears negation too.
 */
function notAWarning(heard: unknown, locale: string): CoachEvent {
  return typeof heard === 'string' && heard.trim() ? matcherFor(locale).match(heard).event : { type: 'FALLBACK' };
}
