import type { CoachEvent } from '../coach/events';
import { catalogue } from '../content/load';
import { lexiconFor } from './lexicon';
import { minutesSaid } from './minutes';
import { containsPhrase } from './normalize';
import { spansOf } from './phrases';

/** A command found inside a longer sentence, with how much of the sentence it explains. */
export interface FrameCandidate {
  length: number;
  event: CoachEvent;
  intent: string;
}

type Values = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Slot values that mean their command wherever they stand ("slow down a bit", "kürzer bitte"). */
const SLOT_COMMANDS = [
  { type: 'DIRECTION', intent: 'AdjustIntent', event: (id: string) => ({ type: 'ADJUST', direction: id }) },
  { type: 'PACE', intent: 'PaceIntent', event: (id: string) => ({ type: 'PACE', pace: id }) },
  { type: 'TALK', intent: 'TalkIntent', event: (id: string) => ({ type: 'TALK', mode: id }) },
] as const;

/** Where a phrase of plain words ("a bit longer") starts in the words, each place it does. */
function startsOf(words: string[], phrase: string): number[] {
  const wanted = phrase.split(' ');
  return words.flatMap((_, at) => (wanted.every((word, k) => words[at + k] === word) ? [at] : []));
}

/**
 * Commands composed from a frame and the locale's data rather than listed: a slot value said
 * with words around it; an item with a word of lack before it ("there's no wall here": MISSING,
 * not an explanation of the wall technique); a number of minutes ("I only have like ten
 * minutes"). The longest piece of the sentence explained wins, as for the matcher's phrases.
 */
export function frameCandidates(
  text: string,
  locale: string,
  values: Values,
  parseNumber: (word: string) => number | undefined,
): FrameCandidate[] {
  const out: FrameCandidate[] = [];
  const { frames } = lexiconFor(locale);
  const words = text.split(' ');
  // "My hamstrings feel longer", "fühlt sich schneller an": how the body feels, no command.
  const feltEnds = frames.feeling.flatMap((tokens) => spansOf(tokens, words).map((span) => span.end));
  const saidAsCommand = (synonym: string) =>
    startsOf(words, synonym).some((at) => !feltEnds.some((end) => end <= at && at - end <= 2));
  for (const { type, intent, event } of SLOT_COMMANDS)
    for (const [synonym, id] of values.get(type) ?? [])
      if (containsPhrase(text, synonym) && saidAsCommand(synonym))
        out.push({ length: synonym.length, event: event(id) as CoachEvent, intent });

  const lacks = frames.lack.flatMap((tokens) => spansOf(tokens, words));
  for (const [synonym, id] of values.get('EQUIPMENT') ?? []) {
    const at = startsOf(words, synonym)[0] ?? -1;
    const end = at + synonym.split(' ').length;
    // The lack stands before the item, a few words at most ("no free wall", "keinen Tennisball"),
    // or right after it in German word order ("'ne Faszienrolle hab ich nicht").
    const lacking = lacks.some(
      (span) => (span.end <= at && at - span.end <= 3) || (span.start >= end && span.start - end <= 1),
    );
    if (at >= 0 && lacking)
      out.push({
        length: text.length,
        event: { type: 'MISSING', item: id } as CoachEvent,
        intent: 'MissingEquipmentIntent',
      });
  }

  const minutes = minutesSaid(words, locale, parseNumber);
  if (minutes !== undefined)
    out.push({ length: text.length, event: { type: 'SHORT_ON_TIME', minutes }, intent: 'ShortOnTimeIntent' });
  return out;
}

/**
 * "Which one's good for a stiff neck?", "was hilft bei nem steifen Nacken?": a question of which
 * routine helps, composed from a question frame at the start and a body part of the lexicon.
 * Answered and offered, never executed; checked before a report, as such a question names a sensation.
 */
export function askedRoutine(text: string, locale: string): CoachEvent | null {
  const lexicon = lexiconFor(locale);
  const words = text.split(' ');
  if (!lexicon.frames.askRoutine.some((tokens) => spansOf(tokens, words)[0]?.start === 0)) return null;
  const named = Object.entries(lexicon.bodyParts)
    .map(([area, patterns]) => ({
      area,
      at: Math.min(...patterns.flatMap((tokens) => spansOf(tokens, words).map((span) => span.start))),
    }))
    .filter(({ at }) => Number.isFinite(at))
    .sort((a, b) => a.at - b.at)[0];
  const routine = named ? lexicon.routineFor[named.area] : undefined;
  return routine && catalogue().routines.has(routine) ? { type: 'ASK_ROUTINE', routine } : null;
}
