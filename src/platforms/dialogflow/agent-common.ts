import { createHash } from 'node:crypto';
import { interactionModel, type InteractionModel, type IntentDefinition } from '../../nlu/utterances';

/** The agent's languages: Dialogflow codes and the utterance source each comes from. */
export const AGENT_LANGUAGES = [
  { code: 'en', locale: 'en-US' },
  { code: 'de', locale: 'de-DE' },
] as const;

/** Where the webhook lives; the deploy tooling replaces it with WEBHOOK_URL. */
export const DEFAULT_WEBHOOK = 'https://massage-coach.example.com';

/** A stable UUID from a name, so a regenerated agent is byte-identical. */
export function stableId(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The intents Dialogflow agents carry: every intent with a coach event, not the other platforms' own. */
export const agentIntents = (model: InteractionModel): IntentDefinition[] =>
  model.intents.filter((intent) => intent.event && (!intent.platform || intent.platform === 'dialogflow'));

export const entityName = (slotType: string) => slotType.toLowerCase();
/** A code said digit by digit is a number sequence ("4 7 1 9" stays "4719", leading zeros kept). */
export const SYSTEM_ENTITIES: Record<string, string> = {
  NUMBER: '@sys.number',
  TIME: '@sys.time',
  CODE: '@sys.number-sequence',
};
export const entityRef = (slotType: string) => SYSTEM_ENTITIES[slotType] ?? `@${entityName(slotType)}`;

export type Piece = { text: string } | { text: string; slot: string; type: string };

/**
 * A sample as annotated pieces: literal text, and each {slot} filled with an example value
 * (rotating through the slot type's synonyms so the agent learns more than one).
 */
export function annotate(sample: string, intent: IntentDefinition, model: InteractionModel, index: number): Piece[] {
  const pieces: Piece[] = [];
  const tokens = sample.split(/(\{\w+\})/).filter(Boolean);
  // Each slot of a sample takes its own example ("my neck and calf", not "my neck and neck").
  let slots = 0;
  for (const [at, token] of tokens.entries()) {
    const slot = /^\{(\w+)\}$/.exec(token)?.[1];
    if (!slot) {
      pieces.push({ text: token });
      continue;
    }
    const type = intent.slots?.[slot] ?? 'NUMBER';
    const slotType = model.slotTypes[type];
    let example = '7';
    if (slotType?.kind === 'custom') {
      const all = slotType.values.flatMap((value) => value.synonyms);
      example = exampleFor(all, index + slots * 3, tokens[at - 1] ?? '', tokens[at + 1] ?? '');
      slots += 1;
    } else if (slotType?.kind === 'number') {
      example = String(index % 11);
    } else if (slotType?.kind === 'code') {
      example = String(4719 + index * 1111);
    } else if (slotType?.kind === 'time') {
      example = '7 pm';
    }
    pieces.push({ text: example, slot, type });
  }
  return pieces;
}

export const languageModels = () =>
  AGENT_LANGUAGES.map((language) => ({ ...language, model: interactionModel(language.locale) }));

/**
 * The slot's example at this rotation, passing over values that repeat the word beside the slot
 * ("do my {routine}" with "my back" would say "do my my back"): a training phrase people say.
 */
function exampleFor(values: string[], index: number, before: string, after: string): string {
  const last = before.trim().split(/\s+/).pop()?.toLowerCase();
  const next = after.trim().split(/\s+/)[0]?.toLowerCase();
  for (let step = 0; step < values.length; step += 1) {
    const value = values[(index + step) % values.length]!;
    const words = value.toLowerCase().split(/\s+/);
    if (words[0] !== last && words[words.length - 1] !== next) return value;
  }
  return values[index % values.length]!;
}
