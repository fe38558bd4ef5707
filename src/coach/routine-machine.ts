import { enqueueActions, setup } from 'xstate';
import { envOf, outputEvent, type OutputEvent } from './machine-kit';
import type { Routine } from '../content/schema';
import { say, sayFirst, type Act } from '../speech/acts';
import { planSpeech, SpeechClock } from '../speech/plan';
import { catalogue } from '../content/load';
import { plannedMinutes } from './length';
import { shortPlan, shortPlanActs } from './short';
import type { CoachEvent, TurnEnv } from './events';
import type { Effect, OutputPart, ResumePoint, View } from './output';
import { positionAt, type Played, type Position } from './position';
import { planPointOf, timeLeftActs } from './time-left';
import { pickUpOptions } from './interruptions';
import { cautionPlan, cautionPlanActs, spokenRoutine, type CautionPlan } from './cautions';
import {
  askForStep,
  askForUnit,
  holdSecondsOf,
  routineName,
  setUpLine,
  stepKey,
  stepTitle,
  unitActs,
  unitsOf,
} from './units';

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
  /** "Keep going": steps chained up to the response budget, no "ready?" between them. */
  chain?: boolean;
  /** The before-rating, saved with a place so a resumed session keeps it. */
  ratingBefore?: number | null;
  gentle: boolean;
  gentlePercent: number;
  start: RoutineStart;
  /** Acts said before the first step in the same response (the routine's introduction). */
  prefix: Act[];
  /** "I only have two minutes" said before the routine began: fit it into these minutes. */
  shortMinutes?: number | null;
  /** Cautions heard this session (pregnancy …): steps they rule out are done another way or left out. */
  cautions?: string[];
  /** A first session: the words that stop everything are owed, said before the first pressure step. */
  stopWords?: boolean;
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
  pending:
    | (RoutineStart & {
        prefix: Act[];
        opening: boolean;
        instructed?: boolean;
        reposition?: boolean;
        chained?: boolean;
      })
    | null;
  /** The unit whose set-up closed the last response ("… say ready when you're in position"). */
  asked: { step: number; unit: number } | null;
  /** Brief mode: cues only at changes. */
  brief: boolean;
  /** Our counting pace: 1, slower 1.5 (up to 2), faster 0.75 (down to 0.5). */
  pace: number;
  /** "Keep going": chain steps up to the budget; the step a chained response ended in, for the state to follow. */
  chain?: boolean;
  chainedTo?: number | null;
  /** Steps left out of a shortened routine ("I only have two minutes"). */
  skip?: number[];
  ratingBefore: number | null;
  /** What the cautions heard change: steps done the guide's other way, steps left out. */
  cautionPlan?: CautionPlan;
  /** The stop words are still owed (a first session, no pressure step reached yet). */
  stopWordsOwed?: boolean;
  env: TurnEnv;
}

/** Sent by the session to continue a hold after it spoke (a rating, progress), with what it said first. */
export type ContinueEvent = {
  type: 'CONTINUE';
  prefix: Act[];
  env: TurnEnv;
  ratingBefore?: number | null;
  /** A caution was just heard: every caution of the session so far, for the plan to follow. */
  cautions?: string[];
};
export type RoutineEvent = (CoachEvent & { env: TurnEnv }) | ContinueEvent;

type Ctx = RoutineContext;
/** How a hold goes on after the coach spoke: no "back to" line (quiet). */
interface ContinueOptions {
  quiet?: boolean;
}
/** What a routine action works out: context to change, and what to say (sent up to the session). */
type Reply = { assign?: Partial<Ctx>; out?: OutputPart; effects?: Effect[] };
interface Enqueue {
  assign(values: Partial<Ctx>): void;
  sendParent(event: OutputEvent): void;
}
function send(enqueue: Enqueue, reply: Reply) {
  if (reply.assign && Object.keys(reply.assign).length) enqueue.assign(reply.assign);
  if (reply.out || reply.effects?.length)
    enqueue.sendParent(
      outputEvent(reply.effects?.length ? { ...reply.out, effects: reply.effects } : (reply.out ?? {})),
    );
}

/** What a screen shows of a routine's position: step, side, hold length. */
export function routineView(
  routine: Routine,
  context: Pick<RoutineContext, 'overrides'>,
  stepIndex: number,
  unitIndex: number,
): View {
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
    text: {
      routine: routineName(routine),
      step: stepTitle(routine, stepIndex),
      instruction: { t: `${stepKey(routine, stepIndex)}.instruction` },
    },
  };
}

