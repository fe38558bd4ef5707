import { TIER_RANK } from '../content/safety';
import { catalogue } from '../content/load';
import type { Sign, Tier } from '../content/schema';
import { translator } from '../i18n';
import { MAX_COMPARED_CHARS } from './distance';
import { lexiconFor, lexiconPhrases } from './lexicon';
import { normalize } from './normalize';
import { oncePerLocale } from './per-locale';
import { BREAK, matchAt, sameWord, spansOf, tokensOf, type Span, type Token } from './phrases';

/** A warning sign found in what the user said. */
export interface SignFound {
  id: string;
  tier: Tier;
}

interface Phrase {
  sign: Sign;
  tokens: Token[];
}

/** Signs that are more together: each group (alternative phrases) said somewhere in the sentence, none denied. */
interface Together {
  sign: Sign;
  groups: Token[][][];
}

/** How far before a phrase a negation reaches ("I don't have any tingling"), and how far after ("the tingling has gone"). */
const BEFORE_WORDS = 3;
/** The sign of pain that lasts (SAFETY.md: pain over two weeks), also composed from pain and time words. */
const LONG_PAIN = 'persistent-pain';
const AFTER_WORDS = 3;
/** "I can …" after a sign begins what the sign does ("ich kann kaum greifen"), not its easing; the words as normalized (ö is oe). */
const ABLE_SUBJECTS = new Set(['i', 'ich']);
const ABLE = new Set(['can', "can't", 'cannot', 'could', "couldn't", 'kann', 'koennte', 'konnte']);

/**
 * Finds warning signs in an utterance, with their negation: "no tingling", "less numb now" and
 * "the swelling has gone" are not alarms, "warm and relaxed" names no sign at all ("warm" is not
 * "hot"), and known harmless phrases ("a hot shower") are set aside first. The words live in the
 * locale files (symptom.<id>.synonyms and .patterns, safety.negation, safety.benign).
 */
export class SymptomScanner {
  private readonly phrases: Phrase[];
  private readonly together: Together[];
  private readonly before: string[][];
  private readonly after: string[][];
  private readonly breaks: Set<string>;
  private readonly andBreaks: Set<string>;
  /** Words after which a denial belongs to another verb ("die Brust ist eng, das kommt nicht vom Ball"). */
  private readonly afterEnds: Set<string>;
  private readonly onsets: Set<string>;
  private readonly benign: string[];
  private readonly and: string;
  private readonly past: string[][];
  private readonly resolved: string[][];

  constructor(readonly locale: string) {
    const tr = translator(locale);
    const words = (key: string) =>
      tr
        .list(key)
        .map((text) => normalize(text, locale).split(' ').filter(Boolean))
        .filter((list) => list.length);
    this.phrases = catalogue().safety.signs.flatMap((sign) =>
      [...tr.list(`symptom.${sign.id}.synonyms`), ...tr.list(`symptom.${sign.id}.patterns`)].map((pattern) => ({
        sign,
        tokens: tokensOf(pattern, locale),
      })),
    );
    // "dizzy … and my eye went dark": "a | b + c | d", each group of alternatives said, is the sign.
    this.together = catalogue().safety.signs.flatMap((sign) =>
      tr.list(`symptom.${sign.id}.together`).map((rule) => ({
        sign,
        groups: rule.split(' + ').map((group) => group.split(' | ').map((pattern) => tokensOf(pattern, locale))),
      })),
    );
    this.before = words('safety.negation.before');
    this.after = words('safety.negation.after');
    this.afterEnds = new Set(words('safety.negation.afterEnds').map((list) => list.join(' ')));
    this.breaks = new Set(words('safety.negation.breaks').map((list) => list.join(' ')));
    this.andBreaks = new Set(words('safety.negation.andBreaks').map((list) => list.join(' ')));
    this.onsets = new Set(words('safety.negation.onsets').map((list) => list.join(' ')));
    this.benign = tr
      .list('safety.benign')
      .map((text) => normalize(text, locale))
      .sort((a, b) => b.length - a.length);
    this.and = locale.startsWith('de') ? 'und' : 'and';
    const { time } = lexiconPhrases(locale);
    const cues = (list: string[]) => list.map((text) => normalize(text, locale).split(' ').filter(Boolean));
    this.past = cues(time.past);
    this.resolved = cues(time.resolved);
  }

