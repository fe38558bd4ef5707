import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { catalogue } from '../content/load';
import { resolveLocale, translator } from '../i18n';
import { EVENT_TYPES, type CoachEventType } from '../coach/events';
import { formatIssues } from '../zod-issues';
import { areaSlotValues } from './areas';
import { scannerFor } from './symptoms';

/**
 * The one utterance source: models/utterances/<locale>.json holds intents and their sample phrases;
 * the values of content-derived slot types (routines, techniques, symptoms) come from the locale
 * files, so adding a routine never touches the models by hand. Alexa and Dialogflow models are
 * generated from what this module returns.
 */
export const UTTERANCES_DIR = join(__dirname, '..', '..', 'models', 'utterances');

const intentSchema = z.object({
  name: z.string().regex(/^[A-Z][A-Za-z]+Intent$/),
  /** The coach event the intent means; absent for a platform's own feature (Alexa reminders). */
  event: z.enum(EVENT_TYPES as [CoachEventType, ...CoachEventType[]]).optional(),
  /** Only this platform's model carries the intent. */
  platform: z.enum(['alexa', 'dialogflow']).optional(),
  alexa: z.string().startsWith('AMAZON.').optional(),
  slots: z.record(z.string(), z.string()).optional(),
  samples: z.array(z.string().min(1)).min(1),
  /** Colloquial phrasings beyond the samples. On Alexa they go to `variantIntent`, a custom intent
   *  beside the built-in (built-ins fire only on an exact sample; custom intents generalise). */
  variants: z.array(z.string().min(1)).optional(),
  /** Verb phrases ("skip this"): they also take the request carriers ("can you skip this"). */
  verbs: z.array(z.string().min(1)).optional(),
  variantIntent: z
    .string()
    .regex(/^[A-Z][A-Za-z]+Intent$/)
    .optional(),
  /** Phrases grown by composition: each verb with each object ("hold on" × "a sec"); an empty
   *  object leaves the verb alone. Composed verb phrases take the request carriers too. */
  compose: z
    .array(
      z.object({
        verbs: z.array(z.string()).min(1),
        objects: z.array(z.string()).min(1),
        requests: z.boolean().optional(),
      }),
    )
    .optional(),
  /** Whether the locale's carrier words go around this intent's phrases ("ok next", "next please"). */
  carriers: z.boolean().optional(),
  /**
   * Free-text carriers whose lead words all mean one thing (fillers: "uh", "well"; cries of pain:
   * "ow", "ouch"): one Alexa intent per group, each lead a sample, read back with the group's
   * `as` in front (nothing for fillers), so a class of leads costs one intent, not one each.
   */
  carrierGroups: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z]+$/),
        as: z.string(),
        leads: z.array(z.string().min(1)).min(1),
      }),
    )
    .optional(),
  /** Each body word of the locale's lexicon also leads a free-text carrier ("chest {words}", "calf {words}"). */
  bodyLeads: z.boolean().optional(),
});
/** Words people put around a command: "ok …", "… please", "can you …". */
const carrierSchema = z.object({
  before: z.array(z.string()),
  after: z.array(z.string()),
  requests: z.array(z.string()),
  /** The requests that ask the coach to act ("can you"): the only ones a phrase naming the speaker
   *  as its object takes ("can you give me a second", never "can we give me a second"). */
  toCoach: z.array(z.string()).optional(),
  /** Words that name the speaker as an object ("me", "mir", "mich"). */
  speaker: z.array(z.string()).optional(),
});
const fileSchema = z.object({
  locale: z.string(),
  invocationName: z.string(),
  slotTypes: z.record(z.string(), z.object({ values: z.record(z.string(), z.array(z.string()).min(1)) })),
  carriers: carrierSchema.optional(),
  intents: z.array(intentSchema).min(1),
  /** Word classes a composition's verbs and objects name as <class> ("<physio>": physio, physical therapist, PT…). */
  words: z.record(z.string().regex(/^[a-z]+$/), z.array(z.string().min(1)).min(1)).optional(),
  /** Alexa name-free launch phrases ("Alexa, start neck release"): en-* only, no slots. */
  nameFree: z.object({ launch: z.array(z.string()), intents: z.record(z.string(), z.array(z.string())) }).optional(),
});

/**
 * An intent of the source; `samples` holds every phrasing (samples, variants, verbs), `exact` the
 * samples alone, `classPatterns` the composed phrases that name word classes (for our matcher).
 */
