import { sanitizeEvent, type CoachEvent } from '../coach/events';
import { signOf } from '../content/safety';
import { translator } from '../i18n';
import { matcherFor } from './matcher';
import { normalize } from './normalize';
import { readSentence, signIn } from './sentence';
import { shapeEvent } from './session-frames';
import { slotFromWords } from './slot-from-words';
import { interactionModel, type IntentDefinition } from './utterances';

/** The utterance source's intent that means a coach event, found by a platform's name for it. */
export function intentNamed(
  locale: string,
  matches: (intent: IntentDefinition) => boolean,
): IntentDefinition | undefined {
  return interactionModel(locale).intents.find((intent) => intent.event && matches(intent));
}

/** A slot value as the platform gave it: one of our ids, or words the user said, or a number. */
function slotValue(type: string, raw: unknown, locale: string): string | number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string' || raw === '') return undefined;
  const slotType = interactionModel(locale).slotTypes[type];
  if (slotType?.kind === 'custom' && slotType.values.some((value) => value.id === raw)) return raw;
  // A symptom in words is what any sentence naming it is: the one sign reading, negation and all.
  if (type === 'SYMPTOM') return signIn(raw, locale)?.id;
  return matcherFor(locale).resolve(type, raw);
}

/**
 * The one step from "intent plus raw slot values" to a coach event, for every platform: each
 * slot the intent declares is read as an id, a number or words through our synonyms. A slot the
 * platform could not resolve is read by our matcher from the user's words (Alexa's raw slot
 * value, else the whole `text`, Dialogflow's query text) before the coach asks again.
 */
export function eventFromIntent(
  intent: IntentDefinition,
  rawSlots: Record<string, unknown>,
  locale: string,
  text?: string,
): CoachEvent {
  const event: Record<string, unknown> = { type: intent.event ?? 'FALLBACK' };
  for (const [name, type] of Object.entries(intent.slots ?? {})) {
    const raw = rawSlots[name];
    const value =
      slotValue(type, raw, locale) ?? slotFromWords(typeof raw === 'string' && raw.trim() ? raw : text, name, locale);
    if (value !== undefined) event[name] = value;
  }
  if (event.type === 'RED_FLAG' && !signOf(event.symptom as string | undefined))
    return notAWarning(rawSlots.symptom, locale);
  return sanitizeEvent(shapeEvent(event));
}

/**
 * What a free-text intent heard: its carrier phrase with the user's words put in ("my" and "calf
 * is hot and swollen"), read by our matcher like typed text: warning signs first, with their
 * negation, so "my calf is hot" is a red flag and "my neck feels better" whatever the matcher
 * hears in it. An empty slot leaves the carrier alone, which the matcher takes as it finds it.
 */
export function eventFromWords(sample: string, slot: string, raw: unknown, locale: string): CoachEvent {
  const said = typeof raw === 'string' ? raw : '';
  const words = sample.replace(`{${slot}}`, ` ${said} `).replace(/\s+/g, ' ').trim();
  const heard = readSentence(words, locale);
  // An area named in a report that it eases ("my neck feels better") is no request to start it
  // (again): the coach carries on as after any words it does not take as a command.
  if (heard.type === 'START_ROUTINE' && easing(words, locale)) return { type: 'FALLBACK' };
  return heard;
}

/** Whether words say something eases: the scanner's own cues that a sign has gone ("better", "besser"). */
function easing(words: string, locale: string): boolean {
  const said = ` ${normalize(words, locale)} `;
  return translator(locale)
    .list('safety.negation.after')
    .some((cue) => said.includes(` ${normalize(cue, locale)} `));
}

/**
 * A red-flag intent whose symptom is not a known sign is no red flag: the words the slot caught
 * ("better", from "it feels better") go to our own matcher, which hears negation too.
 */
function notAWarning(heard: unknown, locale: string): CoachEvent {
  return typeof heard === 'string' && heard.trim() ? readSentence(heard, locale) : { type: 'FALLBACK' };
}
