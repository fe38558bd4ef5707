import { catalogue } from './load';
import type { Sign, Tier } from './schema';

/** Higher first: when one sentence names signs of several tiers, the most urgent one answers. */
export const TIER_RANK: Record<Tier, number> = { emergency: 0, stop: 1, caution: 2 };

/** A sign of content/safety/signs.json by id, or undefined for anything else. */
export function signOf(id: string | undefined): Sign | undefined {
  return id === undefined ? undefined : catalogue().safety.signs.find((sign) => sign.id === id);
}

/**
 * The emergency number for the request's own locale, not its language: en-GB speaks en-US words
 * but hears 999. A bare language ("en" from Dialogflow) uses the locale its words come from;
 * any other locale gets null, and the coach says "your local emergency number".
 */
export function emergencyNumberFor(requested: string | undefined | null): string | null {
  if (!requested || typeof requested !== 'string') return null;
  const { byLocale, byLanguage } = catalogue().safety.emergencyNumbers;
  const [language = '', region] = requested.trim().replace('_', '-').split('-');
  if (region) return byLocale[`${language.toLowerCase()}-${region.toUpperCase()}`]?.number ?? null;
  const home = byLanguage[language.toLowerCase()];
  return home ? (byLocale[home]?.number ?? null) : null;
}
