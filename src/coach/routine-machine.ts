import { enqueueActions, setup } from 'xstate';
import { catalogue } from '../content/load';
import type { Routine } from '../content/schema';
import { say, type Act } from '../speech/acts';
import { cautionPlan } from './cautions';
import { envOf } from './machine-kit';
import { routineAdjust } from './routine-adjust';
import { routineAnswers } from './routine-answers';
import { routineCautions } from './routine-cautions';
import {
  send,
  type RoutineContext,
  type RoutineEndReason,
  type RoutineEvent,
  type RoutineInput,
  type RoutineOutput,
} from './routine-context';
import { routineKit } from './routine-kit';
import { routinePlay } from './routine-play';
import { shortPlan, shortPlanActs } from './short';
import { routineName, setUpLine } from './units';

/**
 * The factory: one machine per routine, its states the routine's steps in the guide's order. What
 * its actions work out lives by concern in routine-*.ts; here are the named actions and guards and
 * the chart.
 */
export function buildRoutineMachine(routine: Routine) {
  const kit = routineKit(routine);
  const { steps, unitsAt, spokenOf, skipped, nextKept, positionOf, nextUnitOf, wasInstructed, resumePointOf } = kit;
  const flow = routinePlay(kit);
  const { play, continuation } = flow;
  const { answers, timeLeftOf, pain, deeper, where, pace, talk } = routineAnswers(kit, flow);
  const { adjust, shorten } = routineAdjust(kit, flow);
  const { followCautions } = routineCautions(kit, flow);

  const routineSetup = setup({
    types: {} as { context: RoutineContext; events: RoutineEvent; input: RoutineInput; output: RoutineOutput },
    guards: {
      hasUnitsLeft: ({ context, event }, params: { index: number }) =>
        nextUnitOf(context, envOf(context, event).now) < unitsAt(context, params.index).length,
      isPastFirstUnit: ({ context, event }) => positionOf(context, envOf(context, event).now).unit > 0,
      isFinished: ({ context }) => context.finished,
      isAtStep: ({ context }, params: { index: number }) => context.step === params.index,
      isChainedTo: ({ context }, params: { index: number }) => context.chainedTo === params.index,
      /** A chained response is still inside an earlier step than the state's: "wait" pauses that step. */
      isPlayingStep: ({ context, event }, params: { index: number }) => {
        const position = positionOf(context, envOf(context, event).now);
        return position.inProgress && position.step === params.index && context.step !== params.index;
      },
      /** The step after `index` is `to` (a shortened routine leaves some out). */
      isNextStep: ({ context }, params: { index: number; to: number }) => nextKept(context, params.index) === params.to,
    },
    actions: {
      /** A step's entry plays from where the transition into it said (its top, a resumed place). */
      playStep: enqueueActions(({ context, event, enqueue }, params: { index: number }) => {
        // Entered by a chained response: it already played this step's start.
        if (context.pending?.chained) return enqueue.assign({ pending: null });
        const pending = context.pending ?? { step: params.index, unit: 0, prefix: [], opening: true };
        const options = {
          prefix: pending.prefix,
          opening: pending.opening,
          ...(pending.instructed ? { instructed: true } : {}),
          // A saved place picked up in a new session: the body sets up again before the clock runs.
          ...(pending.remaining ? { remaining: pending.remaining, reposition: true } : {}),
        };
        send(enqueue, play(context, envOf(context, event), params.index, pending.unit, options));
      }),
      playNextUnit: enqueueActions(({ context, event, enqueue }, params: { index: number }) => {
        const env = envOf(context, event);
        const remaining = context.paused && context.paused.remaining > 0 ? context.paused.remaining : undefined;
        const unit = nextUnitOf(context, env.now);
        send(
          enqueue,
          play(context, env, params.index, unit, {
            opening: Boolean(context.paused),
            instructed: wasInstructed(context, env.now, params.index, unit),
            // Back from a pause: a short cue to set up again, the window, then the rest of the hold.
            ...(remaining ? { remaining, reposition: true, cueOnly: true } : {}),
          }),
        );
      }),
      playPreviousUnit: enqueueActions(({ context, event, enqueue }, params: { index: number }) => {
        const env = envOf(context, event);
        send(enqueue, play(context, env, params.index, positionOf(context, env.now).unit - 1, { opening: true }));
      }),
      playFromTop: enqueueActions(({ context, event, enqueue }) => {
        send(
          enqueue,
          play(context, envOf(context, event), 0, 0, { opening: true, prefix: [say('coach.previous.atStart')] }),
        );
      }),
      /** Leaving a step forward: it counts as done; the next step's entry plays from its top. */
      completeStep: enqueueActions(({ context, event, enqueue }, params: { index: number; to: number }) => {
        const isLast = params.to >= steps.length;
        const instructed = wasInstructed(context, envOf(context, event).now, params.to, 0);
        enqueue.assign({
          stepsCompleted: Math.max(context.stepsCompleted, params.index + 1),
          pending: { step: params.to, unit: 0, prefix: [], opening: true, instructed },
          paused: null,
          ...(isLast ? { finished: true } : {}),
        });
      }),
      backToStep: enqueueActions(({ enqueue }, params: { index: number }) => {
        enqueue.assign({ pending: { step: params.index, unit: 0, prefix: [], opening: true }, paused: null });
      }),
      pause: enqueueActions(({ context, event, enqueue }) => {
        const position = positionOf(context, envOf(context, event).now);
        const unit = position.inProgress ? position.unit : (context.played?.to ?? 0);
        // On a pressure step mid-hold: off the pressure first, then the pause.
        const comeOff = position.inProgress && steps[position.step]!.pressure ? [say('coach.pause.comeOff')] : [];
        send(enqueue, {
          assign: { paused: { unit, remaining: position.inProgress ? position.remaining : 0 } },
          out: { acts: [...comeOff, say('coach.pause.done')], reprompt: [say('coach.pause.reprompt')] },
        });
      }),
      /** Words while paused: the hold waits for "resume". */
      answerPaused: enqueueActions(({ enqueue }, params: { key: string }) => {
        send(enqueue, { out: { acts: [say(params.key)], reprompt: [say('coach.pause.reprompt')] } });
      }),
      repeat: enqueueActions(({ context, event, enqueue }) => {
        const env = envOf(context, event);
        const position = positionOf(context, env.now);
        if (context.paused) return send(enqueue, play(context, env, position.step, position.unit, { opening: true }));
        // Mid-hold: the instruction again, and the clock keeps running from where it was.
        const unit = unitsAt(context, position.step)[position.unit];
        send(
          enqueue,
          continuation(
            context,
            env,
            position.inProgress && unit ? [setUpLine(spokenOf(context), position.step, unit)] : [],
          ),
        );
      }),
      startOver: enqueueActions(({ enqueue }) => {
        enqueue.assign({
          pending: {
            step: 0,
            unit: 0,
            prefix: [say('coach.routine.startOver', { routine: routineName(routine) })],
            opening: true,
          },
          paused: null,
        });
      }),
      /** Say something, then go on with the hold (or ask again): one name for "say this, then continue". */
      sayThenContinue: enqueueActions(
        ({ context, event, enqueue }, params: { acts?: Act[]; answer?: keyof typeof answers }) => {
          const env = envOf(context, event);
          const acts = params.answer ? answers[params.answer](context, env, event) : (params.acts ?? []);
          send(enqueue, continuation(context, env, acts));
        },
      ),
      // "No" to "Ready?": no rush. Inside a hold (it cut the audio) the hold simply goes on.
      answerNo: enqueueActions(({ context, event, enqueue }) => {
        const env = envOf(context, event);
        const position = positionOf(context, env.now);
        if (position.inProgress || context.paused) return send(enqueue, continuation(context, env, []));
        send(enqueue, { out: { acts: [say('coach.ask.noRush')], reprompt: [say('coach.ask.reprompt')] } });
      }),
      /** "Keep going": from now on, steps run on up to the budget; the question now is answered in the same turn. */
      keepChaining: enqueueActions(({ context, event, enqueue }) => {
        const reply = continuation({ ...context, chain: true }, envOf(context, event), [say('coach.chain.on')]);
        send(enqueue, { ...reply, assign: { ...reply.assign, chain: true } });
      }),
      /** A chained response ran into this step: the state follows, the step before counts as done. */
      rewindChain: enqueueActions(({ enqueue }, params: { index: number }) => {
        enqueue.assign({
          step: params.index,
          chainedTo: null,
          finished: false,
          pending: { step: params.index, unit: 0, prefix: [], opening: false, chained: true },
        });
      }),
      followChain: enqueueActions(({ context, enqueue }, params: { index: number }) => {
        enqueue.assign({
          chainedTo: null,
          stepsCompleted: Math.max(context.stepsCompleted, params.index),
          pending: { step: params.index, unit: 0, prefix: [], opening: false, chained: true },
        });
      }),
      shortenRoutine: enqueueActions(({ context, event, enqueue }) => {
        send(
          enqueue,
          shorten(context, envOf(context, event), event.type === 'SHORT_ON_TIME' ? event.minutes : undefined),
        );
      }),
      adjust: enqueueActions(({ context, event, enqueue }) => {
        send(enqueue, adjust(context, envOf(context, event), event.type === 'ADJUST' ? event.direction : undefined));
      }),
      // The first silence gets the question alone; the session escalates the next ones.
      askAgainAfterSilence: enqueueActions(({ context, event, enqueue }) => {
        send(enqueue, continuation(context, envOf(context, event), []));
      }),
      // Answered once: the hold goes on in silence, the answer's time counted in it.
      answerTimeLeft: enqueueActions(({ context, event, enqueue }) => {
        const env = envOf(context, event);
        send(enqueue, continuation(context, env, timeLeftOf(context, env), { quiet: true }));
      }),
      easeOff: enqueueActions(({ context, event, enqueue }) => send(enqueue, pain(context, envOf(context, event)))),
      deeper: enqueueActions(({ context, event, enqueue }) => send(enqueue, deeper(context, envOf(context, event)))),
      showWhere: enqueueActions(({ context, event, enqueue }) => send(enqueue, where(context, envOf(context, event)))),
      setPace: enqueueActions(({ context, event, enqueue }) =>
        send(enqueue, pace(context, envOf(context, event), event.type === 'PACE' ? event.pace : undefined)),
      ),
      setTalk: enqueueActions(({ context, event, enqueue }) =>
        send(enqueue, talk(context, envOf(context, event), event.type === 'TALK' ? event.mode : undefined)),
      ),
      /** What the session said (a rating, progress), then the hold goes on; a before-rating is kept for a saved place. */
      continueFromSession: enqueueActions(({ context, event, enqueue }) => {
        const env = envOf(context, event);
        const prefix = event.type === 'CONTINUE' ? event.prefix : [];
        if (event.type === 'CONTINUE' && event.cautions)
          return send(enqueue, followCautions(context, env, prefix, event.cautions));
        const reply = continuation(context, env, prefix);
        const rating =
          event.type === 'CONTINUE' && event.ratingBefore !== undefined ? { ratingBefore: event.ratingBefore } : {};
        send(enqueue, { ...reply, assign: { ...reply.assign, ...rating } });
      }),
      /** Stopped or closed: the place is saved for next time (or cleared when nothing is left). */
      finish: enqueueActions(({ context, event, enqueue }, params: { reason: RoutineEndReason }) => {
        const point = resumePointOf(context, envOf(context, event).now);
        send(enqueue, {
          assign: { endReason: params.reason },
          effects: [point ? { type: 'saveResume', point } : { type: 'clearResume' }],
        });
      }),
      markCompleted: enqueueActions(({ context, enqueue }) => {
        if (context.finished) enqueue.assign({ endReason: 'completed', stepsCompleted: steps.length });
      }),
    },
  });

  const withIndex = <T extends string>(type: T, index: number) => ({ type, params: { index } });
  const sayThenContinue = (answer: keyof typeof answers) => ({ type: 'sayThenContinue' as const, params: { answer } });
  const sayThen = (...acts: Act[]) => ({ type: 'sayThenContinue' as const, params: { acts } });
  const answerPaused = (key: string) => ({ type: 'answerPaused' as const, params: { key } });

  // --- one state per step, generated from content ---------------------------------------------------
  const stepState = (step: Routine['steps'][number], index: number) => {
    const forward = [
      {
        guard: withIndex('hasUnitsLeft' as const, index),
        target: `#routine.${step.id}.active`,
        actions: withIndex('playNextUnit' as const, index),
      },
      // On to the next step the routine keeps: the one after, or further when a shortened routine left some out.
      ...steps.slice(index + 1).map((next, offset) => ({
        guard: { type: 'isNextStep' as const, params: { index, to: index + 1 + offset } },
        target: `#routine.${next.id}`,
        actions: { type: 'completeStep' as const, params: { index, to: index + 1 + offset } },
      })),
      { target: '#routine.done', actions: { type: 'completeStep' as const, params: { index, to: steps.length } } },
    ];
    const back = [
      {
        guard: 'isPastFirstUnit' as const,
        target: `#routine.${step.id}.active`,
        actions: withIndex('playPreviousUnit' as const, index),
      },
      index === 0
        ? { target: `#routine.${step.id}.active`, actions: 'playFromTop' as const }
        : { target: `#routine.${steps[index - 1]!.id}`, actions: withIndex('backToStep' as const, index - 1) },
    ];
    return {
      initial: 'active' as const,
      entry: withIndex('playStep' as const, index),
      always: [
        { guard: 'isFinished' as const, target: '#routine.done' },
        ...steps.flatMap((next, j) =>
          j === index
            ? []
            : [
                {
                  guard: withIndex('isChainedTo' as const, j),
                  target: `#routine.${next.id}`,
                  actions: withIndex('followChain' as const, j),
                },
              ],
        ),
      ],
      on: { PREVIOUS: back },
      states: {
        active: {
          on: {
            NEXT: forward,
            YES: forward,
            RESUME: forward,
            PAUSE: [
              // "Wait" inside an earlier step of a chained response: the pause is in that step.
              ...steps.slice(0, index).map((earlier, j) => ({
                guard: withIndex('isPlayingStep' as const, j),
                target: `#routine.${earlier.id}.paused`,
                actions: [withIndex('rewindChain' as const, j), 'pause' as const],
              })),
              { target: 'paused', actions: 'pause' as const },
            ],
          },
        },
        paused: {
          on: {
            NEXT: forward,
            YES: forward,
            RESUME: forward,
            PAUSE: { actions: answerPaused('coach.pause.already') },
            HELP: { actions: answerPaused('coach.help.paused') },
          },
        },
      },
    };
  };

  return routineSetup.createMachine({
    id: 'routine',
    context: ({ input }) => {
      // "I only have two minutes" said before the routine: it starts already fitted, the plan said first.
      const started = input.start.step > 0 || input.start.unit > 0;
      const changes = cautionPlan(catalogue(), routine, input.cautions ?? []);
      const plan = input.shortMinutes
        ? shortPlan(spokenOf({ cautionPlan: changes }), input.env.locale, input.start.step, input.shortMinutes, {
            started,
            leftOut: changes.leftOut,
          })
        : null;
      const skip = plan?.skip ?? [];
      const kept = { skip, cautionPlan: changes };
      const first = skipped(kept).includes(input.start.step) ? nextKept(kept, input.start.step) : input.start.step;
      const start = first === input.start.step ? input.start : { step: first, unit: 0 };
      return {
        routine: routine.id,
        step: start.step,
        played: null,
        paused: null,
        overrides: plan?.overrides ?? {},
        skip,
        chain: input.chain ?? false,
        chainedTo: null,
        gentle: input.gentle,
        gentlePercent: input.gentlePercent,
        stepsCompleted: start.step,
        finished: false,
        endReason: null,
        pending: {
          ...start,
          prefix: [...input.prefix, ...(plan ? shortPlanActs(spokenOf(kept), input.start.step, plan) : [])],
          opening: true,
        },
        asked: null,
        brief: input.brief ?? false,
        pace: 1,
        ratingBefore: input.ratingBefore ?? null,
        cautionPlan: changes,
        stopWordsOwed: input.stopWords ?? false,
        env: input.env,
      };
    },
    initial: 'start',
    states: {
      start: {
        always: steps.map((step, index) => ({ guard: withIndex('isAtStep' as const, index), target: step.id })),
      },
      ...Object.fromEntries(steps.map((step, index) => [step.id, stepState(step, index)])),
      done: { type: 'final', entry: 'markCompleted' },
    },
    on: {
      REPEAT: { actions: 'repeat' },
      START_OVER: { target: `.${steps[0]!.id}`, reenter: true, actions: 'startOver' },
      TIME_LEFT: { actions: 'answerTimeLeft' },
      PAIN: { actions: 'easeOff' },
      DEEPER: { actions: 'deeper' },
      ASK_WHERE: { actions: 'showWhere' },
      ASK_WHY: { actions: sayThenContinue('why') },
      ASK_ROUTINE: { actions: sayThenContinue('routineQuestion') },
      MISSING: { actions: sayThenContinue('missing') },
      REPORT: { actions: sayThenContinue('report') },
      SHORT_ON_TIME: { actions: 'shortenRoutine' },
      KEEP_GOING: { actions: 'keepChaining' },
      PACE: { actions: 'setPace' },
      TALK: { actions: 'setTalk' },
      WHATS_NEXT: { actions: sayThenContinue('whatsNext') },
      EXPLAIN: { actions: sayThenContinue('explain') },
      HELP: { actions: sayThen(say('coach.help.routine')) },
      FALLBACK: { actions: sayThen(say('coach.fallback.routine')) },
      NO: { actions: 'answerNo' },
      ADJUST: { actions: 'adjust' },
      CONTINUE: { actions: 'continueFromSession' },
      SILENCE: { actions: 'askAgainAfterSilence' },
      STOP: { target: '.done', actions: { type: 'finish', params: { reason: 'stopped' } } },
      SESSION_CLOSED: { target: '.done', actions: { type: 'finish', params: { reason: 'closed' } } },
    },
    output: ({ context }) => ({ reason: context.endReason ?? 'completed', stepsCompleted: context.stepsCompleted }),
  });
}
