import {
  freeTextSlot,
  interactionModel,
  withCarriers,
  type IntentDefinition,
  type InteractionModel,
} from '../../nlu/utterances';
import { lexiconPhrases } from '../../nlu/lexicon';

/** The locales the skill is published in; en-GB and the others speak from the English utterances. */
export const ALEXA_LOCALES = ['en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IN', 'de-DE'] as const;

/** Built-in intents every custom skill must carry (certification), with the coach event each means. */
export const REQUIRED_BUILT_INS = [
  'AMAZON.CancelIntent',
  'AMAZON.HelpIntent',
  'AMAZON.StopIntent',
  'AMAZON.NavigateHomeIntent',
  'AMAZON.FallbackIntent',
];

/** Free text is AMAZON.SearchQuery: any words after a carrier phrase (developer.amazon.com, slot type reference). */
export const FREE_TEXT_TYPE = 'AMAZON.SearchQuery';
/** A code said digit by digit is AMAZON.NUMBER: Alexa resolves "four seven one nine" to 4719. */
const BUILT_IN_TYPES: Record<string, string> = {
  NUMBER: 'AMAZON.NUMBER',
  TIME: 'AMAZON.TIME',
  WORDS: FREE_TEXT_TYPE,
  CODE: 'AMAZON.NUMBER',
};

export interface AlexaModel {
  interactionModel: {
    languageModel: {
      invocationName: string;
      intents: Array<{ name: string; slots?: Array<{ name: string; type: string }>; samples: string[] }>;
      types: Array<{ name: string; values: Array<{ id: string; name: { value: string; synonyms?: string[] } }> }>;
    };
    _nameFreeInteraction?: {
      ingressPoints: Array<{
        type: 'LAUNCH' | 'INTENT';
        name?: string;
        sampleUtterances: Array<{ format: 'RAW_TEXT'; value: string }>;
      }>;
    };
  };
}

/** The Alexa name of an intent of the utterance source: its built-in, or its own name. */
export const alexaIntentName = (intent: { name: string; alexa?: string | undefined }) => intent.alexa ?? intent.name;
/** Whether an Alexa intent name is this source intent: its built-in or own name, or its variant intent. */
export const isAlexaIntent = (
  intent: { name: string; alexa?: string | undefined; variantIntent?: string | undefined },
  name: string,
) => alexaIntentName(intent) === name || intent.variantIntent === name;

/** One carrier phrase of a free-text intent, as its own Alexa intent. */
export interface FreeTextCarrier {
  /** The Alexa intent: the source intent's stem and the carrier's words ("Telling_i_have"). */
  name: string;
  intent: IntentDefinition;
  /** The sample, carrier and slot ("i have {words}"): with the slot's value put in, what the user said. */
  sample: string;
  slot: string;
  /** The Alexa intent's samples: the sample itself, or every lead of a carrier group ("uh {words}", "um {words}"). */
  samples: string[];
}

const ASCII: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };
/** "i'm {words}" → "Telling_i_m": intent names are letters and underscores. */
const carrierName = (stem: string, sample: string, slot: string) =>
  `${stem}_${sample
    .replace(`{${slot}}`, ' ')
    .toLowerCase()
    .replace(/[äöüß]/g, (letter) => ASCII[letter]!)
    .replace(/[^a-z]+/g, '_')
    .replace(/^_+|_+$/g, '')}`;

/**
 * A free-text intent's carrier phrases, each its own Alexa intent. Alexa sends only the slot's
 * value, never the carrier ("my {words}" said as "my calf is hot" arrives as "calf is hot"), and
 * the carrier can carry the meaning ("I fell" is a fall, "fell asleep" is not), so the intent's
 * name says which carrier was heard and the skill reads exactly what the user said.
 */
const carriersByLocale = new Map<string, FreeTextCarrier[]>();
export function freeTextCarriers(locale: string): FreeTextCarrier[] {
  const source = interactionModel(locale);
  const known = carriersByLocale.get(source.locale);
  if (known) return known;
  const carriers = source.intents
    .filter((intent) => !intent.platform || intent.platform === 'alexa')
    .flatMap((intent) => {
      const slot = freeTextSlot(intent, source);
      if (!slot) return [];
      const stem = intent.name.replace(/Intent$/, '');
      const single = intent.samples.map((sample) => ({
        name: carrierName(stem, sample, slot),
        intent,
        sample,
        slot,
        samples: [sample],
      }));
      const grouped = (intent.carrierGroups ?? []).map((group) => ({
        name: `${stem}_${group.name}`,
        intent,
        sample: `${group.as} {${slot}}`.trim(),
        slot,
        samples: group.leads.map((lead) => `${lead} {${slot}}`),
      }));
      const body = intent.bodyLeads
        ? bodyWords(source)
            .filter((word) => !intent.samples.includes(`${word} {${slot}}`))
            .map((word) => ({
              name: carrierName(stem, word, slot),
              intent,
              sample: `${word} {${slot}}`,
              slot,
              samples: [`${word} {${slot}}`],
            }))
        : [];
      return [...single, ...grouped, ...body];
    });
  carriersByLocale.set(source.locale, carriers);
  return carriers;
}

