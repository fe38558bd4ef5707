import type { Catalogue } from '../content/load';
import type { Routine } from '../content/schema';
import { say } from '../speech/acts';
import { waitingFor } from './machine-kit';
import { finish, routineChart } from './routine-chart';
import {
  answerOutside,
  carryOn,
  carryOnWith,
  closeRoutineDone,
  INITIAL_CONTEXT,
  journalLeftRoutine,
  PREPARATION,
  rateOutsideRoutine,
  setGoal,
  speak,
  speakAndEnd,
  stopForSafety,
  tellProgress,
  WELCOME_ASK,
} from './session-context';
import { coachSetup, type CoachSetup } from './session-setup';

import {
  chooseRoutine,
  coachingOutside,
  goOn,
  IN_EVERY_STATE,
  learnStarts,
  startLinkedPlan,
  warningSign,
} from './session-transitions';
import { scanStates } from './session-scan-states';

/**
 * The coach machine of one plan: the session's chart, the plan's steps nested in its `routine`
 * state (routine-chart.ts). Every plan's machine has the same chart outside `routine`, so a
 * snapshot made at the menu by one resolves in another (docs/machine.md). `routine` null: the
 * menu's machine, for turns where no plan is in play.
 */
export function buildCoachMachine(catalogue: Catalogue, routine: Routine | null) {
  const coach = coachSetup(catalogue, routine);
  return coach.createMachine({
    id: 'session',
    context: INITIAL_CONTEXT,
    initial: 'start',
    on: IN_EVERY_STATE,
    states: {
      ...openingStates(coach),
      ...choosingStates(coach),
      ...scanStates(coach),
      ...settingUpStates(coach),
      // The menu's machine runs no plan: its `routine` state only leads back to the choice (never entered).
      routine: routine ? runningState(coach, routineChart(routine)) : { always: { target: 'choose' } },
      ...closingStates(coach),
    },
  });
}

/** The first turn, the welcome, and the resume offer. */
function openingStates(coach: CoachSetup) {
  return {
    start: coach.createStateConfig({
      meta: waitingFor(say('coach.welcome.reprompt')),
      on: {
        ...IN_EVERY_STATE,
        // A one-shot caution ("tell massage coach I'm pregnant") is answered, then the area question.
        RED_FLAG: [{ ...warningSign(WELCOME_ASK)[0]!, target: 'choose' }, warningSign(WELCOME_ASK)[1]!],
        START_ROUTINE: chooseRoutine('greetFirstTime'),
        ...learnStarts('greetFirstTime'),
        START_PLAN: startLinkedPlan(WELCOME_ASK, 'greetFirstTime').map((branch) => ({ target: 'choose', ...branch })),
        HELP: { target: 'choose', actions: speak(say('coach.help.choose')) },
        // A one-shot question about a routine ("ask massage coach how much longer") with none running says so first.
        TIME_LEFT: { target: 'welcoming', actions: speak(say('coach.timeLeft.idle')) },
        WHATS_NEXT: { target: 'welcoming', actions: speak(say('coach.timeLeft.idle')) },
        '*': { target: 'welcoming' },
      },
    }),
    /** Transient: speaks the welcome, then waits for a choice or the resume answer. */
    welcoming: coach.createStateConfig({
      entry: 'welcome',
      always: [{ guard: 'hasOffer', target: 'resumeOffer' }, { target: 'choose' }],
    }),
    resumeOffer: coach.createStateConfig({
      meta: waitingFor(say('coach.resume.reprompt')),
      on: {
        ...IN_EVERY_STATE,
        RED_FLAG: warningSign(say('coach.resume.reprompt')),
        ...goOn({ target: 'routine', actions: 'takeOffer' }),
        START_OVER: { target: 'routine', actions: 'startOfferOver' },
        NO: { target: 'choose', actions: 'declineOffer' },
        START_ROUTINE: chooseRoutine(),
        ...coachingOutside(say('coach.resume.reprompt')),
        HELP: { actions: speak(say('coach.resume.reprompt')) },
        PREPARE: { actions: speak(...PREPARATION, say('coach.resume.reprompt')) },
        '*': { actions: speak(say('coach.resume.reprompt')) },
      },
    }),
  };
}

