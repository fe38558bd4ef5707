import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';

/** Every word the coach says lives in locales/<locale>/coach.json; this module is the one way to them. */
export const LOCALES_DIR = join(__dirname, '..', '..', 'locales');
export const DEFAULT_LOCALE = 'en-US';
const NAMESPACE = 'coach';

function readLocales(): Resource {
  const resources: Resource = {};
  for (const folder of readdirSync(LOCALES_DIR).sort()) {
    const file = join(LOCALES_DIR, folder, `${NAMESPACE}.json`);
    if (existsSync(file))
      resources[folder] = { [NAMESPACE]: JSON.parse(readFileSync(file, 'utf8')) as Resource[string][string] };
  }
  return resources;
}

let instance: i18n | undefined;
function i18nInstance(): i18n {
  if (instance) return instance;
  const resources = readLocales();
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    initAsync: false,
    // Speech is rendered to SSML by our renderer, which escapes: i18next must not HTML-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // Titles open sentences in some lines and sit mid-sentence in others: capitalise where the line asks.
  created.services.formatter?.add('capitalize', (value: unknown, lng: string | undefined) => {
    const text = String(value);
    return text.charAt(0).toLocaleUpperCase(lng) + text.slice(1);
  });
  instance = created;
  return created;
}

/** The locale folders present: adding a language is adding a folder. */
export function supportedLocales(): string[] {
  return Object.keys(i18nInstance().options.resources ?? {});
}

/** Resolved once per tag a platform sends: every turn of every platform asks again. Bounded. */
const resolvedLocales = new Map<string, string>();

/**
 * Maps what a platform sends ("en-us", "en-GB", "de") to a locale folder: exact match first,
 * then the same language, then the default. Never throws.
 */
export function resolveLocale(requested: string | undefined | null): string {
  if (!requested || typeof requested !== 'string') return DEFAULT_LOCALE;
  let resolved = resolvedLocales.get(requested);
  if (resolved === undefined) {
    resolved = resolveLocaleTag(requested);
    if (resolvedLocales.size >= 1000) resolvedLocales.clear();
    resolvedLocales.set(requested, resolved);
  }
  return resolved;
}

function resolveLocaleTag(requested: string): string {
  const supported = supportedLocales();
  const [language = '', region] = requested.trim().replace('_', '-').split('-');
  const normal = region ? `${language.toLowerCase()}-${region.toUpperCase()}` : language.toLowerCase();
  if (supported.includes(normal)) return normal;
  const sameLanguage = supported.find((locale) => locale.split('-')[0] === language.toLowerCase());
  return sameLanguage ?? DEFAULT_LOCALE;
}

export interface Translator {
  locale: string;
  /**
   * The text for a key, or for the first of several keys the locale has; a missing key yields the
   * key (and a test fails on it), never a throw.
   */
  t(key: string | readonly string[], params?: Record<string, unknown>): string;
  has(key: string): boolean;
  /** An array resource (synonyms): empty when absent. */
  list(key: string): string[];
  /** The raw resource under a key (objects for iteration over routines, symptoms). */
  tree(key: string): Record<string, unknown>;
}

const translators = new Map<string, Translator>();
export function translator(requested: string): Translator {
  const locale = resolveLocale(requested);
  const cached = translators.get(locale);
  if (cached) return cached;
  const i18 = i18nInstance();
  const fixed: TFunction = i18.getFixedT(locale, NAMESPACE);
  const made: Translator = {
    locale,
    t: (key, params) => fixed(key as string | string[], params as never) as unknown as string, // a string: returnObjects is off
    // A plural key exists as key_one/key_other only.
    has: (key) =>
      i18.exists(key, { lng: locale, ns: NAMESPACE }) || i18.exists(`${key}_other`, { lng: locale, ns: NAMESPACE }),
    list: (key) => {
      const value = fixed(key, { returnObjects: true } as never) as unknown;
      return Array.isArray(value) ? value.map(String) : [];
    },
    tree: (key) => {
      const value = fixed(key, { returnObjects: true } as never) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    },
  };
  translators.set(locale, made);
  return made;
}

/** The raw resources of one locale, for completeness tests and model generation. */
export function resourcesOf(locale: string): Record<string, unknown> {
  const resources = i18nInstance().options.resources ?? {};
  return (resources[locale]?.[NAMESPACE] as Record<string, unknown> | undefined) ?? {};
}

/**
 * Adds a routine's words at run time (a compiled plan: a composed session, content/plans or a
 * physiotherapist's file), under routine.<id>, in one locale. The guide's own routines are never overwritten.
 */
export function addRoutineStrings(locale: string, id: string, strings: Record<string, unknown>): void {
  const i18 = i18nInstance();
  const existing = (i18.options.resources?.[locale]?.[NAMESPACE] as { routine?: Record<string, unknown> } | undefined)
    ?.routine?.[id];
  if (existing && !i18.exists(`routine.${id}.plan`, { lng: locale, ns: NAMESPACE }))
    throw new Error(`routine.${id} is the guide's own: a plan needs another id`);
  i18.addResourceBundle(locale, NAMESPACE, { routine: { [id]: { ...strings, plan: true } } }, true, true);
}
