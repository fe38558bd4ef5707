import { lexiconFor } from './lexicon';
import { spansOf } from './phrases';

/**
 * The minutes a person says they have: a number before a word of minutes ("ten minutes", "a
 * couple of minutes"), or a span of time of its own ("a quarter of an hour", "ne
 * Viertelstunde"). A vague few ("a minute") and a span are time only after a word of having
 * ("I've got half an hour"): "give me a minute" is a pause, "it's hurt for an hour" no budget.
 */
export function minutesSaid(
  words: string[],
  locale: string,
  parseNumber: (word: string) => number | undefined,
  withAreas = false,
): number | undefined {
  const { frames, numbers, durations } = lexiconFor(locale);
  // Said with the areas to work ("shoulders and lower back, about a quarter of an hour"), a span
  // is the time to spend, unless it is how long something lasted ("sore for an hour").
  const spent = (start: number) =>
    withAreas &&
    !frames.lasting.some((tokens) => spansOf(tokens, words).some((span) => span.end >= start - 2 && span.end <= start));
  const hasTimeBefore = (end: number) =>
    frames.having.some((having) => spansOf(having, words.slice(0, end)).length > 0);
  for (const tokens of frames.minutes)
    for (const span of spansOf(tokens, words)) {
      // "a couple of minutes": the number right before, "of" aside.
      const before = words[span.start - 1] === 'of' ? span.start - 2 : span.start - 1;
      const minutes = before >= 0 ? parseNumber(words[before]!) : undefined;
      const vague = before >= 0 && (numbers[words[before]!] ?? Infinity) < 4;
      if (minutes !== undefined && minutes > 0 && (!vague || hasTimeBefore(span.start))) return minutes;
    }
  for (const { tokens, minutes } of durations) {
    // Having may come after the span in German word order ("ne Viertelstunde hab ich").
    const span = spansOf(tokens, words)[0];
    if (span && (hasTimeBefore(words.length) || spent(span.start))) return minutes;
  }
  return undefined;
}
