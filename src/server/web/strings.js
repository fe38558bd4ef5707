// @ts-check
// The page's labels: rendered by the server's i18next into data-strings, filled in here.

/**
 * The element with this id, of the expected kind (a missing element is a bug in page.html).
 * @template {Element} [T=HTMLElement]
 * @param {string} id
 * @param {{ new (): T, prototype: T }} [kind]
 * @returns {T}
 */
export function $(id, kind) {
  const element = document.getElementById(id);
  if (!element || (kind && !(element instanceof kind))) throw new Error(`page.html has no #${id} of that kind`);
  return /** @type {T} */ (/** @type {unknown} */ (element));
}

/** @type {Record<string, unknown>} */
const STRINGS = JSON.parse(document.body.dataset.strings || '{}');
export const locale = document.documentElement.lang || 'en-US';
const plurals = new Intl.PluralRules(locale);

/** @param {string} key */
function lookup(key) {
  /** @type {unknown} */
  let node = STRINGS;
  for (const part of key.split('.')) {
    node = node && typeof node === 'object' ? /** @type {Record<string, unknown>} */ (node)[part] : undefined;
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * A label with its {{placeholders}} filled. With a numeric `count`, the plural form is chosen as
 * i18next chooses it (key_one, key_other, ...), by the language's own plural rules.
 * @param {string} key
 * @param {Record<string, unknown>} [params]
 */
export function t(key, params = {}) {
  const count = params.count;
  const value =
    (typeof count === 'number' ? (lookup(`${key}_${plurals.select(count)}`) ?? lookup(`${key}_other`)) : undefined) ??
    lookup(key);
  if (value === undefined) return key;
  return value.replace(/\{\{(\w+)\}\}/g, (_, name) => String(params[name] ?? ''));
}
