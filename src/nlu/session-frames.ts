import type { CoachEvent } from '../coach/events';
import { translator } from '../i18n';
import { areasIn, namedArea } from './areas';
import { lexiconFor } from './lexicon';
import { minutesSaid } from './minutes';
import { normalize } from './normalize';
import { spansOf } from './phrases';
import { oncePerLocale } from './per-locale';

/**
 * The commands of the scan and the plan that carry more than one value: today's session in one
 * sentence (minutes and areas), a pairing code said digit by digit, the area of a knot asked about.
 * Every channel's slots are shaped here into the coach's event, so the matcher, Alexa and both
 * Dialogflow agents give one event for one sentence.
 */

/** The AREA slots a COMPOSE intent declares, in the order said: one event field, `areas`. */
const COMPOSE_AREA_SLOTS = ['area', 'areaTwo', 'areaThree'] as const;

/** An event from an intent's slots as the coach takes it: AREA ids as areas and sides, a code as digits. */
export function shapeEvent(event: Record<string, unknown>): Record<string, unknown> {
  if (event.type === 'COMPOSE') {
    const { area: _one, areaTwo: _two, areaThree: _three, ...rest } = event;
    const areas = COMPOSE_AREA_SLOTS.flatMap((slot) => (typeof event[slot] === 'string' ? [event[slot]] : []))
      .map(namedArea)
      .filter((named, index, all) => all.findIndex((other) => other.area === named.area) === index);
    return areas.length ? { ...rest, areas } : rest;
  }
  if (event.type === 'KNOT_STATUS' && typeof event.area === 'string')
    return { ...event, area: namedArea(event.area).area };
  if (event.type === 'LINK_PLAN' && typeof event.code === 'number') return { ...event, code: String(event.code) };
  return event;
}

/** Spoken digits beyond the number words: "oh" for zero, "zwo" for two. */
const SPOKEN_DIGITS: Record<string, number> = { oh: 0, o: 0, zwo: 2 };
const digitWords = oncePerLocale((locale: string) => {
  const tr = translator(locale);
  const words = new Map<string, string>(Object.entries(SPOKEN_DIGITS).map(([word, digit]) => [word, String(digit)]));
  for (let digit = 0; digit <= 9; digit += 1) words.set(normalize(tr.t(`number.${digit}`), locale), String(digit));
  return words;
});

/**
 * A pairing code said digit by digit, in words or figures ("four seven one nine", "vier sieben
 * eins neun", "4 7 1 9", "4719"): the longest run of digits, if it has 4 to 8 of them.
 */
export function codeIn(text: string, locale: string): string | undefined {
  const words = digitWords(locale);
  let best = '';
  let run = '';
  for (const word of normalize(text, locale).split(' ')) {
    const digits = /^\d+$/.test(word) ? word : words.get(word);
    run = digits === undefined ? '' : run + digits;
    if (run.length > best.length) best = run;
  }
  return best.length >= 4 && best.length <= 8 ? best : undefined;
}

/**
 * "I've got ten minutes and my neck and left calf are tight", "lass uns Nacken und Waden
 * machen": today's session in one sentence. Minutes and at least one area, or two areas with
 * words of request or of trouble ("my butt and lower back are bugging me"); one area alone with a
 * request is that routine, one area alone a report.
 */
export function composedSession(
  text: string,
  locale: string,
  parseNumber: (word: string) => number | undefined,
): CoachEvent | null {
  const { frames } = lexiconFor(locale);
  const words = text.split(' ');
  const areas = areasIn(text, locale);
  if (!areas.length) return null;
  const minutes = minutesSaid(words, locale, parseNumber, true);
  if (minutes !== undefined) return { type: 'COMPOSE', minutes, areas };
  const said = (phrases: typeof frames.compose) => phrases.some((tokens) => spansOf(tokens, words).length > 0);
  return areas.length >= 2 && (said(frames.compose) || said(frames.trouble)) ? { type: 'COMPOSE', areas } : null;
}

/** "Link my plan, the code is four seven one nine": a word of linking and a code. */
export function linkedCode(text: string, locale: string): CoachEvent | null {
  const words = text.split(' ');
  if (!lexiconFor(locale).frames.link.some((tokens) => spansOf(tokens, words).length > 0)) return null;
  const code = codeIn(text, locale);
  return code ? { type: 'LINK_PLAN', code } : null;
}

/** A code said alone ("four seven one nine", "4719"): no rating or number of minutes is that long. */
export function codeAlone(text: string, locale: string): CoachEvent | null {
  const digits = digitWords(locale);
  const code = codeIn(text, locale);
  return code && text.split(' ').every((word) => /^\d+$/.test(word) || digits.has(word))
    ? { type: 'LINK_PLAN', code }
    : null;
}

/** "How's my neck knot doing?", "wie geht's dem Knoten im Nacken": the knot map asked about, with its area if named. */
export function knotQuestion(text: string, locale: string): CoachEvent | null {
  const { frames } = lexiconFor(locale);
  const words = text.split(' ');
  if (!frames.knotStatus.some((tokens) => spansOf(tokens, words)[0]?.start === 0)) return null;
  const area = areasIn(text, locale)[0]?.area;
  return area ? { type: 'KNOT_STATUS', area } : { type: 'KNOT_STATUS' };
}
