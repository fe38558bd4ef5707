import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Catalogue } from '../content/load';
import type { Routine } from '../content/schema';
import { say, type Act } from '../speech/acts';
import { envOf, outputEvent, replying, waitingFor, type CoachReply, type OutputEvent } from './machine-kit';
import type { Effect } from './output';
import { progressActs } from './progress';
import { routineDialogue, type CarryOn } from './routine-actions';
import { sessionChoice } from './session-choice';
import { profileOf, routineAsked, type SessionContext, type SessionEvent, type Speech } from './session-context';
import { sessionKit } from './session-kit';
import { sessionLearn } from './session-learn';
import { sessionSafety } from './session-safety';
import { sessionWelcome } from './session-welcome';
import { sessionWrapUp, speech } from './session-wrapup';
import { routineNamed } from './units';

type Index = { index: number };
const atRun = (context: SessionContext) => context.run!;

/**
 * The named actions and guards of the coach machine for one plan (none at the menu): each calls
 * a dialogue function (session-*.ts, routine-*.ts) and applies its reply. The chart is in
 * session-machine.ts and routine-chart.ts.
 */
export function coachSetup(catalogue: Catalogue, routine: Routine | null) {
  const kit = sessionKit(catalogue);
  const choice = sessionChoice(catalogue, kit);
  const safety = sessionSafety(catalogue, kit);
  const wrap = sessionWrapUp(kit);
  const { welcome, greetFirstTime } = sessionWelcome(kit);
  const learn = sessionLearn(kit);
  // The menu's machine runs no plan: its `routine` state is never entered (docs/machine.md).
  const plan = routineDialogue(routine ?? catalogue.routines.values().next().value!);
  const run = plan.dialogue;

  /** Words a carry-on says, by name: the routine's answers, and the session's while a plan runs. */
  const sessionAnswers: Record<string, (context: SessionContext, event: SessionEvent) => Speech> = {
    progress: (_context, event) => ({ acts: progressActs(profileOf(event)) }),
    goal: (_context, event) => kit.goalReply(event, []),
    refuseBlocked: (_context, event) => ({
      acts: [say('coach.choose.blocked', { routine: routineNamed(routineAsked(event)!) })],
    }),
    knotStatus: learn.knotStatus,
    usualDoses: learn.usualDoses,
  };
  const carryOnSaying = (context: SessionContext, event: SessionEvent, params: { acts?: Act[]; answer?: string }) => {
    if (!params.answer) return plan.carryOn(context, event, { acts: params.acts ?? [] });
    const own = sessionAnswers[params.answer]?.(context, event);
    const said: CarryOn = own
      ? { acts: own.acts ?? [], ...(own.effects ? { effects: own.effects as Effect[] } : {}) }
      : { acts: plan.answerOf(params.answer, context, event) ?? [] };
    return plan.carryOn(context, event, said);
  };
  /** A change recorded first (a rating), then the hold carries on with what it says. */
  const thenCarryOn = (
    context: SessionContext,
    event: SessionEvent,
    first: { assign: Partial<SessionContext>; acts: Act[]; effects?: Effect[] },
  ): CoachReply => {
    const said = { acts: first.acts, ...(first.effects ? { effects: first.effects } : {}) };
    const reply = plan.carryOn({ ...context, ...first.assign }, event, said);
    return { assign: { ...first.assign, ...reply.assign }, say: reply.say ?? null };
  };

  return setup({
    types: {} as {
      context: SessionContext;
      events: SessionEvent;
      emitted: OutputEvent;
      meta: ReturnType<typeof waitingFor>;
    },
    guards: {
      hasOffer: ({ context }) => context.offer !== null,
      isBlocked: ({ context, event }) => context.blocked.includes(routineAsked(event) ?? ''),
      isUnknownRoutine: ({ event }) => !catalogue.routines.has(routineAsked(event) ?? ''),
      isCurrentRoutine: ({ context, event }) => routineAsked(event) === context.routine,
      hasLinkedPlan: ({ event }) => Boolean(profileOf(event).plan),
      isScanning: ({ context }) => learn.isScanning(context),
      isComposed: ({ context }) => learn.isComposed(context),
      hasRatingBefore: ({ context }) => context.ratingBefore !== null,
      hasUsual: ({ context, event }) => learn.hasUsual(context, event),
      isRoutineCompleted: ({ context }) => context.run?.endReason === 'completed',
      isCaution: ({ event }) => safety.isCaution(event),
      /** After an emergency or a same-day sign, nothing (help included) lowers the message to call for care. */
      haltedForCare: ({ context }) => context.halt === 'emergency' || context.halt === 'same-day',
      isRatingInRange: ({ event }) =>
        event.type === 'RATE' && event.value !== undefined && event.value >= 0 && event.value <= 10,
      hasQuickSuggestion: ({ context }) => context.suggested?.quick === true,
      hasSuggestion: ({ context }) => context.suggested !== null,
      isSwitchAsked: ({ context }) => context.switchTo !== null,
      /** Silences in a row so far: 0, 1, 2 … */
      isSilence: ({ context }, params: { count: number }) => context.silences === params.count,
      // --- while a plan runs (routine-chart.ts) ---
      isFinished: ({ context }) => atRun(context).finished,
      isAtStep: ({ context }, params: Index) => atRun(context).step === params.index,
      isChainedTo: ({ context }, params: Index) => atRun(context).chainedTo === params.index,
      hasUnitsLeft: ({ context, event }, params: Index) => plan.guards.hasUnitsLeft(context, event, params.index),
      isPastFirstUnit: ({ context, event }) => plan.guards.isPastFirstUnit(context, event),
      isPlayingStep: ({ context, event }, params: Index) => plan.guards.isPlayingStep(context, event, params.index),
      isNextStep: ({ context }, params: { index: number; to: number }) =>
        plan.guards.isNextStep(context, params.index, params.to),
    },
    actions: {
      speak: enqueueActions(replying(speech)),
      countSilence: assign({ silences: ({ context }) => context.silences + 1 }),
      welcome: enqueueActions(replying(welcome)),
      greetFirstTime: enqueueActions(replying(greetFirstTime)),
      refuseBlocked: enqueueActions(replying(choice.refuseBlocked)),
      setUpRoutine: enqueueActions(replying(choice.setUpRoutine)),
      setUpOffered: enqueueActions(replying(choice.setUpOffered)),
      quickStart: enqueueActions(replying(choice.quickStart)),
      rateBeforeStart: enqueueActions(replying(choice.rateBeforeStart)),
      declineSuggestion: enqueueActions(replying(choice.declineSuggestion)),
      answerRoutineQuestion: enqueueActions(replying(choice.answerRoutineQuestion)),
      askToSwitch: enqueueActions(replying(choice.askToSwitch)),
      takeOffer: enqueueActions(replying(choice.takeOffer)),
      startOfferOver: enqueueActions(replying(choice.startOfferOver)),
      introduceRoutine: enqueueActions(replying(choice.introduceRoutine)),
      declineOffer: enqueueActions(replying(choice.declineOffer)),
      answerOutside: enqueueActions(replying(choice.answerOutside)),
      explainTechnique: enqueueActions(replying(choice.explainTechnique)),
      explainChosenRoutine: enqueueActions(replying(choice.explainChosenRoutine)),
      tellChosenRoutineLength: enqueueActions(replying(choice.tellChosenRoutineLength)),
      rateOutsideRoutine: enqueueActions(replying(wrap.rateOutsideRoutine)),
      tellProgress: enqueueActions(replying(wrap.tellProgress)),
      tellPlanLink: enqueueActions(replying(wrap.tellPlanLink)),
      // --- the learning dialogue (session-learn.ts) ---
      beginScan: enqueueActions(replying(learn.beginScan)),
      continueScan: enqueueActions(replying(learn.continueScan)),
      confirmComposed: enqueueActions(replying(learn.confirmComposed)),
      declineComposed: enqueueActions(replying(learn.declineComposed)),
      startUsual: enqueueActions(replying(learn.startUsual)),
      /** Knot status, the usual doses, "that's the spot" outside a plan: answered, then the state's question. */
      learnAnswer: enqueueActions(
        replying((context, event, params: { answer: 'knotStatus' | 'usualDoses'; then: Act }) => {
          const said = learn[params.answer](context, event);
          return { say: { ...said, acts: [...(said.acts ?? []), params.then] } };
        }),
      ),
      markSpot: enqueueActions(
        replying((context, event) => thenCarryOn(context, event, learn.markSpot(context, event))),
      ),
      setGoal: enqueueActions(replying(wrap.setGoal)),
      journalLeftRoutine: enqueueActions(replying(wrap.journalLeftRoutine)),
      journalCutShort: enqueueActions(replying(wrap.journalCutShort)),
      askRatingAfter: enqueueActions(replying(wrap.askRatingAfter)),
      closeWithRating: enqueueActions(replying(wrap.closeWithRating)),
      closeRoutineDone: enqueueActions(replying(wrap.closeRoutineDone)),
      stopForSafety: enqueueActions(replying(safety.stopForSafety)),
      answerCaution: enqueueActions(replying(safety.answerCaution)),
      repeatAfterHalt: enqueueActions(replying(safety.repeatAfterHalt)),

      // --- entering and leaving a plan ---
      enterRoutine: assign(({ context, event }) => ({
        env: envOf(context, event),
        stepsCompleted: 0,
        routineUnjournaled: true,
        eased: false,
      })),
      startRun: enqueueActions(replying(run.startRun)),
      leaveRoutine: assign({ gentleOwed: false, intro: [], stopWordsOwed: false }),
      noteEased: assign(({ event }) => (event.type === 'REPORT' && event.feeling === 'good' ? { eased: true } : {})),
      noteHeard: assign(({ context }) => (context.silences || context.switchTo ? { silences: 0, switchTo: null } : {})),
      noteCloseReason: assign(({ event }) => ({
        closeReason: event.type === 'SESSION_CLOSED' ? (event.reason ?? 'silence') : 'silence',
      })),
      /** Silence again after the question: an offer to pause and save. */
      offerPause: enqueueActions(
        replying((context) => ({
          assign: { silences: context.silences + 1 },
          say: { acts: [say('coach.silence.offerPause')], reprompt: [say('coach.silence.offerPause')] },
        })),
      ),
      /** A third silence: a graceful end, the place saved (Dialogflow would end the call here anyway). */
      endAfterSilence: enqueueActions(
        replying(() => ({
          assign: { silences: 0, closeReason: 'silence' as const },
          say: { acts: [say('coach.silence.end')] },
        })),
      ),

      // --- while a plan runs: the session's words, then the hold carries on ---
      carryOn: enqueueActions(replying(carryOnSaying)),
      rateInRoutine: enqueueActions(
        replying((context, event) => thenCarryOn(context, event, wrap.rateInRoutine(context, event))),
      ),
      noteCaution: enqueueActions(replying(safety.noteCaution)),
      followCautions: enqueueActions(
        replying((context, event) => run.followCautions(context, event, { prefix: safety.cautionWords(event) })),
      ),

      // --- the plan's own steps (routine-actions.ts) ---
      playStep: enqueueActions(replying(run.playStep)),
      playNextUnit: enqueueActions(replying(run.playNextUnit)),
      playPreviousUnit: enqueueActions(replying(run.playPreviousUnit)),
      playFromTop: enqueueActions(replying(run.playFromTop)),
      completeStep: enqueueActions(replying(run.completeStep)),
      backToStep: assign(({ context }, params: Index) => ({
        run: { ...atRun(context), pending: { step: params.index, unit: 0, prefix: [], opening: true }, paused: null },
      })),
      /** A chained response ran into this step: the state follows, the step before counts as done. */
      rewindChain: assign(({ context }, params: Index) => ({
        run: {
          ...atRun(context),
          step: params.index,
          chainedTo: null,
          finished: false,
          pending: { step: params.index, unit: 0, prefix: [], opening: false, chained: true },
        },
      })),
      followChain: assign(({ context }, params: Index) => ({
        stepsCompleted: Math.max(context.stepsCompleted, params.index),
        run: {
          ...atRun(context),
          chainedTo: null,
          pending: { step: params.index, unit: 0, prefix: [], opening: false, chained: true },
        },
      })),
      pause: enqueueActions(replying(run.pause)),
      /** Words while paused: the hold waits for "resume". */
      answerPaused: emit((_args, params: { key: string }) =>
        outputEvent({ acts: [say(params.key)], reprompt: [say('coach.pause.reprompt')] }),
      ),
      repeat: enqueueActions(replying(run.repeat)),
      startOver: enqueueActions(replying(run.startOver)),
      answerNo: enqueueActions(replying(run.answerNo)),
      keepChaining: enqueueActions(replying(run.keepChaining)),
      shortenRoutine: enqueueActions(replying(run.shortenRoutine)),
      adjust: enqueueActions(replying(run.adjust)),
      answerTimeLeft: enqueueActions(replying(run.answerTimeLeft)),
      easeOff: enqueueActions(replying(run.easeOff)),
      deeper: enqueueActions(replying(run.deeper)),
      showWhere: enqueueActions(replying(run.showWhere)),
      setPace: enqueueActions(replying(run.setPace)),
      setTalk: enqueueActions(replying(run.setTalk)),
      finish: enqueueActions(replying(run.finish)),
      markCompleted: enqueueActions(replying(run.markCompleted)),
    },
  });
}

/** The named actions and guards the charts (session-machine.ts, session-scan-states.ts) are built with. */
export type CoachSetup = ReturnType<typeof coachSetup>;
