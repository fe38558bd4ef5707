import { translator, type Translator } from '../i18n';
import type { Act, HoldCoaching } from './acts';
import { actMeaningKey } from './act-key';
import { numberWord, resolveParams, spokenDuration } from './words';

/** A timed piece of a response: words with their estimated speaking time, or silence. */
export type Segment = { kind: 'speech'; text: string; seconds: number } | { kind: 'silence'; seconds: number };

/** Where a unit's hold starts and ends inside a response, to know where a user was when they spoke. */
export interface HoldSpan {
  unit: number;
  start: number;
  end: number;
}

export interface Plan {
  segments: Segment[];
  seconds: number;
  holds: HoldSpan[];
}

const wordsPerMinute = new Map<string, number>();

/** Speaking time of a text in a locale, from its words-per-minute estimate. */
export function speakingSeconds(text: string, tr: Translator): number {
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  let wpm = wordsPerMinute.get(tr.locale);
  if (wpm === undefined) {
    wpm = Number(tr.t('meta.wordsPerMinute')) || 150;
    wordsPerMinute.set(tr.locale, wpm);
  }
  return (words * 60) / wpm;
}

const ROUND = 1000;
const round = (value: number) => Math.round(value * ROUND) / ROUND;

interface Cue {
  at: number;
  text: string;
}

/**
 * The cues inside a hold of `seconds`: sparse ("thirty seconds left"), then a countdown at one
 * number a second. Each cue is placed at the elapsed second it starts.
 */
function holdCues(seconds: number, coaching: HoldCoaching, tr: Translator): Cue[] {
  const cues: Cue[] = [];
  const countdownFrom = coaching.countdown === false ? 0 : seconds >= 15 ? 5 : seconds >= 6 ? 3 : 0;
  if (!coaching.brief) {
    if (seconds >= 30) cues.push({ at: 8, text: tr.t(coaching.cue ?? 'coach.cue.breathe') });
    if (coaching.deeper && seconds >= 40) cues.push({ at: Math.round(seconds / 2), text: tr.t('coach.cue.deeper') });
    if (seconds >= 90)
      cues.push({ at: seconds - 60, text: tr.t('coach.cue.left', { duration: spokenDuration(60, tr) }) });
    if (seconds >= 40)
      cues.push({ at: seconds - 30, text: tr.t('coach.cue.left', { duration: spokenDuration(30, tr) }) });
    else if (seconds >= 20)
      cues.push({ at: seconds - 10, text: tr.t('coach.cue.left', { duration: spokenDuration(10, tr) }) });
  }
  for (let n = countdownFrom; n >= 1; n -= 1)
    cues.push({ at: seconds - n, text: tr.t('coach.cue.tick', { number: numberWord(n, tr) }) });
  return cues.sort((a, b) => a.at - b.at);
}

/**
 * Lays cues on a timeline of exactly `seconds`: silence fills the gaps, and the time each cue takes
 * to say is counted, so the hold lasts what the guide says.
 */
function timedCues(seconds: number, cues: Cue[], tr: Translator): Segment[] {
  const segments: Segment[] = [];
  let clock = 0;
  for (const cue of cues) {
    if (cue.at < clock) continue; // a cue that would overlap the previous one is dropped, never squeezed
    if (cue.at > clock) segments.push({ kind: 'silence', seconds: round(cue.at - clock) });
    const spoken = speakingSeconds(cue.text, tr);
    segments.push({ kind: 'speech', text: cue.text, seconds: round(spoken) });
    clock = cue.at + spoken;
  }
  if (clock < seconds) segments.push({ kind: 'silence', seconds: round(seconds - clock) });
  return segments;
}

function expand(act: Act, tr: Translator): Segment[] {
  switch (act.type) {
    case 'say': {
      const text = tr.t(act.fallbacks ? [act.key, ...act.fallbacks] : act.key, resolveParams(act.params, tr));
      return [{ kind: 'speech', text, seconds: round(speakingSeconds(text, tr)) }];
    }
    case 'pause':
      return act.seconds > 0 ? [{ kind: 'silence', seconds: act.seconds }] : [];
    case 'hold':
      return timedCues(act.seconds, holdCues(act.seconds, act, tr), tr);
    case 'count': {
      const cues: Cue[] = [];
      for (let n = 1; n <= act.count; n += 1)
        cues.push({ at: (n - 1) * act.paceSeconds, text: tr.t('coach.cue.count', { number: numberWord(n, tr) }) });
      return timedCues(act.count * act.paceSeconds, cues, tr);
    }
  }
}

/**
 * An act's segments depend only on the act and the locale: keep them, so the budget checks and
 * the rendering of one turn do not translate and time the same words again. Bounded. A shared,
 * frozen act (a unit's speech, a plain line: see units.ts and acts.ts) is found by identity,
 * without building its key; a fresh act by its key, and only the shared ones are held by identity,
 * so no per-turn object is kept alive for the garbage collector to trace.
 */
const expanded = new Map<string, Segment[]>();
const MAX_EXPANDED = 5000;
const sharedActs = new Map<string, Map<Act, Segment[]>>();
function expandCached(act: Act, tr: Translator): Segment[] {
  const shared = Object.isFrozen(act);
  let byIdentity = shared ? sharedActs.get(tr.locale) : undefined;
  if (shared && !byIdentity) sharedActs.set(tr.locale, (byIdentity = new Map<Act, Segment[]>()));
  const known = byIdentity?.get(act);
  if (known) return known;
  const key = `${tr.locale}\u0000${actMeaningKey(act)}`;
  let segments = expanded.get(key);
  if (!segments) {
    segments = expand(act, tr);
    if (expanded.size >= MAX_EXPANDED) expanded.clear();
    expanded.set(key, segments);
  }
  if (byIdentity) {
    if (byIdentity.size >= MAX_EXPANDED) byIdentity.clear();
    byIdentity.set(act, segments);
  }
  return segments;
}

/**
 * The speaking time of a growing list of acts, kept as it grows: exactly planSpeech(acts).seconds
 * (the same additions in the same order), without planning the whole list again for each act
 * added. A response is filled to its budget this way.
 */
export class SpeechClock {
  private clock = 0;
  private readonly tr: Translator;

  constructor(locale: string, acts: readonly Act[] = []) {
    this.tr = translator(locale);
    this.add(acts);
  }

  /** The seconds the acts so far and `more` would take together. */
  secondsWith(more: readonly Act[]): number {
    return round(this.after(more));
  }

  add(more: readonly Act[]): void {
    this.clock = this.after(more);
  }

  private after(more: readonly Act[]): number {
    let clock = this.clock;
    for (const act of more) for (const segment of expandCached(act, this.tr)) clock += segment.seconds;
    return clock;
  }
}

/** Expands acts into timed segments in one locale; consecutive silences merge. */
export function planSpeech(acts: readonly Act[], locale: string): Plan {
  const tr = translator(locale);
  const segments: Segment[] = [];
  const holds: HoldSpan[] = [];
  let clock = 0;
  for (const act of acts) {
    const start = clock;
    for (const segment of expandCached(act, tr)) {
      const last = segments[segments.length - 1];
      if (segment.kind === 'silence' && last?.kind === 'silence') last.seconds = round(last.seconds + segment.seconds);
      else segments.push({ ...segment });
      clock += segment.seconds;
    }
    if ((act.type === 'hold' || act.type === 'count' || act.type === 'pause') && act.unit !== undefined) {
      holds.push({ unit: act.unit, start: round(start), end: round(clock) });
    }
  }
  return { segments, seconds: round(clock), holds };
}
