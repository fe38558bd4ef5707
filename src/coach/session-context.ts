import { say, type Act } from '../speech/acts';
import type { CoachEvent, TurnEnv } from './events';
import type { LearnFacts } from './learn-session';
import type { Effect } from './output';
import { EMPTY_PROFILE, type Profile } from './profile';
import type { RoutineStart, RunState } from './routine-context';
import type { SafetyHalt } from './safety';

/** The coach machine's context and events, and the named actions its chart uses, with their words. */

export type SessionEvent = CoachEvent & { env: TurnEnv; profile?: Profile };

/** The learning dialogue's facts (the scan under way, spots worked) are the session's too: learn-session.ts. */
export interface SessionContext extends LearnFacts {
  routine: string | null;
  /** Where the chosen routine starts (its top, or a resumed place). */
  start: RoutineStart | null;
  /** Said first in the routine's first response. */
  intro: Act[];
  ratingBefore: number | null;
  ratingAfter: number | null;
  ratingsDuring: number[];
  /** Routines stopped by a warning sign: not worked again in this session. */
  blocked: string[];
  /** Why the session was halted for safety, if it was: what to say if the user speaks again. */
  halt: SafetyHalt | null;
  /** Resume point offered at launch, with the before-rating of the interrupted session. */
  offer: { routine: string; start: RoutineStart; ratingBefore?: number } | null;
  /** The "start gently" reminder is still owed (no routine has run yet this session). */
  gentleOwed: boolean;
  stepsCompleted: number;
  /** A routine was started and has no journal entry yet. */
  routineUnjournaled: boolean;
  /** Why the platform closed the session: the user leaving counts as stopped, silence as silence. */
  closeReason: 'user' | 'silence' | 'error' | null;
  /** A routine the coach offered ("Neck again?", an answer to "which routine …"): yes starts it. */
  suggested: { routine: string; quick: boolean } | null;
  /** Another routine asked for mid-routine, waiting for "yes, switch". */
  switchTo: string | null;
  /** Brief mode, from the profile or "talk less". */
  brief: boolean;
  /** "I only have two minutes" said before a routine: the next routine is fitted into them. */
  shortMinutes?: number | null;
  /** "Keep going": steps chained up to the budget, for the rest of the session. */
  chain?: boolean;
  /** Silences in a row: the question alone, then an offer to pause, then a graceful end. */
  silences: number;
  /** The progress summary the wrap-up gives now and then, without being asked (every third session). */
  summary: Act[] | null;
  /** This session picks up a saved place: its journal entry is the rest of an earlier session. */
  resumed: boolean;
  /** The person said the spot feels better in the routine under way: a stop from here is journaled as "pain eased". */
  eased?: boolean;
  /** Cautions heard this session (never stored): they change the plan of every routine after. */
  cautions?: string[];
  /** A first session: the stop words are said in the routine, before its first pressure step. */
  stopWordsOwed?: boolean;
  env: TurnEnv;
  /** The plan in play, while it runs: its step, the hold under way, a pause (routine-context.ts). */
  run: RunState | null;
}

export const WELCOME_ASK = say('coach.welcome.ask');
export const PREPARATION = [say('coach.prepare.intro'), say('coach.prepare.warmUp'), say('coach.prepare.between')];

export const profileOf = (event: SessionEvent): Profile =>
  'profile' in event && event.profile ? event.profile : EMPTY_PROFILE;
export const routineAsked = (event: SessionEvent) => (event.type === 'START_ROUTINE' ? event.routine : undefined);

/** A reply of the session's own, spoken in the state it leads to (whose `meta` gives the reprompt). */
export interface Speech {
  acts?: Act[];
  reprompt?: Act[];
  end?: boolean;
  effects?: Effect[];
}
/** Named actions that only speak, with their words as parameters: `speak(say('coach.help.choose'))`. */
export const speak = (...acts: Act[]) => ({ type: 'speak' as const, params: { acts } });
export const speakAndEnd = (...acts: Act[]) => ({ type: 'speak' as const, params: { acts, end: true } });
/**
 * "Say this, then carry on with the hold" (or ask again when no hold runs): the one name for it,
 * `carryOn`, with fixed words or a named answer worked out now (docs/machine.md).
 */
export const carryOn = (...acts: Act[]) => ({ type: 'carryOn' as const, params: { acts } });
export const carryOnWith = (answer: string) => ({ type: 'carryOn' as const, params: { answer } });
export const tellProgress = (...then: Act[]) => ({ type: 'tellProgress' as const, params: { then } });
export const tellPlanLink = (...then: Act[]) => ({ type: 'tellPlanLink' as const, params: { then } });
export const setGoal = (...then: Act[]) => ({ type: 'setGoal' as const, params: { then } });
export const rateOutsideRoutine = (then: Act) => ({ type: 'rateOutsideRoutine' as const, params: { then } });
/** A coaching question outside a routine, answered, then the state's own question. */
export const answerOutside = (then: Act) => ({ type: 'answerOutside' as const, params: { then } });
export const journalLeftRoutine = (completed: boolean) => ({
  type: 'journalLeftRoutine' as const,
  params: { completed },
});
export const closeRoutineDone = (speech: Speech) => ({ type: 'closeRoutineDone' as const, params: speech });
/** A caution (blood thinners, pregnancy …) answered where the user is, then `then`; nothing stored. */
export const answerCaution = (then: Act, plan = false) => ({ type: 'answerCaution' as const, params: { then, plan } });
/** A stop or emergency sign: `busy` when a routine is chosen or under way (it is the area blocked). */
export const stopForSafety = (busy: boolean) => ({ type: 'stopForSafety' as const, params: { busy } });

/** The most urgent halt of a session wins: after an emergency, the number is said again, not a plain stop. */
export const HALT_RANK: Record<SafetyHalt, number> = { emergency: 0, 'same-day': 1, stop: 2 };

/**
 * A session before its first event. A plain value, not a factory reading `input`: the turn starts
 * the machine with none, and every event brings its own clock and locale (`env`).
 */
export const INITIAL_CONTEXT: SessionContext = {
  routine: null,
  start: null,
  intro: [],
  ratingBefore: null,
  ratingAfter: null,
  ratingsDuring: [],
  blocked: [],
  halt: null,
  offer: null,
  gentleOwed: true,
  stepsCompleted: 0,
  routineUnjournaled: false,
  closeReason: null,
  suggested: null,
  switchTo: null,
  brief: false,
  silences: 0,
  summary: null,
  resumed: false,
  env: { now: 0, locale: 'en-US', budgetSeconds: 0, emergencyNumber: null },
  run: null,
};