/** The menu: an area, a question, the linked plan. */
function choosingStates(coach: CoachSetup) {
  return {
    choose: coach.createStateConfig({
      meta: waitingFor(say('coach.welcome.reprompt')),
      on: {
        ...IN_EVERY_STATE,
        ...coachingOutside(WELCOME_ASK),
        START_ROUTINE: chooseRoutine(),
        ...learnStarts(),
        // "Neck release again?" "Yes": straight in. An answered question's routine goes through the equipment check.
        YES: [
          { guard: 'hasQuickSuggestion', target: 'rateBefore', actions: 'quickStart' },
          { guard: 'hasSuggestion', target: 'equipment', actions: 'setUpOffered' },
          { actions: speak(WELCOME_ASK) },
        ],
        NEXT: [
          { guard: 'hasQuickSuggestion', target: 'rateBefore', actions: 'quickStart' },
          { actions: speak(WELCOME_ASK) },
        ],
        NO: [
          { guard: 'hasSuggestion', actions: 'declineSuggestion' },
          { target: 'ended', actions: speakAndEnd(say('coach.stop.goodbye')) },
        ],
        HELP: { actions: speak(say('coach.help.choose')) },
        // Silence: the question alone, then a word that there's no hurry, then a graceful end.
        SILENCE: [
          {
            guard: { type: 'isSilence', params: { count: 0 } },
            actions: ['countSilence', speak(say('coach.silence.choose'))],
          },
          {
            guard: { type: 'isSilence', params: { count: 1 } },
            actions: ['countSilence', speak(say('coach.silence.chooseAgain'))],
          },
          { target: 'ended', actions: speakAndEnd(say('coach.silence.chooseEnd')) },
        ],
        EXPLAIN: { actions: 'explainTechnique' },
        WHATS_NEXT: { actions: speak(say('coach.whatsNext.none')) },
        RATE: { actions: rateOutsideRoutine(WELCOME_ASK) },
        FALLBACK: { actions: speak(say('coach.fallback.choose')) },
        '*': { actions: speak(WELCOME_ASK) },
      },
    }),
  };
}

/** A plan chosen: its equipment check, or the before-rating of a quick start. */
function settingUpStates(coach: CoachSetup) {
  return {
    equipment: coach.createStateConfig({
      meta: waitingFor(say('coach.equipment.reprompt')),
      on: {
        ...IN_EVERY_STATE,
        RED_FLAG: warningSign(say('coach.equipment.reprompt'), true),
        ...goOn({ target: 'routine', actions: 'introduceRoutine' }),
        START_ROUTINE: chooseRoutine(),
        RATE: { actions: rateOutsideRoutine(say('coach.equipment.reprompt')) },
        NO: { actions: speak(say('coach.equipment.wait')) },
        PAUSE: { actions: speak(say('coach.equipment.wait')) },
        PREPARE: { actions: speak(...PREPARATION, say('coach.equipment.reprompt')) },
        TIME_LEFT: { actions: 'tellChosenRoutineLength' },
        EXPLAIN: { actions: 'explainChosenRoutine' },
        ...coachingOutside(say('coach.equipment.reprompt')),
        SILENCE: [
          {
            guard: { type: 'isSilence', params: { count: 0 } },
            actions: ['countSilence', speak(say('coach.equipment.reprompt'))],
          },
          {
            guard: { type: 'isSilence', params: { count: 1 } },
            actions: ['countSilence', speak(say('coach.silence.chooseAgain'))],
          },
          { target: 'ended', actions: speakAndEnd(say('coach.silence.chooseEnd')) },
        ],
        HELP: { actions: speak(say('coach.help.equipment'), say('coach.equipment.reprompt')) },
        '*': { actions: speak(say('coach.equipment.reprompt')) },
      },
    }),
    /** A returning user said yes to "neck again?": the before-rating in five words, then straight in. */
    rateBefore: coach.createStateConfig({
      meta: waitingFor(say('coach.rating.askBackReprompt')),
      on: {
        ...IN_EVERY_STATE,
        RED_FLAG: warningSign(say('coach.rating.askBack'), true),
        ...coachingOutside(say('coach.rating.askBack')),
        RATE: [
          { guard: 'isRatingInRange', target: 'routine', actions: 'rateBeforeStart' },
          { actions: speak(say('coach.rating.outOfRange')) },
        ],
        // No number: the routine starts all the same.
        ...goOn({ target: 'routine' }),
        NO: { target: 'routine' },
        START_ROUTINE: chooseRoutine(),
        HELP: { actions: speak(say('coach.help.rating'), say('coach.rating.askBack')) },
        '*': { actions: speak(say('coach.rating.askBackReprompt')) },
      },
    }),
  };
}