  /**
   * A sign of the past that is over ("the numbness from last week is gone", "das Kribbeln von
   * gestern ist weg"): a past time in its clause and, after it in the sentence, a word of its end
   * that nothing denies ("hasn't gone away" is no end). A sign said after it, in its own clause
   * with no past time, still counts.
   */
  private resolvedInPast(words: string[], span: Span): boolean {
    let from = span.start;
    while (from > 0 && words[from - 1] !== BREAK) from -= 1;
    let to = span.end;
    while (to < words.length && words[to] !== BREAK) to += 1;
    if (!SymptomScanner.hasCue(words.slice(from, to), this.past)) return false;
    // Its end may come in a later clause ("I used to get it, but not any more").
    const after = words.slice(span.end);
    return this.resolved.some((cue) =>
      after.some((_, at) => {
        if (!cue.every((word, k) => after[at + k] === word)) return false;
        return !SymptomScanner.hasCue(after.slice(Math.max(0, at - 2), at), this.before);
      }),
    );
  }

  /** The words of the utterance with clause breaks marked: negation never reaches across one. */
  private wordsOf(text: string): string[] {
    const clauses = text.split(/[,.;:!?()]+/).map((clause) => normalize(clause, this.locale));
    const out: string[] = [];
    for (let clause of clauses) {
      for (const phrase of this.benign) clause = ` ${clause} `.split(` ${phrase} `).join(` ${BREAK} `).trim();
      const words = clause.split(' ').filter(Boolean);
      words.forEach((word, index) => {
        const next = words[index + 1];
        if (this.breaks.has(word) || (word === this.and && next !== undefined && this.andBreaks.has(next)))
          out.push(BREAK);
        else out.push(word);
      });
      out.push(BREAK);
    }
    return out;
  }

  /** A cue said as listed, or with a clitic "'s" on a word ("nothing's numb" is "nothing" numb). */
  private static hasCue(window: string[], cues: string[][]): boolean {
    return cues.some((cue) =>
      window.some((_, index) => cue.every((word, k) => sameWord(window[index + k] ?? '', word))),
    );
  }

  private negated(words: string[], span: Span): boolean {
    const clip = (from: number, to: number) => {
      const slice = words.slice(Math.max(0, from), Math.max(0, to));
      return slice;
    };
    // The window stops at a clause break.
    let beforeWindow = clip(span.start - BEFORE_WORDS, span.start);
    const lastBreak = beforeWindow.lastIndexOf(BREAK);
    if (lastBreak >= 0) beforeWindow = beforeWindow.slice(lastBreak + 1);
    let afterWindow = clip(span.end, span.end + AFTER_WORDS);
    const firstBreak = afterWindow.indexOf(BREAK);
    if (firstBreak >= 0) afterWindow = afterWindow.slice(0, firstBreak);
    // Speech has no commas: "so kraftlos ich kann kaum greifen" says what the sign does, not that it eases.
    // The subject may be dropped right after the sign ("so kraftlos, kann kaum draufstehen").
    const consequence = afterWindow.findIndex(
      (word, at) => (ABLE_SUBJECTS.has(word) && ABLE.has(afterWindow[at + 1] ?? '')) || (at === 0 && ABLE.has(word)),
    );
    if (consequence >= 0) afterWindow = afterWindow.slice(0, consequence);
    const otherVerb = afterWindow.findIndex((word) => this.afterEnds.has(word));
    if (otherVerb >= 0) afterWindow = afterWindow.slice(0, otherVerb);
    const gapWords = span.gaps.map((index) => words[index]!);
    return (
      this.resolvedInPast(words, span) ||
      SymptomScanner.hasCue(beforeWindow, this.before) ||
      SymptomScanner.hasCue(gapWords, this.before) ||
      this.endedAfter(afterWindow)
    );
  }

