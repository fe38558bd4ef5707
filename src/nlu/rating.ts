import { normalize } from './normalize';
import {
  AFTERTHOUGHTS,
  ARTICLES,
  CLOCK_PREPOSITIONS,
  DETERMINERS,
  HEDGES,
  NOT_NUMBERS_IN_REPORTS,
  RATING_LEADS,
  UNITS,
} from './word-roles';

/**
 * A number in a short answer as a rating; in a report, only a number said as one ("two, way
 * better", not "nothing crazy" or "null Kribbeln"). The clause holding it is the answer ("uh
 * probably still an eight, it's pretty tight").
 */
export function ratingSaid(
  raw: string,
  locale: string,
  inReport: boolean,
  parseNumber: (word: string) => number | undefined,
  isQuestion: (said: string[]) => boolean,
): number | undefined {
  const clauses = raw
    .split(/[,.;:!?]+/)
    .map((clause) => normalize(clause, locale).split(' ').filter(Boolean))
    .filter((clause) => clause.length > 0);
  // The last clause that names one: "a seven earlier, now maybe a four", "seven, no, six".
  for (const said of clauses.reverse()) {
    // The last number said is where the person landed ("from a seven down to a four").
    const at = said.findLastIndex(
      (word, index) =>
        parseNumber(word) !== undefined &&
        !CLOCK_PREPOSITIONS.has(said[index - 1] ?? '') &&
        (said.length === 1 || (!ARTICLES.has(word) && !DETERMINERS.has(said[index - 1] ?? ''))) &&
        // "A tight one", "the left one", "haven't had one": a pronoun, unless said first or after a lead.
        !(
          word === 'one' &&
          index > 0 &&
          !RATING_LEADS.has(said[index - 1] ?? '') &&
          !HEDGES.has(said[index - 1] ?? '')
        ) &&
        (!inReport || !NOT_NUMBERS_IN_REPORTS.has(word)) &&
        (!inReport ||
          parseNumber(word) !== 0 ||
          index === said.length - 1 ||
          (index === 0 && AFTERTHOUGHTS.has(said[1] ?? ''))),
    );
    // "Eh I'd say it went down to a five": after "a" or "to", a rating even in a longer clause,
    // unless an amount follows ("a five minute warm-up").
    const led = RATING_LEADS.has(said[at - 1] ?? '') && !UNITS.has(said[at + 1] ?? '');
    const longest = led ? 14 : 6;
    if (at >= 0 && said.length <= longest && !isQuestion(said)) return parseNumber(said[at]!);
  }
  return undefined;
}
