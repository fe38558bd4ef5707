import type { CoachEvent } from '../coach/events';
import { matcherFor } from './matcher';
import { normalize } from './normalize';
import { scannerFor, type SignFound } from './symptoms';
import { interactionModel } from './utterances';

/**
 * One reading of one sentence, for every channel that hands us words: Alexa's free-text
 * carriers, a red-flag slot that names no sign, Dialogflow's query text (no-match included).
 * Warning signs first, then the sentence as a command said with carrier words around it
 * ("i want to stop the timer please" is "stop the timer"), then our matcher.
 */
export function readSentence(words: string, locale: string): CoachEvent {
  const sign = signIn(words, locale);
  if (sign) return { type: 'RED_FLAG', symptom: sign.id };
  const matcher = matcherFor(locale);
  const core = withoutCarriers(words, locale);
  if (core && core !== normalize(words, locale)) {
    const command = matcher.match(core);
    if (command.how === 'exact') return command.event;
  }
  const heard = matcher.match(words).event;
  return heard.type === 'RATE' ? { ...heard, value: ratingIn(words, locale) ?? heard.value } : heard;
}

/** Articles read as numbers ("a", "ein", "eine"): in "ich glaube eine sechs" the rating is the six. */
const ARTICLES = new Set(['a', 'an', 'one', 'ein', 'eine', 'einer', 'einen']);

/** The rating a short answer names: its last number, an article only when no other number is said. */
function ratingIn(words: string, locale: string): number | undefined {
  const matcher = matcherFor(locale);
  const said = normalize(words, locale).split(' ');
  const numbers = said.filter((word) => matcher.parseNumber(word) !== undefined);
  const meant = numbers.filter((word) => !ARTICLES.has(word)).pop() ?? numbers.pop();
  return meant === undefined ? undefined : matcher.parseNumber(meant);
}

/**
 * The warning sign a sentence names, read by our scanner with its negation and harmless
 * phrases; the red-flag slot's own words ("vision or speech changes", which Alexa resolves on
 * RedFlagIntent) are put in the scanner's words first, so no channel hears a sign another misses.
 */
export function signIn(words: string, locale: string): SignFound | null {
  return scannerFor(locale).scan(inScannerWords(words, locale));
}

interface Rewrite {
  phrase: string[];
  replacement: string;
}
const rewrites = new Map<string, Rewrite[]>();

/** The red-flag slot's words the scanner does not read as their sign, each with words it does. */
function slotRewrites(locale: string): Rewrite[] {
  const model = interactionModel(locale);
  const known = rewrites.get(model.locale);
  if (known) return known;
  const scanner = scannerFor(locale);
  const symptom = model.slotTypes.SYMPTOM;
  const list: Rewrite[] = [];
  for (const value of symptom?.kind === 'custom' ? symptom.values : []) {
    const replacement = value.synonyms.find((synonym) => scanner.scan(synonym)?.id === value.id);
    if (!replacement) continue;
    for (const synonym of value.synonyms)
      if (scanner.scan(synonym)?.id !== value.id)
        list.push({ phrase: normalize(synonym, locale).split(' '), replacement: normalize(replacement, locale) });
  }
  list.sort((a, b) => b.phrase.length - a.phrase.length);
  rewrites.set(model.locale, list);
  return list;
}

const PUNCTUATION = /^[,.;:!?()]$/;

/**
 * The sentence in the scanner's words: each of the slot's phrases, found word by word across
 * its own commas ("schmerzen, die in arm … ausstrahlen"), becomes words the scanner reads as
 * the same sign; every other clause break stays, as the scanner's negation stops there.
 */
function inScannerWords(words: string, locale: string): string {
  const tokens = words
    .replace(/([,.;:!?()])/g, ' $1 ')
    .split(/\s+/)
    .flatMap((token) => (PUNCTUATION.test(token) ? [token] : normalize(token, locale).split(' ')))
    .filter(Boolean);
  const out: string[] = [];
  for (let at = 0; at < tokens.length;) {
    const found = slotRewrites(locale)
      .map((rewrite) => ({ rewrite, end: spanEnd(tokens, at, rewrite.phrase) }))
      .find(({ end }) => end > at);
    if (found) {
      out.push(found.rewrite.replacement);
      at = found.end;
    } else out.push(tokens[at++]!);
  }
  return out.join(' ');
}

/** Where the phrase's words end if they start at `at`, punctuation between them allowed; else -1. */
function spanEnd(tokens: string[], at: number, phrase: string[]): number {
  let position = at;
  for (const word of phrase) {
    while (position > at && PUNCTUATION.test(tokens[position] ?? '')) position += 1;
    if (tokens[position] !== word) return -1;
    position += 1;
  }
  return position;
}

/** The words without the locale's carrier words around a command ("ok", "please", "can you"). */
function withoutCarriers(words: string, locale: string): string {
  const { before, after, requests } = interactionModel(locale).carriers;
  let said = normalize(words, locale);
  const strip = (cues: string[], atStart: boolean) => {
    for (const cue of cues.map((text) => normalize(text, locale)).sort((a, b) => b.length - a.length)) {
      if (atStart && said.startsWith(`${cue} `)) return void (said = said.slice(cue.length + 1));
      if (!atStart && said.endsWith(` ${cue}`)) return void (said = said.slice(0, -cue.length - 1));
    }
  };
  strip(before, true);
  strip(requests, true);
  strip(after, false);
  return said;
}
