import { say, type Act } from '../speech/acts';
import {
  answerCaution,
  answerOutside,
  type journalLeftRoutine,
  PREPARATION,
  setGoal,
  speak,
  speakAndEnd,
  stopForSafety,
  tellPlanLink,
  tellProgress,
  WELCOME_ASK,
} from './session-context';

/** Transitions the session's chart (session-machine.ts) uses in several states. */

/** A routine asked for by name: refused when blocked or unknown, else set up; `first` runs before either. */
export type First = 'greetFirstTime' | ReturnType<typeof journalLeftRoutine>;
export const chooseRoutine = (...first: First[]) => [
  { guard: 'isBlocked' as const, target: '#session.choose', actions: [...first, 'refuseBlocked' as const] },
  {
    guard: 'isUnknownRoutine' as const,
    target: '#session.choose',
    actions: [...first, speak(say('coach.choose.unknown'))],
  },
  { target: '#session.equipment', actions: [...first, 'setUpRoutine' as const] },
];

/**
 * A warning sign, by tier: a caution is answered and the state goes on (`then` is its question);
 * stop and emergency signs halt the session. `busy`: a routine is chosen or under way, and is blocked.
 */
/** "Start my plan": the linked plan's equipment check; none linked: how to link one, then `then`. */
export const startLinkedPlan = (then: Act, ...first: First[]) => [
  {
    guard: 'hasLinkedPlan' as const,
    target: '#session.equipment',
    actions: [...first, 'setUpRoutine' as const],
  },
  { actions: [...first, speak(say('plan.noneLinked'), then)] },
];

export const warningSign = (then: Act, busy = false, plan = busy) => [
  { guard: 'isCaution' as const, actions: answerCaution(then, plan) },
  { target: '#session.halted', reenter: true, actions: stopForSafety(busy) },
];

/**
 * Commands every state answers, spread into each: a state's own wildcard would otherwise shadow
 * them. A warning sign is answered in every state, first.
 */
export const IN_EVERY_STATE = {
  RED_FLAG: warningSign(WELCOME_ASK),
  PROGRESS: { actions: tellProgress(WELCOME_ASK) },
  LINK_PLAN: { actions: tellPlanLink(WELCOME_ASK) },
  START_PLAN: startLinkedPlan(WELCOME_ASK),
  STOP: { target: '#session.ended', actions: speakAndEnd(say('coach.stop.goodbye')) },
  SESSION_CLOSED: { target: '#session.ended', actions: { type: 'speak' as const, params: { end: true } } },
  LAUNCH: { target: '#session.welcoming', reenter: true },
  SET_GOAL: { actions: setGoal(WELCOME_ASK) },
  // The guide's preparation and integration advice.
  PREPARE: { actions: speak(...PREPARATION, WELCOME_ASK) },
  DELETE_DATA: { target: '#session.confirmDelete', actions: speak(say('coach.delete.confirm')) },
  // The report is made on the web page (where the browser opens it): the coach says where.
  PHYSIO_REPORT: { actions: speak(say('coach.physioReport.where'), WELCOME_ASK) },
};
/**
 * Coaching talk outside a routine: pain, equipment, talk less, questions. Answered, then the
 * state's own question; "which routine is good for …" is answered and offered, never executed.
 */
export const coachingOutside = (then: ReturnType<typeof say>) => ({
  PAIN: { actions: answerOutside(then) },
  DEEPER: { actions: answerOutside(then) },
  MISSING: { actions: answerOutside(then) },
  TALK: { actions: answerOutside(then) },
  SHORT_ON_TIME: { actions: answerOutside(then) },
  PACE: { actions: answerOutside(then) },
  ASK_WHY: { actions: answerOutside(then) },
  ASK_WHERE: { actions: answerOutside(then) },
  KEEP_GOING: { actions: answerOutside(then) },
  REPORT: { actions: answerOutside(then) },
  ASK_ROUTINE: { target: '#session.choose', actions: 'answerRoutineQuestion' as const },
});
/** "Yes", "resume" and "next" all mean go on. */
export const goOn = <T>(transition: T) => ({ YES: transition, RESUME: transition, NEXT: transition });
