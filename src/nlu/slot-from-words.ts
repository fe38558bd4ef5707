import { matcherFor } from './matcher';

/**
 * A slot value the platform could not resolve, read by our matcher from the user's own words
 * (Alexa's raw slot value, Dialogflow's query text: "something for my lower back"), so the
 * coach does not ask again for what was already said.
 */
export function slotFromWords(words: string | undefined, slot: string, locale: string): string | number | undefined {
  if (!words || !words.trim()) return undefined;
  const value = (matcherFor(locale).match(words).event as Record<string, unknown>)[slot];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