/** The current view of a running routine, from its context. */
export function currentView(routine: Routine, context: RoutineContext): View {
  const unit = context.paused?.unit ?? context.played?.from ?? 0;
  return routineView(spokenRoutine(routine, context.cautionPlan?.replaced ?? []), context, context.step, unit);
}

/** The factory: one machine per routine, its states the routine's steps in the guide's order. */
export function buildRoutineMachine(routine: Routine) {
  const steps = routine.steps;
  const unitsAt = (context: Ctx, index: number) =>
    unitsOf(steps[index]!, context.overrides[steps[index]!.id], context.pace);

  /** The routine as the coach speaks it: a caution may have it do some steps the guide's other way. */
  const spokenOf = (context: Pick<Ctx, 'cautionPlan'>): Routine =>
    spokenRoutine(routine, context.cautionPlan?.replaced ?? []);
  /** Steps left out: by a shortened routine, or by a caution. */
  const skipped = (context: Pick<Ctx, 'skip' | 'cautionPlan'>): number[] => [
    ...(context.skip ?? []),
    ...(context.cautionPlan?.leftOut ?? []),
  ];
  /** The next step the routine plays after `index`: a shortened routine or a caution leaves some out. */
  const nextKept = (context: Pick<Ctx, 'skip' | 'cautionPlan'>, index: number): number => {
    const skip = skipped(context);
    let next = index + 1;
    while (next < steps.length && skip.includes(next)) next += 1;
    return next;
  };

  const viewOf = (context: Ctx, stepIndex: number, unitIndex: number): View =>
    routineView(spokenOf(context), context, stepIndex, unitIndex);

  const positionOf = (context: Ctx, now: number): Position => {
    if (context.paused)
      return { step: context.step, unit: context.paused.unit, remaining: context.paused.remaining, inProgress: false };
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
  const closingAsk = (context: Ctx, stepIndex: number, to: number): readonly Act[] | null => {
    const units = unitsAt(context, stepIndex);
    if (to < units.length) return askForUnit(spokenOf(context), stepIndex, units[to]!);
    const next = nextKept(context, stepIndex);
    if (next < steps.length) return askForStep(spokenOf(context), next);
    return null;
  };
  /** The unit a closing question set up, when it ends with "say ready" (a hold that needs a position). */
  const askedUnit = (context: Ctx, stepIndex: number, to: number): { step: number; unit: number } | null => {
    const units = unitsAt(context, stepIndex);
    if (to < units.length)
      return units[to]!.kind === 'hold' && units[to]!.side && units[to]!.repetition === undefined
        ? { step: stepIndex, unit: to }
        : null;
    const next = nextKept(context, stepIndex);
    if (next < steps.length) return unitsAt(context, next)[0]!.kind === 'hold' ? { step: next, unit: 0 } : null;
    return null;
  };
  /** The user heard the set-up of this unit at the end of the last response, in full: the clock can start. */
  const wasInstructed = (context: Ctx, now: number, stepIndex: number, unit: number): boolean =>
    context.asked?.step === stepIndex &&
    context.asked.unit === unit &&
    !positionOf(context, now).inProgress &&
    !context.paused;

  /**
   * Plays units of a step from `from` while they fit the platform's budget for one response, then
   * asks before the rest: a long step is split into turns, never cut.
   */
  const play = (
    context: Ctx,
    env: TurnEnv,
    stepIndex: number,
    from: number,
    options: {
      prefix?: Act[];
      opening: boolean;
      remaining?: number;
      instructed?: boolean;
      reposition?: boolean;
      cueOnly?: boolean;
      quiet?: boolean;
      setUpLeft?: number;
    },
  ): Reply => {
    const units = unitsAt(context, stepIndex);
    const acts: Act[] = [...(options.prefix ?? [])];
    const spoken = new SpeechClock(env.locale, acts);
    // The guide's "start gently" goes on the first pressure hold, and again when the body sets up anew.
    const pressure = steps[stepIndex]!.pressure === true;
    let gentle = (context.gentle || Boolean(options.reposition)) && pressure;
    let to = from;
    const spanSteps: number[] = [];
    for (let index = from; index < units.length; index += 1) {
      const unit = units[index]!;
      const first = index === from;
      const unitSpeech = unitActs(spokenOf(context), stepIndex, unit, {
        opening: first && options.opening,
        gentle: gentle && unit.kind === 'hold',
        gentlePercent: context.gentlePercent,
        brief: context.brief,
        ...(first && options.quiet ? { quiet: true } : {}),
        ...(first && options.setUpLeft !== undefined ? { setUpLeft: options.setUpLeft } : {}),
        ...(first && options.instructed ? { instructed: true } : {}),
        ...(first && options.remaining !== undefined
          ? { remaining: options.remaining, reposition: Boolean(options.reposition), cueOnly: Boolean(options.cueOnly) }
          : {}),
      });
      // Always play one unit; add more only while the whole response, with its question, fits the budget.
      if (index > from && spoken.secondsWith(unitSpeech) + 20 > env.budgetSeconds) break;
      acts.push(...unitSpeech);
      spoken.add(unitSpeech);
      spanSteps.push(stepIndex);
      if (unit.kind === 'hold') gentle = false;
      to = index + 1;
    }
    let gentleOwed = context.gentle && !pressure;
    // "Keep going": straight into the next steps while they fit the budget, each new position with
    // its set-up instruction and a set-up window of at least 10 s before "starting now".
    let endStep = stepIndex;
    let endFrom = from;
    let next = nextKept(context, stepIndex);
    while (context.chain && to === unitsAt(context, endStep).length && next < steps.length) {
      const nextUnits = unitsAt(context, next);
      const nextPressure = steps[next]!.pressure === true;
      let nextGentle = gentleOwed && nextPressure;
      let played = 0;
      for (const unit of nextUnits) {
        const unitSpeech = unitActs(spokenOf(context), next, unit, {
          opening: unit.index === 0,
          gentle: nextGentle && unit.kind === 'hold',
          gentlePercent: context.gentlePercent,
          brief: context.brief,
          ...(unit.index === 0 ? { window: true } : {}),
        });
        if (spoken.secondsWith(unitSpeech) + 20 > env.budgetSeconds) break;
        acts.push(...unitSpeech);
        spoken.add(unitSpeech);
        spanSteps.push(next);
        if (unit.kind === 'hold') nextGentle = false;
        played += 1;
      }
      if (played === 0) break;
      if (nextPressure) gentleOwed = false;
      endStep = next;
      endFrom = 0;
      to = played;
      next = nextKept(context, next);
    }
    const ask = closingAsk(context, endStep, to);
    const stopWords = stopWordsAt(context, acts, options.prefix?.length ?? 0, spanSteps, endStep, to, ask);
    if (ask) acts.push(...ask);
    const asked = ask ? askedUnit(context, endStep, to) : null;
    const plan = planSpeech(acts, env.locale);
    const played: Played = {
      step: endStep,
      from: endFrom,
      to,
      at: env.now,
      end: plan.seconds,
      spans: plan.holds.map((span, index) =>
        spanSteps[index] !== undefined && spanSteps[index] !== endStep
          ? [span.unit, span.start, span.end, spanSteps[index]!]
          : [span.unit, span.start, span.end],
      ),
    };
    return {
      assign: {
        played,
        paused: null,
        gentle: gentleOwed,
        step: endStep,
        finished: !ask,
        pending: null,
        asked,
        env,
        // The step the response ends in: the state follows it (a hold picked up mid-chain plays from an earlier step).
        chainedTo: endStep,
        ...(stopWords ? { stopWordsOwed: false } : {}),
      },
      out: { acts, reprompt: ask ? [say('coach.ask.reprompt')] : [], view: viewOf(context, stepIndex, from) },
    };
  };

  /**
   * The first session's stop words ("if anything tingles or goes numb, say so and we stop"), where
   * they matter: at the top of a response that plays a pressure step, else before the question that
   * sets one up. Adds them to `acts` and says whether it did.
   */
  const stopWordsAt = (
    context: Ctx,
    acts: Act[],
    prefixLength: number,
    spanSteps: number[],
    endStep: number,
    to: number,
    ask: readonly Act[] | null,
  ): boolean => {
    if (!context.stopWordsOwed) return false;
    const words = say('coach.welcome.stopWords');
    if (spanSteps.some((index) => steps[index]!.pressure)) {
      acts.splice(prefixLength, 0, words);
      return true;
    }
    const target = to < unitsAt(context, endStep).length ? endStep : nextKept(context, endStep);
    if (!ask || !steps[target]?.pressure) return false;
    acts.push(words);
    return true;
  };

  /** The hold under way goes on after `prefix`, ending when its stated length is up. */
  const pickUp = (context: Ctx, env: TurnEnv, position: Position, prefix: Act[], options: ContinueOptions = {}) =>
    play(context, env, position.step, position.unit, {
      prefix,
      opening: false,
      ...pickUpOptions(spokenOf(context), position, prefix, env.locale, {
        ...options,
        brief: context.brief,
        gentlePercent: context.gentlePercent,
        overrides: context.overrides,
      }),
    });

  /**
   * After the coach spoke mid-routine. A voice platform stops playback when the user speaks, so a
   * hold that was running is picked up with what is left of it (the talk counted in it, see
   * `pickUpOptions`); otherwise the question is asked again.
   */
  const continuation = (context: Ctx, env: TurnEnv, prefix: Act[], options: ContinueOptions = {}): Reply => {
    if (context.paused)
      return { out: { acts: [...prefix, say('coach.pause.reprompt')], reprompt: [say('coach.pause.reprompt')] } };
    const position = positionOf(context, env.now);
    if (position.inProgress && position.remaining > 0) return pickUp(context, env, position, prefix, options);
    const ask = closingAsk(context, position.step, context.played?.to ?? 0) ?? [say('coach.ask.reprompt')];
    return {
      out: {
        acts: [...prefix, ...ask],
        reprompt: [say('coach.ask.reprompt')],
        view: viewOf(context, position.step, position.unit),
      },
    };
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
    const key = stepKey(spokenOf(context), context.step);
    return [
      say('coach.explain.plain', {
        title: stepTitle(spokenOf(context), context.step),
        instruction: { t: `${key}.instruction` },
      }),
    ];
  };

  const timeLeftOf = (context: Ctx, env: TurnEnv): Act[] => {
    const position = positionOf(context, env.now);
    const at = planPointOf(position, nextUnitOf(context, env.now));
    return timeLeftActs(spokenOf(context), env.locale, position, at, context.overrides, skipped(context));
  };

  const whatsNextActs = (context: Ctx, env: TurnEnv): Act[] => {
    const upcoming =
      context.paused && context.paused.remaining > 0 ? context.paused.unit + 1 : nextUnitOf(context, env.now);
    const unit = unitsAt(context, context.step)[upcoming];
    if (unit?.side && unit.repetition === undefined)
      return [say('coach.whatsNext.side', { side: { t: `side.${unit.side}` } })];
    if (unit?.repetition) return [say('coach.whatsNext.repetition', { ordinal: { t: `ordinal.${unit.repetition}` } })];
    if (unit?.set) return [say('coach.whatsNext.set', { set: { t: `set.${unit.set}` } })];
    if (unit) return [say('coach.whatsNext.step', { title: stepTitle(spokenOf(context), context.step) })];
    if (nextKept(context, context.step) < steps.length)
      return [say('coach.whatsNext.step', { title: stepTitle(spokenOf(context), nextKept(context, context.step)) })];
    return [say('coach.whatsNext.last')];
  };

  /** The unit the user is in or was last in, and whether a hold is running. */
  const holdingAt = (context: Ctx, env: TurnEnv) => {
    const position = positionOf(context, env.now);
    const unit = unitsAt(context, position.step)[position.unit];
    const holding = position.inProgress && position.remaining > 0 && unit?.kind === 'hold';
    return { position, unit, holding };
  };

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
    return {
      min: Math.min(technique.hold.min, step.dose.seconds),
      max: Math.max(technique.hold.max, step.dose.seconds),
      step: 15,
    };
  };

  /** "That hurts too much": ease off at once, the reminder again, and the hold goes on from where it was. */
  const pain = (context: Ctx, env: TurnEnv): Reply => {
    const { holding, position } = holdingAt(context, env);
    if (holding) {
      const prefix = [say('coach.pain.easeOff'), say('coach.routine.gentle', { percent: context.gentlePercent })];
      if (adjustRange(position.step)) prefix.push(say('coach.pain.shorter'));
      return continuation(context, env, prefix);
    }
    // Between holds: the next pressure hold starts with the reminder again.
    const reply = continuation(context, env, [say('coach.pain.notHolding')]);
    return { ...reply, assign: { ...reply.assign, gentle: true } };
  };

  /** "Can I press harder?": the guide's progression, only if comfortable. */
  const deeper = (context: Ctx, env: TurnEnv): Reply =>
    holdingAt(context, env).holding
      ? continuation(context, env, [say('coach.pain.deeper')])
      : continuation(context, env, [say('coach.pain.deeperNotHolding')]);

  /** "Where exactly should the ball go?": the set-up again, how to find the spot; the clock keeps running. */
  const where = (context: Ctx, env: TurnEnv): Reply => {
    const { position, unit } = holdingAt(context, env);
    const acts: Act[] = unit ? [setUpLine(spokenOf(context), position.step, unit)] : [];
    return continuation(context, env, [...acts, say('coach.question.findSpot')]);
  };

  /** "What's this good for?": the step's, or its technique's, reason from the guide. */
  const whyActs = (context: Ctx): Act[] => {
    const step = steps[context.step]!;
    return [
      sayFirst([
        `${stepKey(spokenOf(context), context.step)}.why`,
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
  const pace = (context: Ctx, env: TurnEnv, direction: 'slower' | 'faster' | undefined): Reply => {
    const position = positionOf(context, env.now);
    const countsAhead = steps.some((step, index) => index >= position.step && step.dose.type === 'count');
    if (!direction || !countsAhead) return continuation(context, env, [say('coach.pace.holds')]);
    const next =
      Math.round(Math.min(2, Math.max(0.5, context.pace * (direction === 'slower' ? 1.5 : 0.75))) * 100) / 100;
    if (next === context.pace)
      return continuation(context, env, [
        say(direction === 'slower' ? 'coach.pace.atSlowest' : 'coach.pace.atFastest'),
      ]);
    const reply = continuation(context, env, [say(`coach.pace.${direction}`)]);
    return { ...reply, assign: { ...reply.assign, pace: next } };
  };

  /** "Talk less" (brief mode: cues only at changes) or "talk more"; kept in the profile. */
  const talk = (context: Ctx, env: TurnEnv, mode: 'less' | 'more' | undefined): Reply => {
    const brief = mode !== 'more';
    const reply = continuation({ ...context, brief }, env, [say(brief ? 'coach.talk.less' : 'coach.talk.more')]);
    return {
      ...reply,
      assign: { ...reply.assign, brief },
      effects: [{ type: 'setTalk', talk: brief ? 'brief' : 'full' }],
    };
  };

  /** "Longer" / "shorter": moves a range's hold within the guide's bounds; a running hold changes at once. */
  const adjust = (context: Ctx, env: TurnEnv, direction: 'longer' | 'shorter' | undefined): Reply => {
    const step = steps[context.step]!;
    const current = holdSecondsOf(step, context.overrides[step.id]);
    const range = adjustRange(context.step);
    if (!range || !direction) {
      return continuation(context, env, [
        say('coach.adjust.fixed', { duration: { seconds: unitsAt(context, context.step)[0]!.seconds } }),
      ]);
    }
    const chosen = Math.min(
      range.max,
      Math.max(range.min, current + (direction === 'longer' ? range.step : -range.step)),
    );
    if (chosen === current) {
      return continuation(context, env, [
        say(direction === 'longer' ? 'coach.adjust.atMost' : 'coach.adjust.atLeast', {
          duration: { seconds: current },
        }),
      ]);
    }
    const adjusted: Ctx = { ...context, overrides: { ...context.overrides, [step.id]: chosen } };
    const position = positionOf(context, env.now);
    const sided = unitsAt(context, context.step).some((unit) => unit.side);
    const prefix = [
      say(sided ? `coach.adjust.${direction}` : 'coach.adjust.changed', { duration: { seconds: chosen } }),
    ];
    const reply =
      position.inProgress && position.remaining > 0
        ? pickUp(adjusted, env, { ...position, remaining: Math.max(3, position.remaining + chosen - current) }, prefix)
        : continuation(adjusted, env, prefix);
    return { ...reply, assign: { ...reply.assign, overrides: adjusted.overrides } };
  };

  /**
   * "I only have two minutes" mid-routine: from the current step on, the guide's shortest holds and,
   * if still too long, steps left out (said by name); the honest new length is said.
   */
  const shorten = (context: Ctx, env: TurnEnv, minutes: number | undefined): Reply => {
    if (!minutes)
      return continuation(context, env, [
        say('coach.short.none', {
          minutes: plannedMinutes(spokenOf(context), env.locale, context.cautionPlan?.leftOut),
        }),
      ]);
    // From the step the user is in; a step already played through counts as done.
    const position = positionOf(context, env.now);
    const done =
      !position.inProgress && !context.paused && (context.played?.to ?? 0) >= unitsAt(context, position.step).length;
    const from = done ? nextKept(context, position.step) : position.step;
    if (from >= steps.length) return continuation(context, env, [say('coach.short.last')]);
    const plan = shortPlan(spokenOf(context), env.locale, from, minutes, {
      started: from === position.step,
      overrides: context.overrides,
      leftOut: context.cautionPlan?.leftOut ?? [],
    });
    const shortened: Ctx = { ...context, overrides: plan.overrides, skip: plan.skip };
    const prefix = shortPlanActs(spokenOf(context), from, plan);
    // A hold running now is shortened at once, like "shorter".
    const stepId = steps[position.step]!.id;
    const cut =
      holdSecondsOf(steps[position.step]!, context.overrides[stepId]) -
      holdSecondsOf(steps[position.step]!, plan.overrides[stepId]);
    const reply =
      position.inProgress && position.remaining > 0 && cut > 0
        ? pickUp(shortened, env, { ...position, remaining: Math.max(3, position.remaining - cut) }, prefix)
        : continuation(shortened, env, prefix);
    return { ...reply, assign: { ...reply.assign, overrides: plan.overrides, skip: plan.skip } };
  };

  /**
   * A caution heard mid-routine changes the steps still ahead (cautions.ts), said in one sentence.
   * If the step under way is one it rules out, the person comes out of it first, and the coach
   * asks for its other way (or for the next step kept).
   */
  const followCautions = (context: Ctx, env: TurnEnv, prefix: Act[], heard: string[]): Reply => {
    const changes = cautionPlan(catalogue(), routine, heard);
    const position = positionOf(context, env.now);
    const now = context.paused || position.inProgress ? position.step : null;
    const changed = (index: number) =>
      (changes.replaced.includes(index) || changes.leftOut.includes(index)) &&
      !context.cautionPlan?.replaced.includes(index) &&
      !context.cautionPlan?.leftOut.includes(index);
    const planned: Ctx = { ...context, cautionPlan: changes };
    // Said once: only the steps this caution changes, from the step the person is in or at.
    const done = now === null && (context.played?.to ?? 0) >= unitsAt(context, position.step).length;
    const fresh = {
      replaced: changes.replaced.filter(changed),
      leftOut: changes.leftOut.filter(changed),
    };
    const plan = cautionPlanActs(routine, fresh, done ? position.step + 1 : position.step);
    if (now === null || !changed(now)) {
      const reply = continuation(planned, env, [...prefix, ...plan]);
      return { ...reply, assign: { ...reply.assign, cautionPlan: changes } };
    }
    // Out of the position now; the step again its other way, or on to the next step kept.
    const to = changes.leftOut.includes(now) ? unitsAt(planned, now).length : 0;
    const ask = closingAsk(planned, now, to);
    const played: Played = { step: now, from: 0, to, at: env.now, end: 0, spans: [] };
    return {
      assign: {
        cautionPlan: changes,
        played,
        paused: null,
        asked: ask ? askedUnit(planned, now, to) : null,
        finished: !ask,
        env,
      },
      out: {
        acts: [...prefix, say('coach.caution.comeOff'), ...plan, ...(ask ?? [])],
        reprompt: [say('coach.ask.reprompt')],
        view: viewOf(planned, now, 0),
      },
    };
  };

  /** The words of a command answered mid-hold; the hold then goes on (see `continuation`). */
  const answers = {
    timeLeft: (context: Ctx, env: TurnEnv) => timeLeftOf(context, env),
    whatsNext: (context: Ctx, env: TurnEnv) => whatsNextActs(context, env),
    explain: (context: Ctx, _env: TurnEnv, event: RoutineEvent) => explainActs(context, event),
    fromSession: (_context: Ctx, _env: TurnEnv, event: RoutineEvent) => (event.type === 'CONTINUE' ? event.prefix : []),
    why: (context: Ctx) => whyActs(context),
    routineQuestion: (_context: Ctx, _env: TurnEnv, event: RoutineEvent) => routineQuestionActs(event),
    missing: (_context: Ctx, _env: TurnEnv, event: RoutineEvent) => [
      say(`coach.missing.${(event.type === 'MISSING' && event.item) || 'unknown'}`),
    ],
  };

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
