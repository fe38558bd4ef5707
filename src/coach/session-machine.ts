import type { Catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import { waitingFor } from './machine-kit';
import type { RoutineInput } from './routine-context';
import {
  answerCaution,
  answerOutside,
  closeRoutineDone,
  continueWith,
  journalLeftRoutine,
  PREPARATION,
  rateOutsideRoutine,
  setGoal,
  speak,
  speakAndEnd,
  stopForSafety,
  tellPlanLink,
  tellProgress,
  WELCOME_ASK,
  type SessionContext,
} from './session-context';
import { sessionSetup } from './session-actions';

export type { SessionContext, SessionEvent } from './session-context';

/** The session around the routines: one machine for the process, built from the catalogue once. */
export function buildSessionMachine(catalogue: Catalogue) {
  const routineIds = [...catalogue.routines.keys()];

  /** A routine asked for by name: refused when blocked or unknown, else set up; `first` runs before either. */
  const chooseRoutine = (...first: Array<'greetFirstTime' | ReturnType<typeof journalLeftRoutine>>) => [
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
  const warningSign = (then: Act, busy = false, plan = busy) => [
    { guard: 'isCaution' as const, actions: answerCaution(then, plan) },
    { target: '#session.halted', reenter: true, actions: stopForSafety(busy) },
  ];

  /**
   * Commands every state answers, spread into each: a state's own wildcard would otherwise shadow
   * them. A warning sign is answered in every state, first.
   */
  const IN_EVERY_STATE = {
    RED_FLAG: warningSign(WELCOME_ASK),
    output: { actions: 'relayOutput' as const },
    PROGRESS: { actions: tellProgress(WELCOME_ASK) },
    LINK_PLAN: { actions: tellPlanLink(WELCOME_ASK) },
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
  const { output } = IN_EVERY_STATE;
  /**
   * Coaching talk outside a routine: pain, equipment, talk less, questions. Answered, then the
   * state's own question; "which routine is good for …" is answered and offered, never executed.
   */
  const coachingOutside = (then: ReturnType<typeof say>) => ({
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
  const goOn = <T>(transition: T) => ({ YES: transition, RESUME: transition, NEXT: transition });

  const routineStates = Object.fromEntries(
    routineIds.map((id) => [
      id,
      {
        invoke: {
          id: 'routine',
          src: id,
          input: ({ context }: { context: SessionContext }): RoutineInput => ({
            env: context.env,
            gentle: context.gentleOwed,
            gentlePercent: catalogue.guide.startGentlyPercent,
            start: context.start ?? { step: 0, unit: 0 },
            prefix: context.intro,
            brief: context.brief,
            shortMinutes: context.shortMinutes ?? null,
            chain: context.chain ?? false,
            ratingBefore: context.ratingBefore,
            cautions: context.cautions ?? [],
            stopWords: context.stopWordsOwed ?? false,
          }),
          onDone: [
            { guard: 'isRoutineCompleted', target: '#session.wrapUp' },
            { target: '#session.ended', actions: 'journalCutShort' },
          ],
        },
      },
    ]),
  );

  return sessionSetup(catalogue).createMachine({
    id: 'session',
    context: ({ input }) => ({
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
      env: input.env,
    }),
    initial: 'start',
    on: IN_EVERY_STATE,
    states: {
      start: {
        meta: waitingFor(say('coach.welcome.reprompt')),
        on: {
          ...IN_EVERY_STATE,
          // A one-shot caution ("tell massage coach I'm pregnant") is answered, then the area question.
          RED_FLAG: [{ ...warningSign(WELCOME_ASK)[0]!, target: 'choose' }, warningSign(WELCOME_ASK)[1]!],
          START_ROUTINE: chooseRoutine('greetFirstTime'),
          HELP: { target: 'choose', actions: speak(say('coach.help.choose')) },
          // A one-shot question about a routine ("ask massage coach how much longer") with none running says so first.
          TIME_LEFT: { target: 'welcoming', actions: speak(say('coach.timeLeft.idle')) },
          WHATS_NEXT: { target: 'welcoming', actions: speak(say('coach.timeLeft.idle')) },
          '*': { target: 'welcoming' },
        },
      },
      /** Transient: speaks the welcome, then waits for a choice or the resume answer. */
      welcoming: {
        entry: 'welcome',
        always: [{ guard: 'hasOffer', target: 'resumeOffer' }, { target: 'choose' }],
      },
      resumeOffer: {
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
      },
      choose: {
        meta: waitingFor(say('coach.welcome.reprompt')),
        on: {
          ...IN_EVERY_STATE,
          ...coachingOutside(WELCOME_ASK),
          START_ROUTINE: chooseRoutine(),
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
      },
      equipment: {
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
      },
      /** A returning user said yes to "neck again?": the before-rating in five words, then straight in. */
      rateBefore: {
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
      },
      routine: {
        meta: waitingFor(say('coach.ask.reprompt')),
        initial: 'pick',
        entry: 'enterRoutine',
        exit: 'leaveRoutine',
        states: {
          pick: { always: routineIds.map((id) => ({ guard: { type: 'isRoutine', params: { id } }, target: id })) },
          ...routineStates,
        },
        on: {
          RED_FLAG: [
            { guard: 'isCaution', actions: 'continueWithCaution' },
            { target: '#session.halted', reenter: true, actions: stopForSafety(true) },
          ],
          output,
          RATE: { actions: 'rateInRoutine' },
          PROGRESS: { actions: 'continueWithProgress' },
          SET_GOAL: { actions: 'continueWithGoal' },
          DELETE_DATA: { actions: continueWith(say('coach.delete.later')) },
          PHYSIO_REPORT: { actions: continueWith(say('coach.physioReport.where')) },
          PREPARE: { actions: continueWith(say('coach.prepare.short')) },
          START_ROUTINE: [
            // A routine stopped by a red flag stays stopped, from here too: the current one carries on.
            { guard: 'isBlocked', actions: 'continueRefusingBlocked' },
            { guard: 'isCurrentRoutine', actions: 'startRoutineOver' },
            { guard: 'isUnknownRoutine', actions: continueWith(say('coach.choose.unknown')) },
            // Another area mid-routine: asked first, since it ends this one.
            { actions: 'askToSwitch' },
          ],
          // Yes to "switch now?": this routine ends as stopped (its place saved), and the new one is set up.
          YES: [
            {
              guard: 'isSwitchAsked',
              target: '#session.equipment',
              actions: [journalLeftRoutine(false), 'setUpOffered' as const],
            },
            { actions: 'forwardToRoutine' },
          ],
          NO: [{ guard: 'isSwitchAsked', actions: 'keepRoutine' }, { actions: 'forwardToRoutine' }],
          // Silence: the question alone (the routine asks it), then an offer to pause and save, then a graceful end with the place saved.
          SILENCE: [
            { guard: { type: 'isSilence', params: { count: 0 } }, actions: 'forwardToRoutine' },
            { guard: { type: 'isSilence', params: { count: 1 } }, actions: 'offerPause' },
            { actions: 'endAfterSilence' },
          ],
          LAUNCH: { actions: continueWith(say('coach.welcome.back')) },
          SESSION_CLOSED: { actions: 'noteCloseReason' },
          '*': { actions: 'forwardToRoutine' },
        },
      },
      wrapUp: {
        meta: waitingFor(say('coach.wrapUp.reprompt')),
        entry: 'askRatingAfter',
        on: {
          RED_FLAG: warningSign(say('coach.wrapUp.reprompt'), true, false),
          output,
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
          '*': {
            target: 'ended',
            actions: closeRoutineDone({ acts: [say('coach.wrapUp.noted'), say('coach.wrapUp.advice')], end: true }),
          },
        },
      },
      /** "Delete my journal": nothing is deleted without a clear yes. */
      confirmDelete: {
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
      },
      halted: {
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
      },
      ended: {
        meta: waitingFor(say('coach.welcome.reprompt')),
        on: {
          ...IN_EVERY_STATE,
          START_ROUTINE: chooseRoutine(),
          HELP: { target: 'choose', actions: speak(say('coach.help.choose')) },
          '*': { target: 'welcoming' },
        },
      },
    },
  });
}

export type SessionMachine = ReturnType<typeof buildSessionMachine>;
