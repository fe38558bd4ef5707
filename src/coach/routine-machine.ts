import { enqueueActions, setup } from 'xstate';
import type { Routine } from '../content/schema';
import { say, sayFirst, type Act } from '../speech/acts';
import { planSpeech } from '../speech/plan';
import { catalogue } from '../content/load';
import type { CoachEvent, TurnEnv } from './events';
import type { Effect, OutputPart, ResumePoint, View } from './output';
import { positionAt, secondsLeft, type Played, type Position } from './position';
import { askForStep, askForUnit, holdSecondsOf, routineName, setUpLine, stepKey, stepTitle, unitActs, unitsOf } from './units';

/** Where a routine starts: the top, or a saved place (with what was left of a hold). */
export interface RoutineStart {
  step: number;
  unit: number;
  remaining?: number;
}

export interface RoutineInput {
  env: TurnEnv;
  /** Brief mode from the profile ("talk less"). */
  brief?: boolean;
  /** The before-rating, saved with a place so a resumed session keeps it. */
  ratingBefore?: number | null;
  gentle: boolean;
  gentlePercent: number;
  start: RoutineStart;
  /** Acts said before the first step in the same response (the routine's introduction). */
  prefix: Act[];
}

export type RoutineEndReason = 'completed' | 'stopped' | 'closed';
export interface RoutineOutput {
  reason: RoutineEndReason;
  stepsCompleted: number;
}

export interface RoutineContext {
  routine: string;
  step: number;
  played: Played | null;
  paused: { unit: number; remaining: number } | null;
  overrides: Record<string, number>;
  /** The "start gently" reminder is still owed (first hold of the session). */
  gentle: boolean;
  gentlePercent: number;
  stepsCompleted: number;
  finished: boolean;
  endReason: RoutineEndReason | null;
  /** What the next step entry plays: set by the transition that enters it. */
  pending: (RoutineStart & { prefix: Act[]; opening: boolean; instructed?: boolean; reposition?: boolean }) | null;
  /** The unit whose set-up closed the last response ("… say ready when you're in position"). */
  asked: { step: number; unit: number } | null;
  /** Brief mode: cues only at changes. */
  brief: boolean;
  /** Our counting pace: 1, slower 1.5 (up to 2), faster 0.75 (down to 0.5). */
  pace: number;
  ratingBefore: number | null;
  env: TurnEnv;
}

/** Sent by the session to continue a hold after it spoke (a rating, progress), with what it said first. */
export type ContinueEvent = { type: 'CONTINUE'; prefix: Act[]; env: TurnEnv; ratingBefore?: number | null };
export type RoutineEvent = (CoachEvent & { env: TurnEnv }) | ContinueEvent;

type Ctx = RoutineContext;
/** How a hold goes on after the coach spoke: the talk counts toward it (overlap); no "back to" line (quiet). */
interface ContinueOptions {
  overlap?: boolean;
  quiet?: boolean;
}
interface Enqueue {
  assign(values: Partial<Ctx>): void;
  sendParent(event: { type: 'OUT'; part: OutputPart }): void;
}
type Reply = { assign?: Partial<Ctx>; out?: OutputPart; effects?: Effect[] };

const envOf = (context: Ctx, event: unknown): TurnEnv => (event as { env?: TurnEnv }).env ?? context.env;

/** One action: compute a reply from the turn's context and event, then update context and speak. */
const respond = (compute: (context: Ctx, env: TurnEnv, event: RoutineEvent) => Reply) =>
  enqueueActions((({ context, event, enqueue }: { context: Ctx; event: RoutineEvent; enqueue: Enqueue }) => {
    const reply = compute(context, envOf(context, event), event);
    if (reply.assign && Object.keys(reply.assign).length) enqueue.assign(reply.assign);
    if (reply.out || reply.effects?.length) {
      const part = reply.effects?.length ? { ...reply.out, effects: reply.effects } : (reply.out ?? {});
      enqueue.sendParent({ type: 'OUT', part });
    }
  }) as never);

const guardOf = (test: (context: Ctx, env: TurnEnv) => boolean) =>
  (({ context, event }: { context: Ctx; event: RoutineEvent }) => test(context, envOf(context, event))) as never;

