/**
 * English contractions as speech recognition often writes them, without the apostrophe ("cant",
 * "dont", "im"): read as the contraction, so "i cant breathe" is "i can't breathe" and "dont stop"
 * keeps its negation.
 */
const BARE_CONTRACTIONS: Record<string, string> = Object.fromEntries(
  [
    "can't",
    "don't",
    "won't",
    "didn't",
    "doesn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "couldn't",
    "wouldn't",
    "shouldn't",
    "haven't",
    "hasn't",
    "i'm",
    "i've",
    "i'll",
    "you're",
    "that's",
    "what's",
    "there's",
    "how's",
    "where's",
    "let's",
  ].map((word) => [word.replace("'", ''), word]),
);

/** Lower-case words and spaces only, umlauts folded, so typed and spoken forms compare equal. */
export function normalize(text: string, locale = 'en-US'): string {
  const folded = fold(text, locale);
  if (!locale.startsWith('en')) return folded;
  return folded
    .split(' ')
    .map((word) => BARE_CONTRACTIONS[word] ?? word)
    .join(' ');
}

function fold(text: string, locale: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase(locale)
    .replace(/[’‘`´]/g, "'")
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[–—-]/g, ' ')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `phrase` occurs in `text` as whole words. */
export function containsPhrase(text: string, phrase: string): boolean {
  if (!phrase) return false;
  return ` ${text} `.includes(` ${phrase} `);
}
