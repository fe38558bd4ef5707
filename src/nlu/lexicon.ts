import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { resolveLocale } from '../i18n';
import { formatIssues } from '../zod-issues';
import { tokensOf, type Token } from './phrases';

/**
 * The report lexicon of a locale (locales/<locale>/lexicon.json): body parts by area, sides,
 * pain words and what makes them strong or mild, comfort words, past and resolved time. Each
 * entry is a phrase in the symptom patterns' syntax; the file is checked at load.
 */
const phrases = z.array(z.string().min(1)).min(1);
const LexiconSchema = z.object({
  about: z.string().optional(),
  bodyParts: z.record(z.string(), phrases),
  sides: z.object({ left: phrases, right: phrases }),
  pain: z.object({
    /** A sensation of pain, of any degree ("sore", "weh"). */
    words: phrases,
    /** Cries of pain ("ow", "aua"): strong unless softened ("ouch, but the good kind"). */
    cries: phrases,
    /** Pain strong in itself ("agony", "Hölle"). */
    strong: phrases,
    /** Words that raise the next word ("way too", "echt"). */
    intensifiers: phrases,
    /** Words of intensity an intensifier makes strong besides a pain word ("echt heftig", "so intense"). */
    intense: phrases,
    /** Words of excess ("too", "zu"): they make a quantity strong too ("too much", "zu fest"). */
    excess: phrases,
    /** Quantities that are strong only in excess ("much", "hard"; "so much better" is no pain). */
    quantities: phrases,
    /** Saying one's limit is reached ("can't take", "halt … nicht aus"). */
    limits: phrases,
    /** Cries of pain ("oww", "aua aua"): strong when they go with a pain word or repeat. */
    exclamations: phrases,
    /** Words that make pain mild ("a bit", "ein bisschen"). */
    mild: phrases,
    /** Frames of good or bearable pain ("the good kind", "aber okay"). */
    good: phrases,
    /** A complaint that names no pain ("been going on", "macht Ärger"): said with a long time, pain that lasts. */
    complaints: phrases,
    /** Words just before a good frame that deny it ("way past a good hurt", "kein guter Schmerz"): strong pain. */
    beyond: phrases,
  }),
  /** Words of easing and comfort ("looser", "lockerer"). */
  comfort: phrases,
  /** Past time ("yesterday"), an end ("gone") and a long time ("for weeks": pain that long is a sign). */
  /** Time said: in the past, resolved, long; later ("next time", "morgen"): a routine named for later is no request now. */
  time: z.object({ past: phrases, resolved: phrases, long: phrases, later: phrases }),
  /** Frames of commands that compose with the lexicon: asking which routine helps an area, lacking an item, minutes of time. */
  frames: z.object({
    askRoutine: phrases,
    lack: phrases,
    minutes: phrases,
    /** Words of having time ("have", "got", "nur"): "a minute" is time only after one ("give me a minute" is a pause). */
    having: phrases,
    /** Words that ask for today's session of several areas ("work on", "lass uns"). */
    compose: phrases,
    /** Words of linking a physio's plan ("link", "code", "verknüpf*"): with a code, LINK_PLAN. */
    link: phrases,
    /** Questions about a knot, from the sentence's start ("how's my * knot*"). */
    knotStatus: phrases,
    /** Words of areas that trouble the person ("bugging me", "zwickt"): two areas named so, at the menu, are today's session. */
    trouble: phrases,
    /** Verbs of how the body feels ("feel", "fühlt sich"): a slot value after one ("my hamstrings feel longer") is a report, no command. */
    feeling: phrases,
    /** Words before a span of time that make it how long something lasted ("for an hour", "seit ner Stunde"), not time to spend. */
    lasting: phrases,
    /** Word pairs in which a command word means something else ("next to", "weiter oben", "viel los"). */
    idioms: phrases,
  }),
  /** Number words beyond the locale's 0 to 20 ("thirty", "dreißig"), for minutes. */
  numbers: z.record(z.string(), z.number()),
  /** Spans of time in minutes ("half an hour", "Viertelstunde"): time budgets said without a number of minutes. */
  durations: z.record(z.string(), z.number().int().positive()),
  /** The routine for each body area ("calf" is the leg: calves and hamstrings). */
  routineFor: z.record(z.string(), z.string()),
  /** Words that carry no command ("even", "ruhig", "überhaupt"): a sentence is read once more without them. */
  fillers: phrases,
  /** Words a question starts with: a question is not a comfort report ("am I getting better?"). */
  questions: phrases,
});
type LexiconFile = z.infer<typeof LexiconSchema>;

type Compiled<T> = T extends string[] ? Token[][] : T extends string | number ? T : { [K in keyof T]: Compiled<T[K]> };
export type Lexicon = Compiled<Omit<LexiconFile, 'about' | 'durations'>> & {
  locale: string;
  durations: Array<{ tokens: Token[]; minutes: number }>;
};

const LOCALES_DIR = join(__dirname, '..', '..', 'locales');

function compile(value: unknown, locale: string): unknown {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map((pattern: string) => tokensOf(pattern, locale));
  return Object.fromEntries(Object.entries(value as object).map(([key, inner]) => [key, compile(inner, locale)]));
}

const cache = new Map<string, Lexicon>();
/** A locale's lexicon, checked and compiled once; a bad file fails with its path and field. */
export function lexiconFor(requested: string): Lexicon {
  const locale = resolveLocale(requested);
  const known = cache.get(locale);
  if (known) return known;
  const file = join(LOCALES_DIR, locale, 'lexicon.json');
  if (!existsSync(file)) throw new Error(`locales/${locale}/lexicon.json: missing (every locale needs its lexicon)`);
  const parsed = LexiconSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`locales/${locale}/lexicon.json: ${formatIssues(parsed.error, '(file)')}`);
  const { about: _about, durations, ...data } = parsed.data;
  const lexicon: Lexicon = {
    ...(compile(data, locale) as Omit<Lexicon, 'locale' | 'durations'>),
    locale,
    durations: Object.entries(durations).map(([phrase, minutes]) => ({ tokens: tokensOf(phrase, locale), minutes })),
  };
  cache.set(locale, lexicon);
  return lexicon;
}

/** The raw phrases of a locale's lexicon, for tests that compose sentences from them. */
export function lexiconPhrases(requested: string): LexiconFile {
  const locale = resolveLocale(requested);
  return LexiconSchema.parse(JSON.parse(readFileSync(join(LOCALES_DIR, locale, 'lexicon.json'), 'utf8')));
}
