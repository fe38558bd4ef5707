import { normalize } from './normalize';

/**
 * Phrases that compose: a word, a prefix ("tingl*"), the head of a compound ("*knoten"), or a gap of up to GAP_WORDS words
 * ("calf * swollen"). The warning signs and the report lexicon are written in this one syntax.
 */
export type Token =
  | { kind: 'word'; text: string }
  | { kind: 'prefix'; text: string }
  | { kind: 'suffix'; text: string }
  | { kind: 'gap' };

export interface Span {
  start: number;
  end: number;
  /** Word positions a gap took: a negation there ("calf isn't swollen") negates the phrase. */
  gaps: number[];
}

export const GAP_WORDS = 3;
/** A clause break in a list of words: no phrase and no negation reaches across one. */
export const BREAK = '|';

export function tokensOf(pattern: string, locale: string): Token[] {
  return pattern
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((raw): Token[] => {
      if (raw === '*') return [{ kind: 'gap' }];
      // "*knoten": the head of a compound ("Nackenknoten", "Wadenknoten").
      if (raw.startsWith('*')) return [{ kind: 'suffix', text: normalize(raw.slice(1), locale) }];
      const prefix = raw.endsWith('*');
      const words = normalize(prefix ? raw.slice(0, -1) : raw, locale)
        .split(' ')
        .filter(Boolean);
      return words.map((text, index) =>
        prefix && index === words.length - 1 ? { kind: 'prefix', text } : { kind: 'word', text },
      );
    });
}

/** A word as said, or with a clitic "'s" on it ("my arm's asleep" names the arm). */
export const sameWord = (said: string, listed: string) => said === listed || said === `${listed}'s`;

export function matchAt(tokens: Token[], words: string[], at: number, gaps: number[]): Span | null {
  let position = at;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.kind === 'gap') {
      for (let skip = 0; skip <= GAP_WORDS && position + skip <= words.length; skip += 1) {
        const taken = Array.from({ length: skip }, (_, k) => position + k);
        if (taken.some((k) => words[k] === BREAK)) break;
        const rest = matchAt(tokens.slice(index + 1), words, position + skip, [...gaps, ...taken]);
        if (rest) return { start: at, end: rest.end, gaps: rest.gaps };
      }
      return null;
    }
    const word = words[position];
    if (word === undefined || word === BREAK) return null;
    const matches =
      token.kind === 'word'
        ? sameWord(word, token.text)
        : token.kind === 'prefix'
          ? word.startsWith(token.text)
          : word.endsWith(token.text);
    if (!matches) return null;
    position += 1;
  }
  return { start: at, end: position, gaps };
}

/** Every place a phrase stands in the words (at most one span per start). */
export function spansOf(tokens: Token[], words: string[]): Span[] {
  const spans: Span[] = [];
  if (!tokens.length) return spans;
  for (let at = 0; at < words.length; at += 1) {
    const span = matchAt(tokens, words, at, []);
    if (span && span.end > span.start) spans.push(span);
  }
  return spans;
}

/** The words of a sentence, clause by clause, with a BREAK after each clause. */
export function clauseWords(text: string, locale: string): string[] {
  return text
    .split(/[,.;:!?()]+/)
    .flatMap((clause) => [...normalize(clause, locale).split(' ').filter(Boolean), BREAK]);
}