export type IntentDefinition = z.infer<typeof intentSchema> & { exact: string[]; classPatterns: string[] };
export type Carriers = z.infer<typeof carrierSchema>;
export interface SlotValue {
  id: string;
  synonyms: string[];
}
/**
 * NUMBER, TIME and CODE are the platforms' built-in types; WORDS is free text (whatever the user said
 * after a carrier phrase: AMAZON.SearchQuery on Alexa); every other type lists its values.
 */
export type SlotType =
  | { kind: 'number' }
  | { kind: 'time' }
  | { kind: 'words' }
  /** A code said digit by digit ("four seven one nine"): a number on Alexa, a number sequence on Dialogflow. */
  | { kind: 'code' }
  | { kind: 'custom'; values: SlotValue[] };

export interface InteractionModel {
  locale: string;
  invocationName: string;
  intents: IntentDefinition[];
  slotTypes: Record<string, SlotType>;
  /** Word classes the composed phrases name (<physio>): our matcher reads each as any of its words. */
  classes: Record<string, string[]>;
  carriers: Carriers;
  nameFree?: { launch: string[]; intents: Record<string, string[]> };
}

/** The utterance file a locale uses: its own, or its language's (en-GB speaks like en-US). */
export function utteranceLocaleFor(locale: string): string {
  return resolveLocale(locale);
}

function fromLocale(prefix: 'routine' | 'technique' | 'symptom', ids: string[], locale: string): SlotValue[] {
  const tr = translator(locale);
  return ids.map((id) => {
    const name = tr.t(`${prefix}.${id}.name`).toLowerCase();
    const synonyms = [...new Set([name, ...tr.list(`${prefix}.${id}.synonyms`).map((s) => s.toLowerCase())])];
    return { id, synonyms };
  });
}

const cache = new Map<string, InteractionModel>();
/** The interaction model of a locale, validated; a bad file fails with its path and field. */
export function interactionModel(requested: string): InteractionModel {
  const locale = utteranceLocaleFor(requested);
  const cached = cache.get(locale);
  if (cached) return cached;
  const file = join(UTTERANCES_DIR, `${locale}.json`);
  if (!existsSync(file))
    throw new Error(`models/utterances/${locale}.json: missing (every locale folder needs its utterances)`);
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`models/utterances/${locale}.json: ${formatIssues(parsed.error, '(file)')}`);
  }
  const content = catalogue();
  const slotTypes: Record<string, SlotType> = {
    NUMBER: { kind: 'number' },
    TIME: { kind: 'time' },
    WORDS: { kind: 'words' },
    CODE: { kind: 'code' },
    AREA: { kind: 'custom', values: areaValues(locale, parsed.data.intents) },
    ROUTINE: { kind: 'custom', values: fromLocale('routine', [...content.routines.keys()], locale) },
    TECHNIQUE: { kind: 'custom', values: fromLocale('technique', [...content.techniques.keys()], locale) },
    SYMPTOM: {
      kind: 'custom',
      values: fromLocale(
        'symptom',
        content.safety.signs.map((sign) => sign.id),
        locale,
      ),
    },
  };
  for (const [name, type] of Object.entries(parsed.data.slotTypes)) {
    slotTypes[name] = {
      kind: 'custom',
      values: Object.entries(type.values).map(([id, synonyms]) => ({ id, synonyms })),
    };
  }
  for (const intent of parsed.data.intents) {
    for (const [slot, type] of Object.entries(intent.slots ?? {})) {
      if (!slotTypes[type])
        throw new Error(
          `models/utterances/${locale}.json: intents.${intent.name}.slots.${slot}: unknown slot type ${type}`,
        );
    }
  }
  const model: InteractionModel = {
    locale,
    invocationName: parsed.data.invocationName,
    intents: parsed.data.intents.map((intent) => {
      const composed = composedPhrases(intent.compose ?? [], parsed.data.words ?? {});
      const verbs = [...new Set([...(intent.verbs ?? []), ...composed.verbs])];
      return {
        ...intent,
        ...(verbs.length ? { verbs } : {}),
        exact: intent.samples,
        samples: [...new Set([...intent.samples, ...(intent.variants ?? []), ...verbs, ...composed.phrases])],
        classPatterns: composed.patterns,
      };
    }),
    slotTypes,
    classes: parsed.data.words ?? {},
    carriers: parsed.data.carriers ?? { before: [], after: [], requests: [] },
    ...(parsed.data.nameFree ? { nameFree: parsed.data.nameFree } : {}),
  };
  cache.set(locale, model);
  return model;
}

/**
 * Body parts by the routines' area, alone and with a side, composed from the lexicon; a body word
 * that is a one-word command ("back") is left out of the listed values (a slot value that is a
 * command takes the command's words on Alexa), and our matcher still reads it in a sentence.
 */
