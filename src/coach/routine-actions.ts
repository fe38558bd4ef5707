import { catalogue } from '../content/load';
import type { Routine } from '../content/schema';
import { say, type Act } from '../speech/acts';
import { cautionPlan } from './cautions';
import { envOf, type CoachReply } from './machine-kit';
import { routineAdjust } from './routine-adjust';
import { routineAnswers } from './routine-answers';
import { routineCautions } from './routine-cautions';
import type { Effect } from './output';
import { partOf, splitAssign, type Ctx, type Reply, type RoutineEndReason, type RunState } from './routine-context';
import { routineKit } from './routine-kit';
import { routinePlay } from './routine-play';
import type { SessionContext, SessionEvent } from './session-context';
import { shortPlan, shortPlanActs } from './short';
import { routineName, setUpLine } from './units';

/** Views already made: a context is never changed in place (an assign makes a new one), so one view serves every guard. */
const views = new WeakMap<SessionContext, Ctx>();

/** The routine as its functions see it: the run's own fields with the ones kept once in the session. */
export const routineCtx = (context: SessionContext): Ctx => {
  let view = views.get(context);
  if (!view) {
    view = {
      ...context.run!,
      env: context.env,
      brief: context.brief,
      chain: context.chain ?? false,
      ratingBefore: context.ratingBefore,
      stopWordsOwed: context.stopWordsOwed ?? false,
      stepsCompleted: context.stepsCompleted,
    };
    views.set(context, view);
  }
  return view;
};

/** A routine reply as the one machine's reply. */
export const fromRun = (context: SessionContext, reply: Reply): CoachReply => ({
  assign: splitAssign(context.run!, reply.assign),
  say: partOf(reply),
});

/** What is said before the hold carries on: words, and effects with them (a goal set). */
export interface CarryOn {
  acts: Act[];
  effects?: Effect[];
  quiet?: boolean;
}

/**
 * The dialogue of one plan while it runs: its guards and the functions its named actions call.
 * Playing a step and carrying on are in routine-play.ts, the answers in routine-answers.ts,
 * adjust and shorten in routine-adjust.ts, cautions in routine-cautions.ts; here they are read
 * from and written to the one context.
 */
