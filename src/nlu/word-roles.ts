/**
 * Small words whose role changes what the matcher reads: number words that are no rating in a
 * sentence, negations that turn a command into its opposite, and a first person that makes it a
 * statement. Each word is written as normalize() leaves it ("ungefähr" is "ungefaehr", "weiß" is
 * "weiss"): a word with an umlaut here would never be met.
 */

/** Words the matcher reads as numbers that, inside a report, are not one ("nothing crazy", "a bit"). */
export const NOT_NUMBERS_IN_REPORTS = new Set(['nothing', 'none', 'nought', 'a', 'an', 'ein', 'eine', 'einer']);
/** Articles the number list reads as one ("a", "ein"): a rating only when said alone ("ein bisschen" is none). */
export const ARTICLES = new Set(['a', 'an', 'ein', 'eine', 'einer', 'einen', 'einem']);
/** Before these, a number is said as a rating even in a longer clause ("down to a four", "so bei ner fünf"). */
export const RATING_LEADS = new Set(['a', 'an', 'to', 'about', 'around', 'like', 'ein', 'eine', 'ne', 'bei', 'etwa']);
/** After a number, these make it an amount ("a five minute warm-up", "vor zwei Wochen"), not a rating. */
export const UNITS = new Set([
  ...['second', 'seconds', 'minute', 'minutes', 'min', 'mins', 'hour', 'hours', 'day', 'days', 'week', 'weeks'],
  ...['month', 'months', 'year', 'years', 'times', 'reps', 'sets', 'mile', 'miles', 'k', 'kilos', 'pounds'],
  ...['sekunde', 'sekunden', 'minute', 'minuten', 'stunde', 'stunden', 'tag', 'tage', 'tagen', 'woche', 'wochen'],
  ...['monat', 'monate', 'monaten', 'jahr', 'jahre', 'jahren', 'mal', 'kilo', 'kilometer'],
]);
/** Before a number, these make it a time ("at seven", "for seven", "um sieben"), not a rating. */
export const CLOCK_PREPOSITIONS = new Set(['at', 'for', 'um', 'gegen', 'ab']);
/** After a zero that opens an answer, these make it the rating ("zero, honestly it's relaxed"), not "zero tingling". */
export const AFTERTHOUGHTS = new Set([
  ...['honestly', 'really', 'i', "i'd", "i'm", 'it', "it's", 'maybe', 'probably', 'now', 'basically', 'totally'],
  ...['actually', 'definitely', 'ehrlich', 'echt', 'jetzt', 'ich', 'wirklich', 'eigentlich', 'wuerde', 'glaub'],
]);
/** Words that hedge a rating before it ("hmm, one maybe", "uh one"): "one" after them is a number. */
export const HEDGES = new Set([
  'hmm',
  'hm',
  'um',
  'uh',
  'er',
  'erm',
  'eh',
  'well',
  'oh',
  'ok',
  'okay',
  'maybe',
  'probably',
  'so',
]);
/** After these, a number word is a pronoun ("that's the one", "this one", "die eine"), not a rating. */
export const DETERMINERS = new Set([
  'the',
  'this',
  'that',
  'which',
  'other',
  'another',
  'der',
  'die',
  'das',
  'diese',
  'dieser',
  'welche',
]);

/** Words that turn a command said right after them into its opposite ("don't stop", "nicht aufhören"). */
const COMMAND_NEGATIONS = ["don't", 'do not', 'never', 'nicht', 'bloss nicht', 'bitte nicht'];
/** "Weiß nicht, frag mich durch": the negation belongs to "don't know", said before the command. */
const KNOWING = /(?:^| )(?:weiss|weis)$/;
export const negatedCommand = (text: string, phrase: string) =>
  COMMAND_NEGATIONS.some((negation) => {
    const at = ` ${text} `.indexOf(` ${negation} ${phrase} `);
    return at >= 0 && !KNOWING.test(` ${text} `.slice(0, at));
  });

/**
 * Words that make a command said right after them a statement of what the person will do ("a bit
 * sore but I'll keep going"): inside a report, no request.
 */
const STATED_INTENTS = [
  "i'll",
  'i will',
  'i can',
  "i'm going to",
  "i'm gonna",
  'i could',
  'ich kann',
  'ich werd',
  'ich werde',
];
export const statedCommand = (text: string, phrase: string) =>
  STATED_INTENTS.some((stated) => ` ${text} `.includes(` ${stated} ${phrase} `));

/** "No" as a cry, not a denial: followed by what is said to hurt ("no no, that really hurts", "nein, das tut weh"). */
const CRIED_NO = new Set(['no', 'nein', 'nee']);
const SUBJECTS = new Set([
  'no',
  'that',
  'this',
  'it',
  "it's",
  "that's",
  'i',
  "i'm",
  'way',
  'nein',
  'das',
  'es',
  'ich',
  'nee',
]);
export const withoutCriedNo = (words: string[]) =>
  words.filter((word, at) => !(CRIED_NO.has(word) && SUBJECTS.has(words[at + 1] ?? '')));