/**
 * The lexicon's body words as a sentence may start with them ("chest pain and …", "calves are
 * burning"): single words, a wildcard ending given its plural ("finger*": "fingers"; "wade*": "waden").
 */
function bodyWords(source: InteractionModel): string[] {
  const locale = source.locale;
  const words = Object.values(lexiconPhrases(locale).bodyParts)
    .flat()
    .filter((pattern) => !pattern.includes(' '))
    .flatMap((pattern) => {
      if (!pattern.endsWith('*')) return [pattern];
      const stem = pattern.slice(0, -1);
      if (locale.startsWith('en')) return [stem, `${stem}s`];
      return [stem, /(e|er|el)$/.test(stem) ? `${stem}n` : `${stem}e`];
    });
  const outranked = slotValuesWithTails(source);
  return [...new Set(words)].filter((word) => !outranked(word));
}

/**
 * Whether a word, said as a listed slot value followed by a sample's own words ("schulterblatt
 * machen" for "{routine} machen"), would lose that sample to a carrier led by it: a carrier wins
 * with more literal characters (validate-model.ts), so such a word leads no carrier.
 */
function slotValuesWithTails(source: InteractionModel): (word: string) => boolean {
  const shortestTail = new Map<string, number>();
  for (const intent of source.intents)
    for (const sample of intent.samples) {
      const [, slot, tail] = /^\{(\w+)\} (.+)$/.exec(sample) ?? [];
      const type = slot ? source.slotTypes[intent.slots?.[slot] ?? ''] : undefined;
      if (!tail || type?.kind !== 'custom' || tail.includes('{')) continue;
      for (const value of type.values.flatMap((one) => one.synonyms)) {
        const length = tail.replace(/\s+/g, '').length;
        shortestTail.set(value, Math.min(length, shortestTail.get(value) ?? Infinity));
      }
    }
  return (word) => word.length > (shortestTail.get(word) ?? Infinity);
}

/** A slot value as Alexa hears it: speech carries no hyphens or commas ("waden- und oberschenkellockerung"). */
const spoken = (text: string) =>
  text
    .replace(/[^\p{L}\p{N} .']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Generates an Alexa interaction model from the one utterance source. */
export function alexaModel(locale: string): AlexaModel {
  const source: InteractionModel = interactionModel(locale);
  // A built-in fires only on an exact sample, so it keeps the plain samples and a custom intent
  // beside it (variantIntent) takes the colloquial ones and every carrier form: custom intents
  // generalise. Without a variantIntent, everything extends the intent itself.
  const intents = source.intents
    .filter((intent) => !intent.platform || intent.platform === 'alexa')
    .flatMap((intent) => {
      const slot = freeTextSlot(intent, source);
      if (slot) {
        const slots = [{ name: slot, type: FREE_TEXT_TYPE }];
        return freeTextCarriers(locale)
          .filter((carrier) => carrier.intent === intent)
          .map((carrier) => ({ name: carrier.name, slots, samples: carrier.samples }));
      }
      const slots = Object.entries(intent.slots ?? {}).map(([name, type]) => ({
        name,
        type: BUILT_IN_TYPES[type] ?? type,
      }));
      const withSlots = slots.length ? { slots } : {};
      const all = withCarriers(intent, source.carriers);
      if (!intent.variantIntent) return [{ name: alexaIntentName(intent), ...withSlots, samples: all }];
      const exact = new Set(intent.exact);
      return [
        { name: alexaIntentName(intent), ...withSlots, samples: [...intent.exact] },
        { name: intent.variantIntent, ...withSlots, samples: all.filter((sample) => !exact.has(sample)) },
      ];
    });
  for (const builtIn of REQUIRED_BUILT_INS)
    if (!intents.some((intent) => intent.name === builtIn)) intents.push({ name: builtIn, samples: [] });
  const usedTypes = new Set(intents.flatMap((intent) => intent.slots?.map((slot) => slot.type) ?? []));
  const types = Object.entries(source.slotTypes)
    .filter(([name, type]) => type.kind === 'custom' && usedTypes.has(name))
    .map(([name, type]) => ({
      name,
      values: (type as { values: Array<{ id: string; synonyms: string[] }> }).values.map((value) => {
        const [name, ...synonyms] = [...new Set(value.synonyms.map(spoken))];
        return { id: value.id, name: { value: name!, ...(synonyms.length ? { synonyms } : {}) } };
      }),
    }));
  const model: AlexaModel = {
    interactionModel: { languageModel: { invocationName: source.invocationName, intents, types } },
  };
  if (source.nameFree && locale.startsWith('en-')) {
    model.interactionModel._nameFreeInteraction = {
      ingressPoints: [
        ...source.nameFree.launch.map((value) => ({
          type: 'LAUNCH' as const,
          sampleUtterances: [{ format: 'RAW_TEXT' as const, value }],
        })),
        ...Object.entries(source.nameFree.intents).map(([name, phrases]) => ({
          type: 'INTENT' as const,
          name,
          sampleUtterances: phrases.map((value) => ({ format: 'RAW_TEXT' as const, value })),
        })),
      ],
    };
  }
  return model;
}
