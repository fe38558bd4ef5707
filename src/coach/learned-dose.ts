import type { Catalogue } from '../content/load';
import type { Side, Step } from '../content/schema';
import { say, type Act } from '../speech/acts';
import { spotParam } from './knot-talk';
import { levelOf, type Visit } from './knots';

/**
 * The learning dose: a spot that stayed tender over sessions gets a longer hold, a quiet one a
 * shorter hold, always inside the guide's range for the step's technique. Only time changes:
 * pressure is never raised, and counts, stretches, warm-ups and finishers (fixed doses) never change.
 */

/** Where a step's time can learn, and how far. */
export interface LearnableRange {
  /** A hold's seconds, or for the foam roller the pause on the spot inside its fixed roll. */
  kind: 'hold' | 'pause';
  min: number;
  max: number;
  /** The guide's own dose: what "the usual doses" gives. */
  usual: number;
  /** How much one change moves it. */
  step: number;
}

/** The technique whose guide range is a pause on a tender spot while rolling, not a hold of the step. */
const ROLLER = 'foam-roller-release';

/**
 * The range a step's time learns in: the guide's "how to do it" range for its technique, widened
 * to the step's own guide dose where the routine prescribes more ("1 minute each side" of ball),
 * or the step's own range where it has one ("1–2 minutes"). Null where nothing may change.
 */
export function learnableRange(catalogue: Catalogue, step: Step): LearnableRange | null {
  if (step.dose.type !== 'hold' || step.technique === null) return null;
  // Stretches and any technique without a hold in the guide (3–5 repetitions) keep their dose.
  const technique = catalogue.techniques.get(step.technique)?.hold;
  if (!technique) return null;
  const seconds = step.dose.seconds;
  if (step.technique === ROLLER)
    // The guide's roll ("1 minute each") is fixed; the spot's pause inside it (20–30 s) learns.
    return { kind: 'pause', min: technique.min, max: technique.max, usual: technique.min, step: 5 };
  if (typeof seconds !== 'number')
    return { kind: 'hold', min: seconds.min, max: seconds.max, usual: seconds.default, step: seconds.step };
  const min = Math.min(technique.min, seconds);
  const max = Math.max(technique.max, seconds);
  return { kind: 'hold', min, max, usual: seconds, step: Math.max(5, 5 * Math.round((max - min) / 15)) };
}

/** Sessions in a row a spot must stay tender before its hold grows, or quiet before it shortens. */
export const TENDER_SESSIONS = 3;
export const QUIET_SESSIONS = 2;
/** Still at least this tense at the end of a session: tender. */
const TENDER_FROM = 4;
/** At most this tense all session, and not marked: quiet. */
const QUIET_UP_TO = 2;

const isTender = (visit: Visit) => visit.marked || (visit.after ?? visit.before ?? -1) >= TENDER_FROM;
const isQuiet = (visit: Visit) =>
  !visit.marked && levelOf(visit) !== null && Math.max(visit.before ?? 0, visit.after ?? 0) <= QUIET_UP_TO;

export interface LearnedDose {
  kind: 'hold' | 'pause';
  /** The time for today; 0 for a pause means "roll straight through it". */
  seconds: number;
  usual: number;
  change: 'longer' | 'shorter' | null;
  /** Why, in one short sentence; null when nothing changed. */
  act: Act | null;
}

export interface SpotName {
  area: string;
  side: Side | null;
}

/**
 * A step's time from its spots' visits (oldest first; those before "the usual doses" left out).
 * Walking the visits, each run of three tender sessions moves it one step up, each run of two quiet
 * ones one step down, never past the range. A sided step gives both sides the same time, so the
 * visits of either side count together: the tender side decides. `noLonger`: a caution was heard
 * (blood thinners, pregnancy …), and nothing grows.
 */
export function learnedDose(
  range: LearnableRange,
  visits: readonly Visit[],
  spot: SpotName,
  options: { noLonger?: boolean } = {},
): LearnedDose {
  const sessions = mergeSessions(visits);
  let seconds = range.usual;
  let tender = 0;
  let quiet = 0;
  for (const visit of sessions) {
    tender = isTender(visit) ? tender + 1 : 0;
    quiet = isQuiet(visit) ? quiet + 1 : 0;
    if (tender >= TENDER_SESSIONS && !options.noLonger) {
      seconds = Math.min(range.max, seconds + range.step);
      tender = 0;
    } else if (quiet >= QUIET_SESSIONS) {
      // A quiet spot's pause is left out (0): the roll itself stays as the guide says.
      seconds = range.kind === 'pause' ? 0 : Math.max(range.min, seconds - range.step);
      quiet = 0;
    }
  }
  if (options.noLonger) seconds = Math.min(seconds, range.usual);
  const change = seconds > range.usual ? 'longer' : seconds < range.usual ? 'shorter' : null;
  return {
    kind: range.kind,
    seconds,
    usual: range.usual,
    change,
    act: change && sentence(range, seconds, spot, change),
  };
}

/** Visits of one session on both sides of a step are one session: tender if either side was. */
function mergeSessions(visits: readonly Visit[]): Visit[] {
  const bySession = new Map<string, Visit>();
  for (const visit of [...visits].sort((a, b) => a.date.localeCompare(b.date))) {
    const seen = bySession.get(visit.session);
    if (!seen) bySession.set(visit.session, { ...visit });
    else
      bySession.set(visit.session, {
        ...seen,
        marked: seen.marked || visit.marked,
        before: higher(seen.before, visit.before),
        after: higher(seen.after, visit.after),
      });
  }
  return [...bySession.values()];
}

const higher = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** "Your right neck knot stayed tender three sessions running, so today I'll hold it longer: fifty seconds." */
function sentence(range: LearnableRange, seconds: number, spot: SpotName, change: 'longer' | 'shorter'): Act {
  const name = spotParam(spot);
  if (range.kind === 'pause')
    return change === 'longer'
      ? say('coach.learn.pauseLonger', { spot: name, duration: { seconds } })
      : say('coach.learn.pauseSkipped', { spot: name });
  return say(change === 'longer' ? 'coach.learn.longer' : 'coach.learn.shorter', {
    spot: name,
    duration: { seconds },
  });
}

/** "The usual doses": said when every learned time goes back to the guide's. */
export const usualDosesAct = (): Act => say('coach.learn.usual');
