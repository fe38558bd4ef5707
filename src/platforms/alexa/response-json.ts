import { randomUUID } from 'node:crypto';
import type { ResponseEnvelope } from 'ask-sdk-model';

/**
 * A response envelope as JSON text. Its APL-A hold document is shared and deep-frozen (response.ts
 * memoises it per rendered speech) and is most of the bytes: its text is made once and spliced in,
 * instead of serialising the same document again on every turn that plays the same hold.
 */
const frozenText = new WeakMap<object, string>();
/** Stands in for the directives while the rest is serialised; random, so no value can look like it. */
const SLOT_VALUE = `\u0000directives ${randomUUID()}`;
const SLOT = JSON.stringify(SLOT_VALUE);

function textOf(directive: object): string {
  if (!Object.isFrozen(directive)) return JSON.stringify(directive);
  let text = frozenText.get(directive);
  if (text === undefined) {
    text = JSON.stringify(directive);
    frozenText.set(directive, text);
  }
  return text;
}

export function responseJson(envelope: ResponseEnvelope): string {
  const directives = envelope.response?.directives;
  if (!directives?.some((directive) => Object.isFrozen(directive))) return JSON.stringify(envelope);
  const rest = JSON.stringify({ ...envelope, response: { ...envelope.response, directives: SLOT_VALUE as never } });
  const list = `[${directives.map((directive) => textOf(directive)).join(',')}]`;
  return rest.replace(SLOT, () => list);
}
