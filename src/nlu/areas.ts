import { catalogue } from '../content/load';
import { lexiconFor, lexiconPhrases } from './lexicon';
import { normalize } from './normalize';
import { spansOf } from './phrases';
import { oncePerLocale } from './per-locale';
import type { SlotValue } from './utterances';

/** A body area the routines work ("neck", "calves"), with the side a person named. */
interface NamedArea {
  area: string;
  side?: 'left' | 'right';
}

const SIDES = ['left', 'right'] as const;

/** The routines' area of each lexicon body group ("calf" is in the leg: calves). */
function areaOfGroup(group: string, locale: string): string | undefined {
  const routine = lexiconPhrases(locale).routineFor[group];
  return routine ? catalogue().routines.get(routine)?.area : undefined;
}

/**
 * The words a body-part pattern stands for, for a listed slot type: "shoulder*" is "shoulder" and
 * "shoulders", "wade*" "wade" and "waden"; a gap pattern names no single phrase.
 */
function wordsOf(pattern: string, locale: string): string[] {
  if (pattern.split(/\s+/).includes('*')) return [];
  if (!pattern.endsWith('*')) return [pattern];
  const stem = pattern.slice(0, -1);
  const german = locale.startsWith('de');
  const plural = german ? (/(e|el|er)$/.test(stem) ? `${stem}n` : null) : `${stem}s`;
  return plural ? [stem, plural] : [stem];
}

/**
 * The AREA slot type: every body part of the lexicon that belongs to a routine's area, alone
 * ("calf": calves) and with each side word before it ("left calf": calves.left). Composed from
 * the lexicon and the routines, never listed, so a new body word reaches every channel.
 */
export const areaSlotValues = oncePerLocale((locale: string): SlotValue[] => {
  const lexicon = lexiconPhrases(locale);
  const byId = new Map<string, Set<string>>();
  const add = (id: string, words: string) => {
    const key = words.toLowerCase().trim();
    if (![...byId.values()].some((known) => known.has(key)))
      (byId.get(id) ?? byId.set(id, new Set()).get(id)!).add(key);
  };
  for (const [group, patterns] of Object.entries(lexicon.bodyParts)) {
    const area = areaOfGroup(group, locale);
    if (!area) continue;
    const words = patterns.flatMap((pattern) => wordsOf(pattern, locale));
    for (const word of words) add(area, word);
    for (const side of SIDES)
      for (const sideWord of lexicon.sides[side].flatMap((pattern) => wordsOf(pattern, locale)))
        for (const word of words) add(`${area}.${side}`, `${sideWord} ${word}`);
  }
  return [...byId].map(([id, synonyms]) => ({ id, synonyms: [...synonyms] }));
});

/** An AREA slot id ("calves.left") as the area and side it names. */
export function namedArea(id: string): NamedArea {
  const [area, side] = id.split('.');
  return side === 'left' || side === 'right' ? { area: area!, side } : { area: area! };
}

/**
 * The areas a sentence names, in the order said, each with a side word just before it ("my neck
 * and left calf": neck, calves left); an area named twice counts once (its first side kept).
 */
export function areasIn(text: string, locale: string): NamedArea[] {
  const lexicon = lexiconFor(locale);
  const words = normalize(text, locale).split(' ');
  const found: Array<{ at: number; named: NamedArea }> = [];
  const parts = Object.entries(lexicon.bodyParts).flatMap(([group, patterns]) => {
    const area = areaOfGroup(group, locale);
    return area ? patterns.flatMap((tokens) => spansOf(tokens, words)).map((span) => ({ area, span })) : [];
  });
  const starts = new Set(parts.map(({ span }) => span.start));
  const ends = new Set(parts.map(({ span }) => span.end));
  // A side word right after a part, with no part after it, is that part's ("den Po links").
  const sides = SIDES.flatMap((side) =>
    lexicon.sides[side].flatMap((tokens) => spansOf(tokens, words)).map((span) => ({ side, span })),
  ).map((said) => ({ ...said, after: ends.has(said.span.start) && !starts.has(said.span.end) }));
  for (const { area, span } of parts) {
    // Else the side just before the part ("left calf", "linke, äh, Wade").
    const side =
      sides.find(({ span: s, after }) => after && s.start === span.end)?.side ??
      sides.find(({ span: s, after }) => !after && (s.end === span.start || s.end === span.start - 1))?.side;
    found.push({ at: span.start, named: side ? { area, side } : { area } });
  }
  const out: NamedArea[] = [];
  for (const { named } of found.sort((a, b) => a.at - b.at))
    if (!out.some((known) => known.area === named.area)) out.push(named);
  return out;
}
