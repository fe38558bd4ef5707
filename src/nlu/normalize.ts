/** Lower-case words and spaces only, umlauts folded, so typed and spoken forms compare equal. */
export function normalize(text: string, locale = 'en-US'): string {
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