/** After a plan: the wrap-up; and deleting the journal, a safety halt, the end. */
function closingStates(coach: CoachSetup) {
  return {
    wrapUp: coach.createStateConfig({
      meta: waitingFor(say('coach.wrapUp.reprompt')),
      entry: 'askRatingAfter',
      on: {
        RED_FLAG: warningSign(say('coach.wrapUp.reprompt'), true, false),
        PROGRESS: { actions: tellProgress(say('coach.wrapUp.reprompt')) },
        SET_GOAL: { actions: setGoal(say('coach.wrapUp.reprompt')) },
        PREPARE: { actions: speak(say('coach.prepare.between'), say('coach.wrapUp.reprompt')) },
        DELETE_DATA: { target: 'confirmDelete', actions: closeRoutineDone({ acts: [say('coach.delete.confirm')] }) },
        PHYSIO_REPORT: { actions: speak(say('coach.physioReport.where'), say('coach.wrapUp.reprompt')) },
        RATE: [
          { guard: 'isRatingInRange', target: 'ended', actions: 'closeWithRating' },
          { actions: speak(say('coach.rating.outOfRange')) },
        ],
        SILENCE: { actions: speak(say('coach.wrapUp.reprompt')) },
        FALLBACK: { actions: speak(say('coach.fallback.rating')) },
        PAIN: { actions: answerOutside(say('coach.wrapUp.reprompt')) },
        REPORT: { actions: answerOutside(say('coach.wrapUp.reprompt')) },
        REPEAT: { actions: speak(say('coach.wrapUp.reprompt')) },
        // Help keeps the session (and the rating) in every state, and asks the question again.
        HELP: { actions: speak(say('coach.help.rating'), say('coach.wrapUp.reprompt')) },
        SESSION_CLOSED: { target: 'ended', actions: closeRoutineDone({ end: true }) },
        // Another routine straight after: this one is journaled as done (no rating after), then set up.
        START_ROUTINE: chooseRoutine(journalLeftRoutine(true)),
        START_PLAN: [
          { ...startLinkedPlan(WELCOME_ASK)[0]!, actions: [journalLeftRoutine(true), 'setUpRoutine'] },
          { actions: speak(say('plan.noneLinked'), say('coach.wrapUp.reprompt')) },
        ],
        '*': {
          target: 'ended',
          actions: closeRoutineDone({ acts: [say('coach.wrapUp.noted'), say('coach.wrapUp.advice')], end: true }),
        },
      },
    }),
    /** "Delete my journal": nothing is deleted without a clear yes. */
    confirmDelete: coach.createStateConfig({
      meta: waitingFor(say('coach.delete.confirm')),
      on: {
        ...IN_EVERY_STATE,
        RED_FLAG: warningSign(say('coach.delete.confirm')),
        YES: {
          target: 'choose',
          actions: {
            type: 'speak' as const,
            params: { acts: [say('coach.delete.done'), WELCOME_ASK], effects: [{ type: 'deleteData' as const }] },
          },
        },
        NO: { target: 'choose', actions: speak(say('coach.delete.kept'), WELCOME_ASK) },
        STOP: { target: 'ended', actions: speakAndEnd(say('coach.delete.kept'), say('coach.stop.goodbye')) },
        HELP: { actions: speak(say('coach.help.question'), say('coach.delete.confirm')) },
        '*': { actions: speak(say('coach.fallback.question'), say('coach.delete.confirm')) },
      },
    }),
    halted: coach.createStateConfig({
      meta: waitingFor(say('coach.welcome.reprompt')),
      on: {
        ...IN_EVERY_STATE,
        RED_FLAG: [
          { guard: 'isCaution', actions: 'repeatAfterHalt' },
          { target: '#session.halted', reenter: true, actions: stopForSafety(false) },
        ],
        START_ROUTINE: chooseRoutine(),
        // Help keeps a chat open and offers the areas, unless the halt sent the user to care.
        HELP: [
          { guard: 'haltedForCare', actions: 'repeatAfterHalt' },
          { target: 'choose', actions: speak(say('coach.help.choose')) },
        ],
        '*': { actions: 'repeatAfterHalt' },
      },
    }),
    ended: coach.createStateConfig({
      meta: waitingFor(say('coach.welcome.reprompt')),
      on: {
        ...IN_EVERY_STATE,
        START_ROUTINE: chooseRoutine(),
        ...learnStarts(),
        HELP: { target: 'choose', actions: speak(say('coach.help.choose')) },
        '*': { target: 'welcoming' },
      },
    }),
  };
}

