import type { AlexaModel } from './model';
import { FREE_TEXT_TYPE, REQUIRED_BUILT_INS } from './model';

/** Words an invocation name may not contain, and launch words it may not start with (Alexa's rules). */
const FORBIDDEN = ['alexa', 'amazon', 'echo', 'skill', 'app'];
const LAUNCH_WORDS = [
  'ask',
  'begin',
  'do',
  'launch',
  'load',
  'open',
  'play',
  'resume',
  'run',
  'start',
  'talk',
  'tell',
  'use',
  'enable',
];
const CONNECTORS = ['the', 'a', 'an', 'for', 'to', 'of'];
/** Words that carry no meaning of their own: a sample of slots and these alone matches anything said politely. */
const FILLERS: Record<string, string[]> = {
  en: ['please', 'now', 'ok', 'okay', 'alright', 'um', 'uh', 'so', 'the', 'a', 'an', 'my', 'just'],
  de: [
    'bitte',
    'mal',
    'jetzt',
    'okay',
    'ok',
    'also',
    'äh',
    'so',
    'der',
    'die',
    'das',
    'den',
    'dem',
    'ein',
    'eine',
    'mein',
    'meine',
    'meinen',
    'nur',
  ],
};
/** How many filled-in forms of one sample the conflict check writes out (every value of every slot). */
const MAX_FILLED = 20000;

/**
 * Checks the rules the Alexa model builder enforces, so a broken model fails here, not at build
 * time in the console: invocation name, characters in samples, declared slots, a sample in one
 * intent only, required built-ins, slot values, name-free phrases. Returns the problems found.
 */