function areaValues(locale: string, intents: Array<{ samples: string[] }>): SlotValue[] {
  const commands = new Set(intents.flatMap((intent) => intent.samples.filter((sample) => !sample.includes(' '))));
  // A body word whose tightness is a warning sign ("my chest is tight") is never a listed value: a
  // platform's intent would take the sentence from the words our scanner reads for signs first.
  const scanner = scannerFor(locale);
  const tight = translator(locale).t('understanding.tightArea');
  const safe = (synonym: string) => !scanner.scan(tight.replace('{area}', synonym));
  return areaSlotValues(locale)
    .map((value) => ({
      ...value,
      synonyms: value.synonyms.filter((synonym) => !commands.has(synonym) && safe(synonym)),
    }))
    .filter((value) => value.synonyms.length > 0);
}

/**
 * Each composition's verbs with each of its objects: verb phrases (taking requests) or plain
 * phrases. A <class> stands for each word of that class: our matcher reads the class itself (one
 * pattern, every word), while the platforms' samples get one word of it per verb and object, each
 * pair the next word along, so a model sees every word without the product of every list.
 */
function composedPhrases(
  compositions: NonNullable<z.infer<typeof intentSchema>['compose']>,
  classes: Record<string, string[]>,
) {
  const verbs: string[] = [];
  const phrases: string[] = [];
  const patterns: string[] = [];
  for (const { verbs: heads, objects, requests } of compositions)
    heads.forEach((head, turn) => {
      objects.forEach((object, place) => {
        const phrase = `${head} ${object}`.trim();
        if (/<[a-z]+>/.test(phrase)) patterns.push(phrase);
        (requests ? verbs : phrases).push(withClassWords(phrase, classes, turn + place));
      });
    });
  return { verbs: [...new Set(verbs)], phrases: [...new Set(phrases)], patterns: [...new Set(patterns)] };
}

/** A phrase with each <class> put in as one of its words: the n-th along (the next class one further). */
function withClassWords(phrase: string, classes: Record<string, string[]>, n: number): string {
  let index = 0;
  return phrase.replace(/<([a-z]+)>/g, (_, name: string) => {
    const words = classes[name];
    if (!words) throw new Error(`models/utterances: <${name}> names no word class`);
    return words[(n + index++) % words.length]!;
  });
}

/** The intent's free-text slot (type WORDS), if it has one: its samples are carrier phrases around it. */
export function freeTextSlot(intent: Pick<IntentDefinition, 'slots'>, model: InteractionModel): string | undefined {
  return Object.entries(intent.slots ?? {}).find(([, type]) => model.slotTypes[type]?.kind === 'words')?.[0];
}

/**
 * An intent's phrasings with the locale's carrier words put around them: "next" gives "ok next" and
 * "next please"; a verb phrase also "can you skip this" and "can you skip this please". A sample made of slots
 * alone takes none (an open slot plus "please" would swallow every command said politely).
 */
export function withCarriers(intent: IntentDefinition, carriers: Carriers): string[] {
  const phrases = new Set(intent.samples);
  if (!intent.carriers) return [...phrases];
  const verbs = new Set(intent.verbs ?? []);
  for (const phrase of intent.samples) {
    if (!phrase.replace(/\{\w+\}/g, '').trim()) continue;
    phrases.add(phrase);
    // A phrase that already has a carrier word at its edge ("warte mal", "ok go on") takes no second one.
    const words = phrase.toLowerCase().split(/\s+/);
    if (!carriers.after.includes(words[words.length - 1]!))
      for (const after of carriers.after) phrases.add(`${phrase} ${after}`);
    if (!carriers.before.includes(words[0]!)) for (const before of carriers.before) phrases.add(`${before} ${phrase}`);
    if (!verbs.has(phrase)) continue;
    for (const request of requestsFor(phrase, carriers)) {
      phrases.add(`${request} ${phrase}`);
      phrases.add(`${request} ${phrase} ${carriers.after[0]}`);
    }
  }
  return [...phrases];
}

/**
 * The request carriers a verb phrase takes: all of them, unless the phrase names the speaker as
 * its object, which only a request to the coach can say ("can you help me"; "let's help me" and
 * "ich will mir helfen" are not sentences).
 */
function requestsFor(phrase: string, carriers: Carriers): string[] {
  const words = phrase.toLowerCase().split(/\s+/);
  const namesSpeaker = (carriers.speaker ?? []).some((word) => words.includes(word));
  return namesSpeaker ? carriers.requests.filter((request) => carriers.toCoach?.includes(request)) : carriers.requests;
}
