import type { Act } from './acts';

/**
 * A short string that identifies a value, for memo keys: strings are length-prefixed, so no two
 * different values share a key whatever their text holds. Walks any act shape (a field added to
 * an act changes its key), without JSON.stringify's copy-and-quote of the whole act.
 */
export function valueKey(value: unknown, skip?: string): string {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number':
      return `n${value};`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'object': {
      if (value === null) return 'N';
      if (Array.isArray(value)) {
        let key = `a${value.length}[`;
        for (const item of value) key += valueKey(item);
        return key;
      }
      let key = '{';
      for (const name in value) {
        const field = (value as Record<string, unknown>)[name];
        if (name !== skip && field !== undefined) key += `${name.length}:${name}${valueKey(field)}`;
      }
      return `${key}}`;
    }
    default:
      return 'U';
  }
}

/** The act without its unit: what its words and timing depend on. */
export const actMeaningKey = (act: Act): string => valueKey(act, 'unit');

/**
 * Shared, frozen acts (a unit's speech, a plain line) are the same objects turn after turn: each
 * gets a short id once, so a response's key is a few characters an act instead of its whole text
 * built again (a long string made of hundreds of pieces, every turn).
 */
const sharedIds = new WeakMap<Act, string>();
let nextSharedId = 0;
function actKey(act: Act): string {
  if (!Object.isFrozen(act)) return valueKey(act);
  let id = sharedIds.get(act);
  if (id === undefined) {
    id = `#${(nextSharedId++).toString(36)};`;
    sharedIds.set(act, id);
  }
  return id;
}

/** A sequence of acts, units included (they place the holds in a plan). */
export function actsKey(acts: readonly Act[]): string {
  let key = `${acts.length}`;
  for (const act of acts) key += actKey(act);
  return key;
}