export function validateAlexaModel(locale: string, model: AlexaModel): string[] {
  const problems: string[] = [];
  const { invocationName, intents, types } = model.interactionModel.languageModel;
  const words = invocationName.split(' ');
  if (!/^[\p{Ll} .']+$/u.test(invocationName))
    problems.push(`invocation name "${invocationName}": lower-case letters, spaces, periods and apostrophes only`);
  if (words.length < 2) problems.push(`invocation name "${invocationName}": needs two or more words`);
  if (words.some((word) => FORBIDDEN.includes(word)))
    problems.push(`invocation name "${invocationName}": may not contain ${FORBIDDEN.join(', ')}`);
  if (LAUNCH_WORDS.includes(words[0]!))
    problems.push(`invocation name "${invocationName}": may not start with a launch word`);
  if (words.length === 2 && words.some((word) => CONNECTORS.includes(word)))
    problems.push(`invocation name "${invocationName}": a two-word name may not use ${CONNECTORS.join(', ')}`);

  const declaredTypes = new Set(types.map((type) => type.name));
  const owner = new Map<string, string>();
  const names = new Set<string>();
  for (const intent of intents) {
    if (!/^(AMAZON\.)?[A-Za-z_]+$/.test(intent.name))
      problems.push(`${intent.name}: intent names are letters and underscores`);
    if (names.has(intent.name)) problems.push(`${intent.name}: two intents have this name`);
    names.add(intent.name);
    const slotNames = new Set((intent.slots ?? []).map((slot) => slot.name));
    for (const slot of intent.slots ?? []) {
      if (!slot.type.startsWith('AMAZON.') && !declaredTypes.has(slot.type))
        problems.push(`${intent.name}.${slot.name}: slot type ${slot.type} is not declared`);
    }
    const seen = new Set<string>();
    for (const sample of intent.samples) {
      const where = `${intent.name}: sample "${sample}"`;
      if (!/^[\p{L} .'{}_]+$/u.test(sample))
        problems.push(`${where}: only letters, spaces, periods, apostrophes and {slots}`);
      if (/\d/.test(sample)) problems.push(`${where}: numbers must be spelled out`);
      for (const match of sample.matchAll(/\{([^}]*)\}/g))
        if (!slotNames.has(match[1]!)) problems.push(`${where}: slot {${match[1]}} is not declared on the intent`);
      if (sample.replace(/\{[^}]*\}/g, '').includes('{') || sample.replace(/\{[^}]*\}/g, '').includes('}'))
        problems.push(`${where}: unbalanced braces`);
      const key = sample.toLowerCase().trim();
      if (seen.has(key)) problems.push(`${where}: appears twice`);
      seen.add(key);
      const other = owner.get(key);
      if (other && other !== intent.name) problems.push(`${where}: also a sample of ${other}`);
      owner.set(key, intent.name);
    }
  }
  problems.push(...freeTextProblems(model));
  problems.push(...conflictsAfterFilling(locale, model));
  for (const builtIn of REQUIRED_BUILT_INS)
    if (!intents.some((intent) => intent.name === builtIn)) problems.push(`required intent ${builtIn} is missing`);

  for (const type of types) {
    if (!/^[A-Za-z_]+$/.test(type.name)) problems.push(`slot type ${type.name}: letters and underscores only`);
    if (type.values.length === 0) problems.push(`slot type ${type.name}: has no values`);
    const texts = new Map<string, string>();
    for (const value of type.values) {
      for (const text of [value.name.value, ...(value.name.synonyms ?? [])]) {
        if (!/^[\p{L}\p{N} .']+$/u.test(text))
          problems.push(
            `slot type ${type.name}: "${text}" can never be heard: letters, digits, spaces, periods and apostrophes only`,
          );
        const key = text.toLowerCase();
        const other = texts.get(key);
        if (other && other !== value.id)
          problems.push(`slot type ${type.name}: "${text}" names both ${other} and ${value.id}`);
        texts.set(key, value.id);
      }
    }
  }

  const ingress = model.interactionModel._nameFreeInteraction?.ingressPoints ?? [];
  if (ingress.length && !locale.startsWith('en-'))
    problems.push(`name-free interaction is for en-* locales only, not ${locale}`);
  if (ingress.filter((point) => point.type === 'LAUNCH').length > 5) problems.push('at most 5 skill launch phrases');
  for (const point of ingress.filter((p) => p.type === 'INTENT')) {
    if (point.sampleUtterances.length > 5) problems.push(`${point.name}: at most 5 intent launch phrases`);
    if (!intents.some((intent) => intent.name === point.name))
      problems.push(`name-free intent ${point.name} is not in the model`);
  }
  for (const point of ingress)
    for (const sample of point.sampleUtterances)
      if (/[{}]/.test(sample.value)) problems.push(`name-free phrase "${sample.value}": no slots`);
  return problems;
}

/**
 * Amazon's rules for AMAZON.SearchQuery (the free-text slot): a sample needs a carrier phrase
 * (words of its own, not the slot alone or with blanks: the build fails with
 * MissingCarrierPhraseWithPhraseSlot), no other slot in the same sample, and one such slot per
 * intent. And ours: an exact sample of another intent must win over free text, so no carrier
 * phrase may take another intent's sample (its slots filled) with at least as many literal
 * characters as that sample has: virtual-alexa scores literal length, and Alexa's NLU prefers
 * the listed phrase too. On a tie the other sample's listed slot wins, so only a longer carrier
 * is a conflict.
 */
function freeTextProblems(model: AlexaModel): string[] {
  const problems: string[] = [];
  const { intents, types } = model.interactionModel.languageModel;
  const literal = (sample: string) => sample.replace(/\{\w+\}/g, '').replace(/\s+/g, '').length;
  const carriers: Array<{ intent: string; sample: string; pattern: RegExp; literal: number; first?: string }> = [];
  for (const intent of intents) {
    const free = (intent.slots ?? []).filter((slot) => slot.type === FREE_TEXT_TYPE).map((slot) => slot.name);
    if (free.length > 1)
      problems.push(`${intent.name}: ${free.length} ${FREE_TEXT_TYPE} slots: an intent may have one`);
    for (const sample of intent.samples) {
      const slots = [...sample.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      if (!slots.some((slot) => free.includes(slot))) continue;
      const where = `${intent.name}: sample "${sample}"`;
      if (!/\p{L}/u.test(sample.replace(/\{\w+\}/g, '')))
        problems.push(`${where}: ${FREE_TEXT_TYPE} needs a carrier phrase, words around the slot`);
      if (slots.length > 1) problems.push(`${where}: no other slot may stand beside ${FREE_TEXT_TYPE}`);
      if (slots.length !== 1) continue;
      const [before, after] = sample
        .toLowerCase()
        .split(/\{\w+\}/)
        .map((part) => part.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const pattern = new RegExp(`^${before ? `${before} ` : ''}(.+?)${after ? ` ${after}` : ''}$`);
      const first =
        sample
          .toLowerCase()
          .split(/\{\w+\}/)[0]!
          .trim()
          .split(' ')[0] || undefined;
      carriers.push({ intent: intent.name, sample, pattern, literal: literal(sample), first });
    }
  }
  if (!carriers.length) return problems;
  // A carrier with words before its slot takes only texts that start with its first word: indexed by
  // it, each sample meets a handful of carriers instead of every one (hundreds of openings).
  const byFirst = new Map<string, typeof carriers>();
  const anyStart = carriers.filter((carrier) => carrier.first === undefined);
  for (const carrier of carriers)
    if (carrier.first !== undefined) byFirst.set(carrier.first, [...(byFirst.get(carrier.first) ?? []), carrier]);
  const valuesOf = new Map(
    types.map((type) => [
      type.name,
      type.values.flatMap((value) => [value.name.value, ...(value.name.synonyms ?? [])]),
    ]),
  );
  const lowerValuesOf = new Map([...valuesOf].map(([type, values]) => [type, values.map((v) => v.toLowerCase())]));
  for (const intent of intents) {
    const slotType = new Map((intent.slots ?? []).map((slot) => [slot.name, slot.type]));
    if ([...slotType.values()].includes(FREE_TEXT_TYPE)) continue;
    const valuesFor = (slot: string) => lowerValuesOf.get(slotType.get(slot) ?? '') ?? ['five'];
    for (const sample of intent.samples) {
      // A bare slot ("{routine}") has no words of its own to win with; what a carrier takes from
      // it reaches our matcher, which knows every listed value (test/models.test.ts checks it).
      const own = literal(sample);
      if (own === 0) continue;
      const lower = sample.toLowerCase();
      // The words a filled sample can start with: its own first word, or the first words of the
      // values of the slot it starts with. Only carriers that open so, with more literal
      // characters than the sample, can take it, so most samples are never written out.
      const opening = /^\{(\w+)\}/.exec(sample);
      const starts = opening
        ? new Set(valuesFor(opening[1]!).map((value) => value.split(' ')[0]!))
        : new Set([lower.split(' ')[0]!]);
      const candidates = [...anyStart, ...[...starts].flatMap((word) => byFirst.get(word) ?? [])].filter(
        (carrier) => carrier.literal > own,
      );
      if (!candidates.length) continue;
      // Listed slots take each value; a built-in (a number, a time) takes a word of its own.
      let filled = [lower];
      for (const slot of [...sample.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)) {
        const values = valuesFor(slot);
        filled = filled.flatMap((text) => values.map((value) => text.replace(`{${slot.toLowerCase()}}`, value)));
        if (filled.length > MAX_FILLED) break;
      }
      for (const carrier of candidates) {
        const taken = filled.find((text) => carrier.pattern.test(text));
        if (taken)
          problems.push(
            `${carrier.intent}: carrier phrase "${carrier.sample}" takes "${taken}" from ${intent.name} ("${sample}"): a sample must win over free text`,
          );
      }
    }
  }
  return problems;
}

/**
 * Conflicts Alexa's NLU would resolve for the wrong intent, found by putting every value and
 * synonym into every slot: a filled sample that equals another intent's sample (a custom intent
 * wins, so "back" as a ROUTINE synonym behind "{routine}" beats PreviousIntent's "back"); a slot
 * value that is another intent's command word; a sample of custom slots and filler words alone
 * ("{routine} please"), which an open slot fills with any command said politely.
 */
function conflictsAfterFilling(locale: string, model: AlexaModel): string[] {
  const problems: string[] = [];
  const { intents, types } = model.interactionModel.languageModel;
  const key = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
  const valuesOf = new Map(
    types.map((type) => [
      type.name,
      type.values.flatMap((value) => [value.name.value, ...(value.name.synonyms ?? [])]),
    ]),
  );
  const fillers = new Set(FILLERS[locale.slice(0, 2)] ?? []);

  const commands = new Map<string, string>();
  for (const intent of intents)
    for (const sample of intent.samples) if (!sample.includes('{')) commands.set(key(sample), intent.name);

  const heard = new Map<string, { intent: string; sample: string }>();
  for (const intent of intents) {
    const slotType = new Map((intent.slots ?? []).map((slot) => [slot.name, slot.type]));
    for (const sample of intent.samples) {
      const slots = [...sample.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      if (!slots.length) continue;
      const custom = slots.filter((slot) => valuesOf.has(slotType.get(slot) ?? ''));
      const literal = sample
        .replace(/\{\w+\}/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
      if (custom.length && literal.length && literal.every((word) => fillers.has(word.toLowerCase()))) {
        problems.push(
          `${intent.name}: sample "${sample}" is slots and filler words only: an open slot takes any command said with "${literal.join(' ')}"`,
        );
      }
      // Only custom slots are filled: built-in types (numbers, times) never spell a command word,
      // so a sample with one is never heard as another's.
      if (custom.length !== slots.length) continue;
      let filled = [sample];
      for (const slot of custom) {
        const values = valuesOf.get(slotType.get(slot)!)!;
        filled = filled.flatMap((text) => values.map((value) => text.replace(`{${slot}}`, value)));
        if (filled.length > MAX_FILLED) break;
      }
      const said = { intent: intent.name, sample };
      for (const text of filled) {
        if (text.includes('{')) continue;
        const heardAs = key(text);
        const other = commands.get(heardAs);
        if (other && other !== intent.name)
          problems.push(`${intent.name}: sample "${sample}" filled in is "${text}", a sample of ${other}`);
        const seen = heard.get(heardAs);
        if (seen && seen.intent !== intent.name)
          problems.push(
            `${intent.name}: sample "${sample}" filled in is "${text}", as is "${seen.sample}" of ${seen.intent}`,
          );
        else heard.set(heardAs, said);
      }
    }
  }

  for (const type of types) {
    for (const value of type.values) {
      for (const text of [value.name.value, ...(value.name.synonyms ?? [])]) {
        const command = commands.get(key(text));
        if (command)
          problems.push(`slot type ${type.name}: "${text}" (${value.id}) is also a command: a sample of ${command}`);
      }
    }
  }
  return [...new Set(problems)];
}
