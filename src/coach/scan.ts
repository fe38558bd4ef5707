import type { Side } from '../content/schema';
import { say, type Act } from '../speech/acts';
import type { ScanAnswer } from './compose-targets';
import type { CoachEvent } from './events';

/**
 * The spoken body scan, eyes closed: the coach names the guide's areas one by one ("Neck?" …
 * "Calves?") and takes "yes", "there", a number 0–10, a side, "no" or silence for each; then the
 * time they have, if not said yet. Pure: (progress, event) -> (progress, words); the session
 * machine keeps the progress in its context and composes the session when the scan is done.
 */

/** The guide's areas in the order the scan names them: head down, as one feels through the body. */
export const SCAN_AREAS = ['neck', 'shoulders', 'back', 'glutes', 'calves'] as const;
export type ScanArea = (typeof SCAN_AREAS)[number];

export interface ScanProgress {
  /** The area being asked (an index into SCAN_AREAS); SCAN_AREAS.length: the time is being asked. */
  at: number;
  answers: ScanAnswer[];
  /** The minutes they have, once said; null: not said (yet). */
  minutes: number | null;
  /** The time question was answered without a number ("no rush"): no limit but the four steps. */
  untimed?: boolean;
}

export interface ScanReply {
  progress: ScanProgress;
  acts: Act[];
  /** The scan is over: compose from `progress`. */
  done: boolean;
}

const TIME = SCAN_AREAS.length;

const question = (at: number): Act => (at < TIME ? say(`coach.scan.area.${SCAN_AREAS[at]}`) : say('coach.scan.time'));

/** Where the scan goes after the area `at` was answered: the next area, the time, or done. */
function after(progress: ScanProgress, acts: Act[] = []): ScanReply {
  const at = progress.at + 1;
  const next = { ...progress, at };
  if (at >= TIME && (next.minutes !== null || next.untimed)) return { progress: next, acts, done: true };
  return { progress: next, acts: [...acts, question(at)], done: false };
}

const again = (progress: ScanProgress, ...acts: Act[]): ScanReply => ({
  progress,
  acts: [...acts, question(progress.at)],
  done: false,
});

const isArea = (area: string): area is ScanArea => (SCAN_AREAS as readonly string[]).includes(area);

/**
 * The scan begins: eyes closed, how to answer, the first area. Minutes already said ("I've got
 * ten minutes, what should I do?") are kept and the time is not asked again.
 */
export function startScan(minutes: number | null = null): ScanReply {
  const progress: ScanProgress = { at: 0, answers: [], minutes };
  return { progress, acts: [say('coach.scan.intro'), question(0)], done: false };
}

/** The one-shot form ("ten minutes, my neck and left calf"): the areas given; the time asked if not. */
export function oneShotScan(areas: readonly { area: string; side?: Side | null }[], minutes: number | null): ScanReply {
  const answers = areas.filter((named) => isArea(named.area)).map(({ area, side }) => ({ area, side: side ?? null }));
  const progress: ScanProgress = { at: TIME, answers, minutes };
  if (minutes !== null) return { progress, acts: [], done: true };
  return { progress, acts: [question(TIME)], done: false };
}

/** A number said while the time is asked: minutes (a sensible session is one to sixty). */
const asMinutes = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) && value >= 1 && value <= 60 ? Math.round(value) : null;

/** A tension said for an area: 0–10, else not a rating. */
const asTension = (value: number | undefined) =>
  value !== undefined && Number.isInteger(value) && value >= 0 && value <= 10 ? value : null;

/** One answer while an area is asked. */
function answerArea(progress: ScanProgress, event: CoachEvent): ScanReply {
  const area = SCAN_AREAS[progress.at]!;
  const add = (answer: Omit<ScanAnswer, 'area'>) =>
    after({ ...progress, answers: [...progress.answers, { area, ...answer }] });
  switch (event.type) {
    // "Yes", "there", "a bit" (a mild report), "that hurts": tense, no number.
    case 'YES':
    case 'MARK_SPOT':
    case 'PAIN':
      return add({ tension: null });
    case 'REPORT':
      return event.feeling === 'mild' ? add({ tension: null }) : after(progress);
    case 'RATE': {
      const tension = asTension(event.value);
      if (tension === null) return again(progress, say('coach.scan.outOfRange'));
      return tension === 0 ? after(progress) : add({ tension });
    }
    // "No", nothing said, "next": not this one.
    case 'NO':
    case 'SILENCE':
    case 'NEXT':
      return after(progress);
    case 'COMPOSE': {
      // "Left", "my right one", "and ten minutes": a side of this area, other areas named, the time.
      const named = (event.areas ?? []).map((given) => ({
        area: isArea(given.area) ? given.area : area,
        side: given.side ?? null,
      }));
      const minutes = asMinutes(event.minutes) ?? progress.minutes;
      if (!named.length) return again({ ...progress, minutes }, say('coach.scan.timeNoted'));
      return after({ ...progress, minutes, answers: [...progress.answers, ...named] });
    }
    case 'SHORT_ON_TIME': {
      const minutes = asMinutes(event.minutes);
      return minutes === null ? again(progress) : again({ ...progress, minutes }, say('coach.scan.timeNoted'));
    }
    case 'PREVIOUS': {
      if (progress.at === 0) return again(progress);
      const back = SCAN_AREAS[progress.at - 1];
      return again({
        ...progress,
        at: progress.at - 1,
        answers: progress.answers.filter((answer) => answer.area !== back),
      });
    }
    case 'HELP':
      return again(progress, say('coach.scan.help'));
    case 'REPEAT':
      return again(progress);
    default:
      return again(progress, say('coach.scan.hint'));
  }
}

/** One answer while the time is asked: minutes, or "no rush" (no limit but the four steps). */
function answerTime(progress: ScanProgress, event: CoachEvent): ScanReply {
  const done = (changes: Partial<ScanProgress>): ScanReply => ({
    progress: { ...progress, ...changes },
    acts: [],
    done: true,
  });
  switch (event.type) {
    case 'SHORT_ON_TIME':
    case 'COMPOSE':
    case 'RATE': {
      const minutes = asMinutes(event.type === 'RATE' ? event.value : event.minutes);
      const areas = event.type === 'COMPOSE' ? (event.areas ?? []) : [];
      const answers = [
        ...progress.answers,
        ...areas.filter((named) => isArea(named.area)).map(({ area, side }) => ({ area, side: side ?? null })),
      ];
      if (minutes === null) return again({ ...progress, answers }, say('coach.scan.timeHint'));
      return done({ minutes, answers });
    }
    case 'NO':
    case 'YES':
    case 'SILENCE':
    case 'NEXT':
      return done({ untimed: true });
    case 'HELP':
      return again(progress, say('coach.scan.timeHint'));
    default:
      return again(progress, say('coach.scan.timeHint'));
  }
}

/** The scan's answer to one event. Safety, stop and leaving are the machine's, in every state. */
export function answerScan(progress: ScanProgress, event: CoachEvent): ScanReply {
  return progress.at < TIME ? answerArea(progress, event) : answerTime(progress, event);
}

/** The seconds the person has, for the composer; none said: no limit but the four steps. */
export const scanSeconds = (progress: ScanProgress): number | undefined =>
  progress.minutes === null ? undefined : progress.minutes * 60;