export function routineDialogue(routine: Routine) {
  const kit = routineKit(routine);
  const { steps, unitsAt, spokenOf, skipped, nextKept, positionOf, nextUnitOf, wasInstructed, resumePointOf } = kit;
  const flow = routinePlay(kit);
  const { play } = flow;
  const { answers, timeLeftOf, pain, deeper, where, pace, talk } = routineAnswers(kit, flow);
  const { adjust, shorten } = routineAdjust(kit, flow);
  const { followCautions } = routineCautions(kit, flow);
  const nowOf = (context: SessionContext, event: SessionEvent) => envOf(context, event).now;
  const run =
    (reply: (ctx: Ctx, context: SessionContext, event: SessionEvent) => Reply) =>
    (context: SessionContext, event: SessionEvent): CoachReply =>
      fromRun(context, reply(routineCtx(context), context, event));

  /** "Say this, then carry on with the hold" (or ask again when no hold runs): see docs/machine.md. */
  const carryOn = (context: SessionContext, event: SessionEvent, said: CarryOn): CoachReply => {
    const reply = flow.carryOn(
      routineCtx(context),
      envOf(context, event),
      said.acts,
      said.quiet ? { quiet: true } : {},
    );
    return fromRun(context, said.effects?.length ? { ...reply, effects: said.effects } : reply);
  };
  /** One of the routine's answers by name (routine-answers.ts), worked out now; undefined for another name. */
  const answerOf = (name: string, context: SessionContext, event: SessionEvent): Act[] | undefined =>
    name in answers
      ? answers[name as keyof typeof answers](routineCtx(context), envOf(context, event), event)
      : undefined;

  const guards = {
    hasUnitsLeft: (context: SessionContext, event: SessionEvent, index: number) =>
      nextUnitOf(routineCtx(context), nowOf(context, event)) < unitsAt(routineCtx(context), index).length,
    isPastFirstUnit: (context: SessionContext, event: SessionEvent) =>
      positionOf(routineCtx(context), nowOf(context, event)).unit > 0,
    /** A chained response is still inside an earlier step than the state's: "wait" pauses that step. */
    isPlayingStep: (context: SessionContext, event: SessionEvent, index: number) => {
      const position = positionOf(routineCtx(context), nowOf(context, event));
      return position.inProgress && position.step === index && context.run!.step !== index;
    },
    /** The step after `index` is `to` (a shortened routine leaves some out). */
    isNextStep: (context: SessionContext, index: number, to: number) => nextKept(context.run!, index) === to,
  };

  const dialogue = {
    /** The plan starts: its place from the session's choice, fitted to "two minutes" and the cautions heard. */
    startRun: (context: SessionContext): CoachReply => {
      const begin = context.start ?? { step: 0, unit: 0 };
      const started = begin.step > 0 || begin.unit > 0;
      const changes = cautionPlan(catalogue(), routine, context.cautions ?? []);
      const plan = context.shortMinutes
        ? shortPlan(spokenOf({ cautionPlan: changes }), context.env.locale, begin.step, context.shortMinutes, {
            started,
            leftOut: changes.leftOut,
          })
        : null;
      const skip = plan?.skip ?? [];
      const kept = { skip, cautionPlan: changes };
      const first = skipped(kept).includes(begin.step) ? nextKept(kept, begin.step) : begin.step;
      const start = first === begin.step ? begin : { step: first, unit: 0 };
      const state: RunState = {
        routine: routine.id,
        step: start.step,
        played: null,
        paused: null,
        overrides: plan?.overrides ?? {},
        skip,
        chainedTo: null,
        gentle: context.gentleOwed,
        gentlePercent: catalogue().guide.startGentlyPercent,
        finished: false,
        endReason: null,
        pending: {
          ...start,
          prefix: [...context.intro, ...(plan ? shortPlanActs(spokenOf(kept), begin.step, plan) : [])],
          opening: true,
        },
        asked: null,
        pace: 1,
        cautionPlan: changes,
      };
      return { assign: { run: state, stepsCompleted: start.step } };
    },
    /** A step's entry plays from where the transition into it said (its top, a resumed place). */
    playStep: (context: SessionContext, event: SessionEvent, params: { index: number }): CoachReply => {
      const ctx = routineCtx(context);
      // Entered by a chained response: it already played this step's start.
      if (ctx.pending?.chained) return { assign: { run: { ...context.run!, pending: null } } };
      const pending = ctx.pending ?? { step: params.index, unit: 0, prefix: [], opening: true };
      const options = {
        prefix: pending.prefix,
        opening: pending.opening,
        ...(pending.instructed ? { instructed: true } : {}),
        // A saved place picked up in a new session: the body sets up again before the clock runs.
        ...(pending.remaining ? { remaining: pending.remaining, reposition: true } : {}),
      };
      return fromRun(context, play(ctx, envOf(context, event), params.index, pending.unit, options));
    },
    playNextUnit: (context: SessionContext, event: SessionEvent, params: { index: number }): CoachReply => {
      const ctx = routineCtx(context);
      const env = envOf(context, event);
      const remaining = ctx.paused && ctx.paused.remaining > 0 ? ctx.paused.remaining : undefined;
      const unit = nextUnitOf(ctx, env.now);
      return fromRun(
        context,
        play(ctx, env, params.index, unit, {
          opening: Boolean(ctx.paused),
          instructed: wasInstructed(ctx, env.now, params.index, unit),
          // Back from a pause: a short cue to set up again, the window, then the rest of the hold.
          ...(remaining ? { remaining, reposition: true, cueOnly: true } : {}),
        }),
      );
    },
    playPreviousUnit: (context: SessionContext, event: SessionEvent, params: { index: number }) => {
      const ctx = routineCtx(context);
      const env = envOf(context, event);
      return fromRun(context, play(ctx, env, params.index, positionOf(ctx, env.now).unit - 1, { opening: true }));
    },
    playFromTop: run((ctx, context, event) =>
      play(ctx, envOf(context, event), 0, 0, { opening: true, prefix: [say('coach.previous.atStart')] }),
    ),
    /** Leaving a step forward: it counts as done; the next step's entry plays from its top. */
    completeStep: (context: SessionContext, event: SessionEvent, params: { index: number; to: number }) => {
      const ctx = routineCtx(context);
      const instructed = wasInstructed(ctx, nowOf(context, event), params.to, 0);
      return fromRun(context, {
        assign: {
          stepsCompleted: Math.max(ctx.stepsCompleted, params.index + 1),
          pending: { step: params.to, unit: 0, prefix: [], opening: true, instructed },
          paused: null,
          ...(params.to >= steps.length ? { finished: true } : {}),
        },
      });
    },
    pause: run((ctx, context, event) => {
      const position = positionOf(ctx, nowOf(context, event));
      const unit = position.inProgress ? position.unit : (ctx.played?.to ?? 0);
      // On a pressure step mid-hold: off the pressure first, then the pause.
      const comeOff = position.inProgress && steps[position.step]!.pressure ? [say('coach.pause.comeOff')] : [];
      return {
        assign: { paused: { unit, remaining: position.inProgress ? position.remaining : 0 } },
        out: { acts: [...comeOff, say('coach.pause.done')], reprompt: [say('coach.pause.reprompt')] },
      };
    }),
    repeat: run((ctx, context, event) => {
      const env = envOf(context, event);
      const position = positionOf(ctx, env.now);
      if (ctx.paused) return play(ctx, env, position.step, position.unit, { opening: true });
      // Mid-hold: the instruction again, and the clock keeps running from where it was.
      const unit = unitsAt(ctx, position.step)[position.unit];
      const line = position.inProgress && unit ? [setUpLine(spokenOf(ctx), position.step, unit)] : [];
      return flow.carryOn(ctx, env, line);
    }),
    startOver: (context: SessionContext): CoachReply => ({
      assign: {
        run: {
          ...context.run!,
          pending: {
            step: 0,
            unit: 0,
            prefix: [say('coach.routine.startOver', { routine: routineName(routine) })],
            opening: true,
          },
          paused: null,
        },
      },
    }),
    // "No" to "Ready?": no rush. Inside a hold (it cut the audio) the hold simply goes on.
    answerNo: run((ctx, context, event) => {
      const env = envOf(context, event);
      const position = positionOf(ctx, env.now);
      if (position.inProgress || ctx.paused) return flow.carryOn(ctx, env, []);
      return { out: { acts: [say('coach.ask.noRush')], reprompt: [say('coach.ask.reprompt')] } };
    }),
    /** "Keep going": from now on, steps run on up to the budget; the question now is answered in the same turn. */
    keepChaining: run((ctx, context, event) => {
      const reply = flow.carryOn({ ...ctx, chain: true }, envOf(context, event), [say('coach.chain.on')]);
      return { ...reply, assign: { ...reply.assign, chain: true } };
    }),
    shortenRoutine: run((ctx, context, event) =>
      shorten(ctx, envOf(context, event), event.type === 'SHORT_ON_TIME' ? event.minutes : undefined),
    ),
    adjust: run((ctx, context, event) =>
      adjust(ctx, envOf(context, event), event.type === 'ADJUST' ? event.direction : undefined),
    ),
    // Answered once: the hold goes on in silence, the answer's time counted in it.
    answerTimeLeft: run((ctx, context, event) => {
      const env = envOf(context, event);
      return flow.carryOn(ctx, env, timeLeftOf(ctx, env), { quiet: true });
    }),
    easeOff: run((ctx, context, event) => pain(ctx, envOf(context, event))),
    deeper: run((ctx, context, event) => deeper(ctx, envOf(context, event))),
    showWhere: run((ctx, context, event) => where(ctx, envOf(context, event))),
    setPace: run((ctx, context, event) =>
      pace(ctx, envOf(context, event), event.type === 'PACE' ? event.pace : undefined),
    ),
    setTalk: run((ctx, context, event) =>
      talk(ctx, envOf(context, event), event.type === 'TALK' ? event.mode : undefined),
    ),
    /** A caution heard mid-routine: the plan the cautions make is followed from here, said first. */
    followCautions: (context: SessionContext, event: SessionEvent, params: { prefix: Act[] }) =>
      fromRun(
        context,
        followCautions(routineCtx(context), envOf(context, event), params.prefix, context.cautions ?? []),
      ),
    /** Stopped or closed: the place is saved for next time (or cleared when nothing is left). */
    finish: (context: SessionContext, event: SessionEvent, params: { reason: RoutineEndReason }) => {
      const point = resumePointOf(routineCtx(context), nowOf(context, event));
      return fromRun(context, {
        assign: { endReason: params.reason },
        effects: [point ? { type: 'saveResume', point } : { type: 'clearResume' }],
      });
    },
    markCompleted: (context: SessionContext): CoachReply | null =>
      context.run!.finished
        ? { assign: { run: { ...context.run!, endReason: 'completed' }, stepsCompleted: steps.length } }
        : null,
  };

  return { kit, guards, dialogue, carryOn, answerOf };
}