  /**
   * Pain said to last long, composed: a pain word nothing denies and a long time anywhere in the
   * sentence ("my neck has hurt, on and off, since last month", "tut seit Wochen weh"), or a
   * complaint that names no pain ("this neck thing's been going on for a month").
   */
  private painForLong(words: string[]): boolean {
    const { pain, time } = lexiconFor(this.locale);
    if (!time.long.some((tokens) => spansOf(tokens, words).length)) return false;
    return [...pain.words, ...pain.strong, ...pain.complaints].some((tokens) =>
      spansOf(tokens, words).some((span) => !this.negated(words, span)),
    );
  }

  /**
   * Whether every group of a sign said together is said and not denied. The words of one group
   * are no denial of another: in "spür nix mehr zwischen den Beinen" the "nix" is the lost
   * feeling itself, not a denial of the place.
   */
  private allSaid(words: string[], groups: Token[][][]): boolean {
    // Every rule is tried on every sentence: stop at the first group not said at all.
    const spans: Span[][] = [];
    for (const group of groups) {
      const said = group.flatMap((tokens) => spansOf(tokens, words));
      if (!said.length) return false;
      spans.push(said);
    }
    return spans.every((own, index) => {
      const others = new Set(
        spans.flatMap((group, other) =>
          other === index
            ? []
            : group.flatMap((span) => words.slice(span.start, span.end).map((_, k) => span.start + k)),
        ),
      );
      const seen = others.size ? words.map((word, at) => (others.has(at) ? '' : word)) : words;
      return own.some((span) => !this.negated(seen, span));
    });
  }

  /**
   * A word of easing after a sign that nothing denies: "has gone" ends it, "has not gone" does not,
   * and "has gone all weak" or "gone numb" is how it began (safety.negation.onsets).
   */
  private endedAfter(window: string[]): boolean {
    return this.after.some((cue) =>
      window.some(
        (_, at) =>
          cue.every((word, k) => window[at + k] === word) &&
          !this.onsets.has(window[at + cue.length] ?? '') &&
          !SymptomScanner.hasCue(window.slice(Math.max(0, at - 2), at), this.before),
      ),
    );
  }

  /** Every sign named and not denied, once each, in content order; and whether some sign was named only to be denied. */
  read(text: string): { found: SignFound[]; denied: boolean } {
    if (typeof text !== 'string' || !text.trim()) return { found: [], denied: false };
    // The matcher's bound: anything longer is not speech, and one request's work stays bounded.
    const words = this.wordsOf(text.slice(0, MAX_COMPARED_CHARS));
    const found = new Set<string>();
    let denied = false;
    for (const phrase of this.phrases) {
      if (found.has(phrase.sign.id) || phrase.tokens.length === 0) continue;
      for (let at = 0; at < words.length; at += 1) {
        const span = matchAt(phrase.tokens, words, at, []);
        if (!span || span.end === span.start) continue;
        if (this.negated(words, span)) {
          denied = true;
          continue;
        }
        found.add(phrase.sign.id);
        break;
      }
    }
    if (!found.has(LONG_PAIN) && this.painForLong(words)) found.add(LONG_PAIN);
    for (const { sign, groups } of this.together)
      if (!found.has(sign.id) && this.allSaid(words, groups)) found.add(sign.id);
    return {
      found: catalogue()
        .safety.signs.filter((sign) => found.has(sign.id))
        .map((sign) => ({ id: sign.id, tier: sign.tier })),
      denied: denied && found.size === 0,
    };
  }

  scanAll(text: string): SignFound[] {
    return this.read(text).found;
  }

  /** The most urgent sign named: emergency before stop before caution; an emergency call before same-day care. */
  scan(text: string): SignFound | null {
    const all = this.scanAll(text);
    const urgency = (found: SignFound) =>
      TIER_RANK[found.tier] * 2 +
      (catalogue().safety.signs.find((sign) => sign.id === found.id)?.care === 'same-day' ? 1 : 0);
    return all.sort((a, b) => urgency(a) - urgency(b))[0] ?? null;
  }
}

/** The scanner of a locale's words, built once per process. */
export const scannerFor = oncePerLocale((locale) => new SymptomScanner(locale));