/** What a screen shows of a routine's position: step, side, hold length. */
export function routineView(routine: Routine, context: Pick<RoutineContext, 'overrides'>, stepIndex: number, unitIndex: number): View {
  const step = routine.steps[stepIndex]!;
  const units = unitsOf(step, context.overrides[step.id]);
  const unit = units[Math.max(0, Math.min(unitIndex, units.length - 1))]!;
  return {
    routine: routine.id,
    stepIndex,
    stepId: step.id,
    stepCount: routine.steps.length,
    side: unit.side ?? null,
    holdSeconds: unit.kind === 'hold' ? unit.seconds : null,
    unit: unit.index,
    units: units.length,
  };
}

/** The current view of a running routine, from its context. */
export function currentView(routine: Routine, context: RoutineContext): View {
  const unit = context.paused?.unit ?? context.played?.from ?? 0;
  return routineView(routine, context, context.step, unit);
}

/** The factory: one machine per routine, its states the routine's steps in the guide's order. */
export function buildRoutineMachine(routine: Routine) {
  const steps = routine.steps;
  const unitsAt = (context: Ctx, index: number) => unitsOf(steps[index]!, context.overrides[steps[index]!.id], context.pace);

  const viewOf = (context: Ctx, stepIndex: number, unitIndex: number): View => routineView(routine, context, stepIndex, unitIndex);

  const positionOf = (context: Ctx, now: number): Position => {
    if (context.paused) return { step: context.step, unit: context.paused.unit, remaining: context.paused.remaining, inProgress: false };
    if (context.played) return positionAt(context.played, now);
    return { step: context.step, unit: 0, remaining: 0, inProgress: false };
  };

  /** The unit a forward move goes to: the paused one, past the one in progress, or on from the last response. */
  const nextUnitOf = (context: Ctx, now: number): number => {
    if (context.paused) return context.paused.unit;
    const position = positionOf(context, now);
    return position.inProgress ? position.unit + 1 : (context.played?.to ?? 0);
  };

  /** The closing question of a response that ends at `to` in step `stepIndex`; null when the routine is done. */
  const closingAsk = (context: Ctx, stepIndex: number, to: number): Act[] | null => {
    const units = unitsAt(context, stepIndex);
    if (to < units.length) return askForUnit(routine, stepIndex, units[to]!);
    if (stepIndex + 1 < steps.length) return askForStep(routine, stepIndex + 1);
    return null;
  };
  /** The unit a closing question set up, when it ends with "say ready" (a hold that needs a position). */
  const askedUnit = (context: Ctx, stepIndex: number, to: number): { step: number; unit: number } | null => {
    const units = unitsAt(context, stepIndex);
    if (to < units.length) return units[to]!.kind === 'hold' && units[to]!.side && units[to]!.repetition === undefined ? { step: stepIndex, unit: to } : null;
    if (stepIndex + 1 < steps.length) return unitsAt(context, stepIndex + 1)[0]!.kind === 'hold' ? { step: stepIndex + 1, unit: 0 } : null;
    return null;
  };
  /** The user heard the set-up of this unit at the end of the last response, in full: the clock can start. */
  const wasInstructed = (context: Ctx, now: number, stepIndex: number, unit: number): boolean =>
    context.asked?.step === stepIndex && context.asked.unit === unit && !positionOf(context, now).inProgress && !context.paused;

  /**
   * Plays units of a step from `from` while they fit the platform's budget for one response, then
   * asks before the rest: a long step is split into turns, never cut.
   */
  const play = (
    context: Ctx,
    env: TurnEnv,
    stepIndex: number,
    from: number,
    options: { prefix?: Act[]; opening: boolean; remaining?: number; instructed?: boolean; reposition?: boolean; quiet?: boolean },
  ): Reply => {
    const units = unitsAt(context, stepIndex);
    const acts: Act[] = [...(options.prefix ?? [])];
    // The guide's "start gently" goes on the first pressure hold, and again when the body sets up anew.
    const pressure = steps[stepIndex]!.pressure === true;
    let gentle = (context.gentle || Boolean(options.reposition)) && pressure;
    let to = from;
    for (let index = from; index < units.length; index += 1) {
      const unit = units[index]!;
      const first = index === from;
      const unitSpeech = unitActs(routine, stepIndex, unit, {
        opening: first && options.opening,
        gentle: gentle && unit.kind === 'hold',
        gentlePercent: context.gentlePercent,
        brief: context.brief,
        ...(first && options.quiet ? { quiet: true } : {}),
        ...(first && options.instructed ? { instructed: true } : {}),
        ...(first && options.remaining !== undefined ? { remaining: options.remaining, reposition: Boolean(options.reposition) } : {}),
      });
      // Always play one unit; add more only while the whole response, with its question, fits the budget.
      if (index > from && planSpeech([...acts, ...unitSpeech], env.locale).seconds + 20 > env.budgetSeconds) break;
      acts.push(...unitSpeech);
      if (unit.kind === 'hold') gentle = false;
      to = index + 1;
    }
    const ask = closingAsk(context, stepIndex, to);
    if (ask) acts.push(...ask);
    const asked = ask ? askedUnit(context, stepIndex, to) : null;
    const plan = planSpeech(acts, env.locale);
    const played: Played = {
      step: stepIndex,
      from,
      to,
      at: env.now,
      end: plan.seconds,
      spans: plan.holds.map((span) => [span.unit, span.start, span.end]),
    };
    return {
      assign: { played, paused: null, gentle: context.gentle && !pressure, step: stepIndex, finished: !ask, pending: null, asked, env },
      out: { acts, reprompt: ask ? [say('coach.ask.reprompt')] : [], view: viewOf(context, stepIndex, from) },
    };
  };

  /**
   * After the coach spoke mid-routine. A voice platform stops playback when the user speaks, so a
   * hold that was running is picked up with what is left of it; otherwise the question is asked again.
   */
  const continuation = (context: Ctx, env: TurnEnv, prefix: Act[], options: ContinueOptions = {}): Reply => {
    if (context.paused) return { out: { acts: [...prefix, say('coach.pause.reprompt')], reprompt: [say('coach.pause.reprompt')] } };
    const position = positionOf(context, env.now);
    if (position.inProgress && position.remaining > 0) {
      // The user stays in position while the coach answers: that time counts toward the hold.
      const remaining = options.overlap ? Math.max(3, Math.round(position.remaining - planSpeech(prefix, env.locale).seconds)) : position.remaining;
      return play(context, env, position.step, position.unit, { prefix, opening: false, remaining, ...(options.quiet ? { quiet: true } : {}) });
    }
    const ask = closingAsk(context, position.step, context.played?.to ?? 0) ?? [say('coach.ask.reprompt')];
    return { out: { acts: [...prefix, ...ask], reprompt: [say('coach.ask.reprompt')], view: viewOf(context, position.step, position.unit) } };
  };

  const resumePointOf = (context: Ctx, now: number): ResumePoint | null => {
    const position = positionOf(context, now);
    let step = position.step;
    let unit = position.inProgress || context.paused ? position.unit : (context.played?.to ?? 0);
    const remaining = position.remaining > 0 ? position.remaining : undefined;
    if (unit >= unitsAt(context, step).length) {
      step += 1;
      unit = 0;
    }
    if (step >= steps.length) return null;
    const side = unitsAt(context, step)[unit]?.side;
    return {
      routine: routine.id,
      step,
      unit,
      ...(side ? { side } : {}),
      ...(remaining ? { remainingSeconds: remaining } : {}),
      ...(context.ratingBefore !== null ? { ratingBefore: context.ratingBefore } : {}),
      savedAt: now,
    };
  };

  // --- what the shared commands say ----------------------------------------------------------------
  const explainActs = (context: Ctx, event: RoutineEvent): Act[] => {
    const technique = (event.type === 'EXPLAIN' ? event.technique : undefined) ?? steps[context.step]!.technique;
    if (technique) return [say(`technique.${technique}.what`), say(`technique.${technique}.how`)];
    const key = stepKey(routine, context.step);
    return [say('coach.explain.plain', { title: stepTitle(routine, context.step), instruction: { t: `${key}.instruction` } })];
  };

  const spokenRound = (seconds: number) => ({ seconds: seconds < 60 ? Math.max(5, Math.round(seconds / 5) * 5) : Math.round(seconds / 30) * 30 });
  const timeLeftActs = (context: Ctx, env: TurnEnv): Act[] => {
    const position = positionOf(context, env.now);
    const total = secondsLeft(routine, position, context.overrides);
    if (position.remaining > 0) return [say('coach.timeLeft.hold', { hold: spokenRound(position.remaining), total: spokenRound(total) })];
    return [say('coach.timeLeft.routine', { total: spokenRound(total) })];
  };

  const whatsNextActs = (context: Ctx, env: TurnEnv): Act[] => {
    const upcoming = context.paused && context.paused.remaining > 0 ? context.paused.unit + 1 : nextUnitOf(context, env.now);
    const unit = unitsAt(context, context.step)[upcoming];
    if (unit?.side && unit.repetition === undefined) return [say('coach.whatsNext.side', { side: { t: `side.${unit.side}` } })];
    if (unit?.repetition) return [say('coach.whatsNext.repetition', { ordinal: { t: `ordinal.${unit.repetition}` } })];
    if (unit?.set) return [say('coach.whatsNext.set', { set: { t: `set.${unit.set}` } })];
    if (unit) return [say('coach.whatsNext.step', { title: stepTitle(routine, context.step) })];
    if (context.step + 1 < steps.length) return [say('coach.whatsNext.step', { title: stepTitle(routine, context.step + 1) })];
    return [say('coach.whatsNext.last')];
  };

  const speakAndContinue = (acts: (context: Ctx, env: TurnEnv, event: RoutineEvent) => Act[]) =>
    respond((context, env, event) => continuation(context, env, acts(context, env, event)));

  /** The unit the user is in or was last in, and whether a hold is running on a pressure step. */
  const holdingAt = (context: Ctx, env: TurnEnv) => {
    const position = positionOf(context, env.now);
    const unit = unitsAt(context, position.step)[position.unit];
    const holding = position.inProgress && position.remaining > 0 && unit?.kind === 'hold';
    return { position, unit, holding };
  };

  /** "That hurts too much": ease off at once, the reminder again, and the hold goes on from where it was. */
  const pain = respond((context, env) => {
    const { holding, position } = holdingAt(context, env);
    if (holding) {
      const prefix = [say('coach.pain.easeOff'), say('coach.routine.gentle', { percent: context.gentlePercent })];
      if (adjustRange(position.step)) prefix.push(say('coach.pain.shorter'));
      return continuation(context, env, prefix, { overlap: true });
    }
    // Between holds: the next pressure hold starts with the reminder again.
    const reply = continuation(context, env, [say('coach.pain.notHolding')]);
    return { ...reply, assign: { ...reply.assign, gentle: true } };
  });

  /** "Can I press harder?": the guide's progression, only if comfortable. */
  const deeper = respond((context, env) =>
    holdingAt(context, env).holding
      ? continuation(context, env, [say('coach.pain.deeper')], { overlap: true })
      : continuation(context, env, [say('coach.pain.deeperNotHolding')]),
  );

  /** "Where exactly should the ball go?": the set-up again, how to find the spot; the clock keeps running. */
  const where = respond((context, env) => {
    const { position, unit } = holdingAt(context, env);
    const acts: Act[] = unit ? [setUpLine(routine, position.step, unit)] : [];
    return continuation(context, env, [...acts, say('coach.question.findSpot')], { overlap: true });
  });

  /** "What's this good for?": the step's, or its technique's, reason from the guide. */
  const whyActs = (context: Ctx): Act[] => {
    const step = steps[context.step]!;
    return [
      sayFirst([
        `${stepKey(routine, context.step)}.why`,
        ...(step.technique ? [`technique.${step.technique}.why`] : []),
        `coach.question.why_${step.id}`,
        'coach.question.whyStep',
      ]),
    ];
  };

  /** "Which routine is good for …?": answered from the guide, never executed; switching stays the user's call. */
  const routineQuestionActs = (event: RoutineEvent): Act[] => {
    const asked = event.type === 'ASK_ROUTINE' ? event.routine : undefined;
    if (!asked || !catalogue().routines.has(asked)) return [say('coach.question.where')];
    const answer = say(`routine.${asked}.goodFor`);
    if (asked === routine.id) return [answer];
    return [answer, say('coach.question.offerSwitch', { routine: routineName(catalogue().routines.get(asked)!) })];
  };

  /** "Slower" / "faster": our counting pace, from the next count; holds keep the guide's clock. */
  const pace = respond((context, env, event) => {
    const direction = event.type === 'PACE' ? event.pace : undefined;
    const position = positionOf(context, env.now);
    const countsAhead = steps.some((step, index) => index >= position.step && step.dose.type === 'count');
    if (!direction || !countsAhead) return continuation(context, env, [say('coach.pace.holds')]);
    const next = Math.round(Math.min(2, Math.max(0.5, context.pace * (direction === 'slower' ? 1.5 : 0.75))) * 100) / 100;
    if (next === context.pace) return continuation(context, env, [say(direction === 'slower' ? 'coach.pace.atSlowest' : 'coach.pace.atFastest')]);
    const reply = continuation(context, env, [say(`coach.pace.${direction}`)]);
    return { ...reply, assign: { ...reply.assign, pace: next } };
  });

  /** "Talk less" (brief mode: cues only at changes) or "talk more"; kept in the profile. */
  const talk = respond((context, env, event) => {
    const brief = !(event.type === 'TALK' && event.mode === 'more');
    const reply = continuation({ ...context, brief }, env, [say(brief ? 'coach.talk.less' : 'coach.talk.more')]);
    return { ...reply, assign: { ...reply.assign, brief }, effects: [{ type: 'setTalk', talk: brief ? 'brief' : 'full' }] };
  });

  /**
   * The range "shorter" / "longer" may move a hold in: the guide's own range for the step, else its
   * technique's (ball 30–45 s, compression 30–60 s), widened to include the step's own dose. A roll
   * and a stretch keep the guide's time.
   */
  const adjustRange = (stepIndex: number): { min: number; max: number; step: number } | null => {
    const step = steps[stepIndex]!;
    if (step.dose.type !== 'hold') return null;
    if (typeof step.dose.seconds === 'object') return step.dose.seconds;
    const technique = step.technique ? catalogue().techniques.get(step.technique) : undefined;
    if (!technique?.hold || !step.pressure || technique.id === 'foam-roller-release') return null;
    return { min: Math.min(technique.hold.min, step.dose.seconds), max: Math.max(technique.hold.max, step.dose.seconds), step: 15 };
  };

  /** "Longer" / "shorter": moves a range's hold within the guide's bounds; a running hold changes at once. */
  const adjust = respond((context, env, event) => {
    const step = steps[context.step]!;
    const direction = event.type === 'ADJUST' ? event.direction : undefined;
    const current = holdSecondsOf(step, context.overrides[step.id]);
    const range = adjustRange(context.step);
    if (!range || !direction) {
      return continuation(context, env, [say('coach.adjust.fixed', { duration: { seconds: unitsAt(context, context.step)[0]!.seconds } })]);
    }
    const chosen = Math.min(range.max, Math.max(range.min, current + (direction === 'longer' ? range.step : -range.step)));
    if (chosen === current) {
      return continuation(context, env, [say(direction === 'longer' ? 'coach.adjust.atMost' : 'coach.adjust.atLeast', { duration: { seconds: current } })]);
    }
    const adjusted: Ctx = { ...context, overrides: { ...context.overrides, [step.id]: chosen } };
    const position = positionOf(context, env.now);
    const sided = unitsAt(context, context.step).some((unit) => unit.side);
    const prefix = [say(sided ? `coach.adjust.${direction}` : 'coach.adjust.changed', { duration: { seconds: chosen } })];
    const reply =
      position.inProgress && position.remaining > 0
        ? play(adjusted, env, position.step, position.unit, { prefix, opening: false, remaining: Math.max(3, position.remaining + chosen - current) })
        : continuation(adjusted, env, prefix);
    return { ...reply, assign: { ...reply.assign, overrides: adjusted.overrides } };
  });

  const finish = (reason: RoutineEndReason) =>
    respond((context, env) => {
      const point = resumePointOf(context, env.now);
      return { assign: { endReason: reason }, effects: [point ? { type: 'saveResume', point } : { type: 'clearResume' }] };
    });

  // --- one state per step, generated from content ---------------------------------------------------
  const stepStates: Record<string, unknown> = {};
  steps.forEach((step, index) => {
    const isLast = index === steps.length - 1;
    const forward = [
      {
        guard: guardOf((context, env) => nextUnitOf(context, env.now) < unitsAt(context, index).length),
        target: `#routine.${step.id}.active`,
        actions: respond((context, env) => {
          const remaining = context.paused && context.paused.remaining > 0 ? context.paused.remaining : undefined;
          const unit = nextUnitOf(context, env.now);
          return play(context, env, index, unit, {
            opening: Boolean(context.paused),
            instructed: wasInstructed(context, env.now, index, unit),
            ...(remaining ? { remaining, reposition: true } : {}),
          });
        }),
      },
      {
        target: isLast ? '#routine.done' : `#routine.${steps[index + 1]!.id}`,
        actions: respond((context, env) => ({
          assign: {
            stepsCompleted: Math.max(context.stepsCompleted, index + 1),
            pending: { step: index + 1, unit: 0, prefix: [], opening: true, instructed: wasInstructed(context, env.now, index + 1, 0) },
            paused: null,
            ...(isLast ? { finished: true } : {}),
          },
        })),
      },
    ];
    const back = [
      {
        guard: guardOf((context, env) => positionOf(context, env.now).unit > 0),
        target: `#routine.${step.id}.active`,
        actions: respond((context, env) => play(context, env, index, positionOf(context, env.now).unit - 1, { opening: true })),
      },
      index === 0
        ? { target: `#routine.${step.id}.active`, actions: respond((context, env) => play(context, env, 0, 0, { opening: true, prefix: [say('coach.previous.atStart')] })) }
        : {
            target: `#routine.${steps[index - 1]!.id}`,
            actions: respond(() => ({ assign: { pending: { step: index - 1, unit: 0, prefix: [], opening: true }, paused: null } })),
          },
    ];
    const pausedReply = (key: string) => respond(() => ({ out: { acts: [say(key)], reprompt: [say('coach.pause.reprompt')] } }));
    stepStates[step.id] = {
      initial: 'active',
      entry: respond((context, env) => {
        const pending = context.pending ?? { step: index, unit: 0, prefix: [], opening: true };
        return play(context, env, index, pending.unit, {
          prefix: pending.prefix,
          opening: pending.opening,
          ...(pending.instructed ? { instructed: true } : {}),
          // A saved place picked up in a new session: the body sets up again before the clock runs.
          ...(pending.remaining ? { remaining: pending.remaining, reposition: true } : {}),
        });
      }),
      always: { guard: guardOf((context) => context.finished), target: '#routine.done' },
      on: { PREVIOUS: back },
      states: {
        active: {
          on: {
            NEXT: forward,
            YES: forward,
            RESUME: forward,
            PAUSE: {
              target: 'paused',
              actions: respond((context, env) => {
                const position = positionOf(context, env.now);
                const unit = position.inProgress ? position.unit : (context.played?.to ?? 0);
                // On a pressure step mid-hold: off the pressure first, then the pause.
                const comeOff = position.inProgress && steps[position.step]!.pressure ? [say('coach.pause.comeOff')] : [];
                return {
                  assign: { paused: { unit, remaining: position.inProgress ? position.remaining : 0 } },
                  out: { acts: [...comeOff, say('coach.pause.done')], reprompt: [say('coach.pause.reprompt')] },
                };
              }),
            },
          },
        },
        paused: {
          on: { NEXT: forward, YES: forward, RESUME: forward, PAUSE: { actions: pausedReply('coach.pause.already') }, HELP: { actions: pausedReply('coach.help.paused') } },
        },
      },
    };
  });

  const config = {
    id: 'routine',
    context: ({ input }: { input: RoutineInput }): RoutineContext => ({
      routine: routine.id,
      step: input.start.step,
      played: null,
      paused: null,
      overrides: {},
      gentle: input.gentle,
      gentlePercent: input.gentlePercent,
      stepsCompleted: input.start.step,
      finished: false,
      endReason: null,
      pending: { ...input.start, prefix: input.prefix, opening: true },
      asked: null,
      brief: input.brief ?? false,
      pace: 1,
      ratingBefore: input.ratingBefore ?? null,
      env: input.env,
    }),
    initial: 'start',
    states: {
      start: { always: steps.map((step, index) => ({ guard: guardOf((context) => context.step === index), target: step.id })) },
      ...stepStates,
      done: {
        type: 'final',
        entry: respond((context) => (context.finished ? { assign: { endReason: 'completed', stepsCompleted: steps.length } } : {})),
      },
    },
    on: {
      REPEAT: {
        actions: respond((context, env) => {
          const position = positionOf(context, env.now);
          if (context.paused) return play(context, env, position.step, position.unit, { opening: true });
          // Mid-hold: the instruction again, and the clock keeps running from where it was.
          const unit = unitsAt(context, position.step)[position.unit];
          if (position.inProgress && unit) return continuation(context, env, [setUpLine(routine, position.step, unit)]);
          return continuation(context, env, []);
        }),
      },
      START_OVER: {
        target: `.${steps[0]!.id}`,
        reenter: true,
        actions: respond(() => ({
          assign: {
            pending: { step: 0, unit: 0, prefix: [say('coach.routine.startOver', { routine: { t: `routine.${routine.id}.name` } })], opening: true },
            paused: null,
          },
        })),
      },
      // Answered once: the hold goes on in silence, the answer's time counted in it.
      TIME_LEFT: { actions: respond((context, env) => continuation(context, env, timeLeftActs(context, env), { overlap: true, quiet: true })) },
      PAIN: { actions: pain },
      DEEPER: { actions: deeper },
      ASK_WHERE: { actions: where },
      ASK_WHY: { actions: speakAndContinue((context) => whyActs(context)) },
      ASK_ROUTINE: { actions: speakAndContinue((_context, _env, event) => routineQuestionActs(event)) },
      MISSING: { actions: speakAndContinue((_context, _env, event) => [say(`coach.missing.${(event.type === 'MISSING' && event.item) || 'unknown'}`)]) },
      PACE: { actions: pace },
      TALK: { actions: talk },
      WHATS_NEXT: { actions: speakAndContinue((context, env) => whatsNextActs(context, env)) },
      EXPLAIN: { actions: speakAndContinue((context, _env, event) => explainActs(context, event)) },
      HELP: { actions: speakAndContinue(() => [say('coach.help.routine')]) },
      FALLBACK: { actions: speakAndContinue(() => [say('coach.fallback.routine')]) },
      // "No" to "Ready?": no rush. Inside a hold (it cut the audio) the hold simply goes on.
      NO: {
        actions: respond((context, env) => {
          const position = positionOf(context, env.now);
          if (position.inProgress || context.paused) return continuation(context, env, []);
          return { out: { acts: [say('coach.ask.noRush')], reprompt: [say('coach.ask.reprompt')] } };
        }),
      },
      ADJUST: { actions: adjust },
      CONTINUE: {
        actions: respond((context, env, event) => {
          const reply = continuation(context, env, event.type === 'CONTINUE' ? event.prefix : []);
          const rating = event.type === 'CONTINUE' && event.ratingBefore !== undefined ? { ratingBefore: event.ratingBefore } : {};
          return { ...reply, assign: { ...reply.assign, ...rating } };
        }),
      },
      // The first silence gets the question alone; the session escalates the next ones.
      SILENCE: { actions: respond((context, env) => continuation(context, env, [])) },
      STOP: { target: '.done', actions: finish('stopped') },
      SESSION_CLOSED: { target: '.done', actions: finish('closed') },
    },
    output: ({ context }: { context: Ctx }): RoutineOutput => ({ reason: context.endReason ?? 'completed', stepsCompleted: context.stepsCompleted }),
  };

  return setup({
    types: {} as { context: RoutineContext; events: RoutineEvent; input: RoutineInput; output: RoutineOutput },
  }).createMachine(config as never);
}

export type RoutineMachine = ReturnType<typeof buildRoutineMachine>;
