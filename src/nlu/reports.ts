import { translator } from '../i18n';
import { MAX_COMPARED_CHARS } from './distance';
import { ARTICLES, withoutCriedNo } from './word-roles';
import { lexiconFor, type Lexicon } from './lexicon';
import { normalize } from './normalize';
import { oncePerLocale } from './per-locale';
import { BREAK, clauseWords, spansOf, type Span, type Token } from './phrases';

/** How a report of the body feels: pain to ease off, pain that is fine (mild, a good hurt), or comfort. */
export type Feeling = 'strong' | 'mild' | 'good';

export interface Report {
  feeling: Feeling;
  /** The body area named, from the lexicon's body parts ("calf" is the leg). */
  area?: string;
  side?: 'left' | 'right';
}

/** How far back a negation reaches ("it doesn't hurt too much"). */
const NEGATION_REACH = 3;

/**
 * Reads a sentence as a report of how the body feels, composing the locale's lexicon: pain words
 * made strong by an intensifier before them ("way too sore", "echt heftig"), by a cry with them
 * ("oh god, that hurts"), by a limit reached ("I can't take this", "halt ich nicht aus") or by
 * words strong in themselves ("agony"); made mild by a softener or a good frame ("a bit tender",
 * "aber okay"); comfort words ("looser") and denied pain ("no pain at all") are comfort. Warning
 * signs are read before this, by the symptom scanner; this never raises one.
 */
export class ReportReader {
  private readonly lexicon: Lexicon;
  private readonly negations: string[][];

  constructor(locale: string) {
    this.lexicon = lexiconFor(locale);
    this.negations = translator(locale)
      .list('safety.negation.before')
      .map((text) => normalize(text, locale).split(' ').filter(Boolean));
  }

  private negated(words: string[], span: Span): boolean {
    let window = words.slice(Math.max(0, span.start - NEGATION_REACH), span.start);
    const lastBreak = window.lastIndexOf(BREAK);
    if (lastBreak >= 0) window = window.slice(lastBreak + 1);
    const gapWords = span.gaps.map((index) => words[index]!);
    const has = (list: string[]) =>
      this.negations.some((cue) => list.some((_, at) => cue.every((word, k) => list[at + k] === word)));
    return has(withoutCriedNo(window)) || has(gapWords);
  }

  read(text: string): Report | null {
    if (typeof text !== 'string' || !text.trim()) return null;
    const words = clauseWords(text.slice(0, MAX_COMPARED_CHARS), this.lexicon.locale);
    const hits = (patterns: Token[][]) => patterns.flatMap((tokens) => spansOf(tokens, words));
    const affirmed = (patterns: Token[][]) => hits(patterns).filter((span) => !this.negated(words, span));
    const { pain } = this.lexicon;

    const painWords = hits(pain.words);
    const felt = painWords.filter((span) => !this.negated(words, span));
    // "Nicht weh, krass": a denied word of intensity raises nothing.
    const intense = affirmed(pain.intense);
    const next = (before: Span[], after: Span[]) =>
      before.some((first) => after.some((then) => then.start >= first.end && then.start - first.end <= 1));
    const excess = affirmed(pain.excess);
    const raised =
      next([...affirmed(pain.intensifiers), ...excess], [...felt, ...intense]) || next(excess, hits(pain.quantities));
    const strongWords = affirmed(pain.strong).length > 0;
    // "Like ten" is a pain at its limit, "like ten minutes" an amount of time; "nothing I can't
    // handle" denies the limit.
    const minutes = hits(this.lexicon.frames.minutes);
    const limit = affirmed(pain.limits).some((span) => !minutes.some((unit) => unit.start === span.end));
    // An exclamation is a cry of pain with another word of pain or intensity ("krass" is both: alone, it is none).
    const exclaimed = hits(pain.exclamations);
    const cry =
      affirmed(pain.cries).length > 0 ||
      exclaimed.some((word) => [...felt, ...intense].some((other) => other.start !== word.start));
    // A good frame denied just before it ("way past a good hurt", "kein guter Schmerz mehr") is strong pain.
    const beyond = hits(pain.beyond);
    const goodFrames = hits(pain.good);
    const deniedGood = goodFrames.some((frame) =>
      // Right before it, or with an article between ("way past a good hurt"); "kein Strom, alles gut" denies the current.
      beyond.some(
        (cue) =>
          cue.end <= frame.start &&
          (frame.start === cue.end || (frame.start - cue.end === 1 && ARTICLES.has(words[cue.end]!))),
      ),
    );
    const good = !deniedGood && goodFrames.length > 0;
    const mild = hits(pain.mild).length > 0;

    // A good frame makes any pain fine unless a limit is said; a softener, unless pain is raised or at a limit.
    // "They were killing me yesterday, but now they're fine": pain said of the past, and over.
    const { time } = this.lexicon;
    const past = hits(time.past)[0];
    const over =
      past && [...hits(time.resolved), ...affirmed(this.lexicon.comfort)].some((span) => span.start > past.start);
    const strong = !over && (limit || deniedGood || (!good && (strongWords || (mild ? raised : raised || cry))));
    const where = this.whereIn(words, hits);
    if (strong) return { feeling: 'strong', ...where };
    if (over && (strongWords || painWords.length)) return { feeling: 'good', ...where };
    if (felt.length || (good && painWords.length)) return { feeling: 'mild', ...where };
    const question = this.lexicon.questions.some((tokens) => spansOf(tokens, words)[0]?.start === 0);
    if (painWords.length || ((affirmed(this.lexicon.comfort).length || good) && !question))
      return { feeling: 'good', ...where };
    return null;
  }

  /** The first body area and side the words name. */
  private whereIn(words: string[], hits: (patterns: Token[][]) => Span[]): Pick<Report, 'area' | 'side'> {
    const first = (entries: Array<[string, Token[][]]>) =>
      entries
        .map(([name, patterns]) => ({ name, at: Math.min(...hits(patterns).map((span) => span.start)) }))
        .filter(({ at }) => Number.isFinite(at))
        .sort((a, b) => a.at - b.at)[0]?.name;
    const area = first(Object.entries(this.lexicon.bodyParts));
    const side = first(Object.entries(this.lexicon.sides)) as Report['side'];
    return { ...(area ? { area } : {}), ...(side ? { side } : {}) };
  }
}

/** The report reader of a locale, built once per process. */
export const reportReaderFor = oncePerLocale((locale) => new ReportReader(locale));
