import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { LOCALES_DIR, supportedLocales } from '.';

/** The web page's own labels live in locales/<locale>/web.json, beside the coach's words. */
const NAMESPACE = 'web';

let instance: i18n | undefined;
function webI18n(): i18n {
  if (instance) return instance;
  const resources: Resource = {};
  for (const locale of supportedLocales()) {
    const file = join(LOCALES_DIR, locale, `${NAMESPACE}.json`);
    if (existsSync(file))
      resources[locale] = { [NAMESPACE]: JSON.parse(readFileSync(file, 'utf8')) as Resource[string][string] };
  }
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: 'en-US',
    fallbackLng: 'en-US',
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    initAsync: false,
    // The page escapes where it writes HTML (and sets textContent everywhere else).
    interpolation: { escapeValue: false },
  });
  instance = created;
  return created;
}

/** A label for the page, through i18next (English where a locale lacks it). */
export function webText(locale: string, key: string, params?: Record<string, unknown>): string {
  return webI18n().getFixedT(locale, NAMESPACE)(key, params as never) as unknown as string; // returnObjects is off
}

/**
 * Every label of a locale, for the page's script: English first, the locale's own on top, so a
 * missing key shows English. Placeholders ({{seconds}}) stay for the page to fill.
 */
export function webStrings(locale: string): Record<string, unknown> {
  const i18 = webI18n();
  const merge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      out[key] =
        value && typeof value === 'object' && !Array.isArray(value)
          ? merge((base[key] as Record<string, unknown> | undefined) ?? {}, value as Record<string, unknown>)
          : value;
    }
    return out;
  };
  const bundle = (lng: string) => (i18.getResourceBundle(lng, NAMESPACE) as Record<string, unknown> | undefined) ?? {};
  return merge(bundle('en-US'), bundle(locale));
}

/** The raw resources of one locale (for the completeness test). */
export function webResources(locale: string): Record<string, unknown> {
  return (webI18n().getResourceBundle(locale, NAMESPACE) as Record<string, unknown> | undefined) ?? {};
}
