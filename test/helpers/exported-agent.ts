import { esAgentFiles } from '../../src/platforms/dialogflow/agent-es';
import { cxAgentFiles } from '../../src/platforms/dialogflow/agent-cx';
import { normalize } from '../../src/nlu/normalize';
import { translator } from '../../src/i18n';

/**
 * The Dialogflow agents as `npm run dialogflow:zip` exports them, standing in for Dialogflow's
 * own matching: a text matches an intent when it is one of the intent's training phrases, each
 * annotated part any synonym of its entity (or a number); anything else is the agent's fallback
 * (ES) or no-match (CX), with the tag and action the export gives them. Dialogflow's model
 * generalises beyond its phrases, so figures through this stand-in are a lower bound.
 */
const es = esAgentFiles();
const cx = cxAgentFiles();
const read = (files: Map<string, string>, path: string) => JSON.parse(files.get(path)!);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Example {
  regex: RegExp;
  /** A number sequence's values are digits: its words, each a digit, joined. */
  slots: Array<{ alias: string; values: Map<string, string | number>; sequence?: boolean }>;
}

/** The ES training examples of an intent as patterns: literal text, each annotated part any synonym of its entity. */
export function examplesOf(intent: string, code: string, locale: string): Example[] {
  const path = `intents/${intent}_usersays_${code}.json`;
  if (!es.has(path)) return [];
  const numbers = Array.from({ length: 21 }, (_, n) => normalize(translator(locale).t(`number.${n}`), locale));
  return read(es, path).map((example: { data: Array<{ text: string; alias?: string; meta?: string }> }) => {
    const slots: Example['slots'] = [];
    const template = normalize(
      example.data.map((part, index) => (part.alias ? ` zzslot${index}zz ` : part.text)).join(''),
      locale,
    );
    const source = template.split(' ').map((word) => {
      const index = /^zzslot(\d+)zz$/.exec(word)?.[1];
      if (index === undefined) return escape(word);
      const part = example.data[Number(index)]!;
      const values = new Map<string, string | number>();
      if (part.meta === '@sys.number-sequence') {
        numbers.slice(0, 10).forEach((word, n) => values.set(word, String(n)));
        const digit = `(?:${[...values.keys()].map(escape).join('|')}|\\d+)`;
        slots.push({ alias: part.alias!, values, sequence: true });
        return `(${digit}(?: ${digit})*)`;
      }
      if (part.meta === '@sys.number') numbers.forEach((word, n) => values.set(word, n));
      else
        for (const entry of read(es, `entities/${part.meta!.slice(1)}_entries_${code}.json`))
          for (const synonym of entry.synonyms) values.set(normalize(synonym, locale), entry.value);
      slots.push({ alias: part.alias!, values });
      return `(${[...values.keys()].map(escape).join('|')}|\\d+)`;
    });
    return { regex: new RegExp(`^${source.join(' ')}$`), slots };
  });
}

/** The parameters an example's match carries: each slot's entity value, or its number. */
export function parametersOf(example: Example, found: RegExpExecArray): Record<string, unknown> {
  return Object.fromEntries(
    example.slots.map((slot, index) => {
      const said = found[index + 1]!;
      if (slot.sequence)
        return [
          slot.alias,
          said
            .split(' ')
            .map((word) => slot.values.get(word) ?? word)
            .join(''),
        ];
      return [slot.alias, slot.values.get(said) ?? Number(said)];
    }),
  );
}

export interface AgentMatch {
  displayName: string;
  /** The ES intent's action; the CX route's webhook tag is the same coach event. */
  action: string;
  parameters: Record<string, unknown>;
  matched: boolean;
}

const FALLBACK = read(es, 'intents/Default Fallback Intent.json');
const NO_MATCH_TAG: string = read(cx, 'flows/Default Start Flow/Default Start Flow.json').eventHandlers.find(
  (handler: { event: string }) => handler.event === 'sys.no-match-default',
).triggerFulfillment.tag;

/** What the exported agents match for a text; the fallback's action and the no-match tag agree (FALLBACK). */
export function exportedAgentMatch(text: string, locale: string): AgentMatch {
  const code = locale.slice(0, 2);
  const said = normalize(text, locale);
  const intents = [...es.keys()]
    .map((path) => /^intents\/([^/]+)\.json$/.exec(path)?.[1])
    .filter((name): name is string => !!name && !name.startsWith('Default '));
  for (const name of intents) {
    for (const example of examplesOf(name, code, locale)) {
      const found = example.regex.exec(said);
      if (found)
        return {
          displayName: name,
          action: read(es, `intents/${name}.json`).responses[0].action,
          parameters: parametersOf(example, found),
          matched: true,
        };
    }
  }
  return {
    displayName: FALLBACK.name,
    action: FALLBACK.responses[0].action ?? NO_MATCH_TAG,
    parameters: {},
    matched: false,
  };
}