/** A plan running: its steps (routine-chart.ts), and what the session answers while it runs, the hold going on. */
function runningState(coach: CoachSetup, planChart: ReturnType<typeof routineChart>) {
  return coach.createStateConfig({
    meta: waitingFor(say('coach.ask.reprompt')),
    entry: ['enterRoutine', 'startRun'],
    exit: 'leaveRoutine',
    initial: planChart.initial,
    states: planChart.states,
    onDone: [
      { guard: 'isRoutineCompleted', target: 'wrapUp' },
      { target: 'ended', actions: 'journalCutShort' },
    ],
    on: {
      ...planChart.on,
      RED_FLAG: [
        { guard: 'isCaution', actions: ['noteCaution', 'followCautions'] },
        { target: '#session.halted', reenter: true, actions: stopForSafety(true) },
      ],
      RATE: { actions: 'rateInRoutine' },
      PROGRESS: { actions: carryOnWith('progress') },
      SET_GOAL: { actions: carryOnWith('goal') },
      DELETE_DATA: { actions: carryOn(say('coach.delete.later')) },
      PHYSIO_REPORT: { actions: carryOn(say('coach.physioReport.where')) },
      PREPARE: { actions: carryOn(say('coach.prepare.short')) },
      START_ROUTINE: [
        // A routine stopped by a red flag stays stopped, from here too: the current one carries on.
        { guard: 'isBlocked', actions: carryOnWith('refuseBlocked') },
        { guard: 'isUnknownRoutine', actions: carryOn(say('coach.choose.unknown')) },
        // Another area mid-routine: asked first, since it ends this one (the same one: its step starts over).
        { actions: 'askToSwitch' },
      ],
      // Silence: the question alone, then an offer to pause and save, then a graceful end with the place saved.
      SILENCE: [
        { guard: { type: 'isSilence', params: { count: 0 } }, actions: ['countSilence', carryOn()] },
        { guard: { type: 'isSilence', params: { count: 1 } }, actions: 'offerPause' },
        { target: '._done', actions: ['endAfterSilence', finish('closed')] },
      ],
      LAUNCH: { actions: carryOn(say('coach.welcome.back')) },
      SESSION_CLOSED: { target: '._done', actions: ['noteCloseReason', finish('closed')] },
    },
  });
}

export type CoachMachine = ReturnType<typeof buildCoachMachine>;
