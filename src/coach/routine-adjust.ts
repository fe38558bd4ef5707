import { catalogue } from '../content/load';
import type { Step } from '../content/schema';
import { say } from '../speech/acts';
import type { TurnEnv } from './events';
import { plannedMinutes } from './length';
import type { Ctx, Reply } from './routine-context';
import type { RoutineKit } from './routine-kit';
import type { RoutinePlay } from './routine-play';
import { shortPlan, shortPlanActs } from './short';
import { holdSecondsOf } from './units';

/**
 * The range "shorter" / "longer" may move a hold in: the guide's own range for the step, else its
 * technique's (ball 30–45 s, compression 30–60 s), widened to include the step's own dose. A roll
 * and a stretch keep the guide's time.
 */
export function adjustRange(step: Step): { min: number; max: number; step: number } | null {
  if (step.dose.type !== 'hold') return null;
  if (typeof step.dose.seconds === 'object') return step.dose.seconds;
  const technique = step.technique ? catalogue().techniques.get(step.technique) : undefined;
  if (!technique?.hold || !step.pressure || technique.id === 'foam-roller-release') return null;
  return {
    min: Math.min(technique.hold.min, step.dose.seconds),
    max: Math.max(technique.hold.max, step.dose.seconds),
    step: 15,
  };
}

/** Changing the length: "longer" / "shorter" for a hold, "I only have two minutes" for the routine. */
export function routineAdjust(kit: RoutineKit, flow: RoutinePlay) {
  const { steps, unitsAt, spokenOf, nextKept, positionOf } = kit;
  const { pickUp, carryOn } = flow;

  /** "Longer" / "shorter": moves a range's hold within the guide's bounds; a running hold changes at once. */
  const adjust = (context: Ctx, env: TurnEnv, direction: 'longer' | 'shorter' | undefined): Reply => {
    const step = steps[context.step]!;
    const current = holdSecondsOf(step, context.overrides[step.id]);
    const range = adjustRange(step);
    if (!range || !direction) {
      return carryOn(context, env, [
        say('coach.adjust.fixed', { duration: { seconds: unitsAt(context, context.step)[0]!.seconds } }),
      ]);
    }
    const chosen = Math.min(
      range.max,
      Math.max(range.min, current + (direction === 'longer' ? range.step : -range.step)),
    );
    if (chosen === current) {
      return carryOn(context, env, [
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
        : carryOn(adjusted, env, prefix);
    return { ...reply, assign: { ...reply.assign, overrides: adjusted.overrides } };
  };

  /**
   * "I only have two minutes" mid-routine: from the current step on, the guide's shortest holds and,
   * if still too long, steps left out (said by name); the honest new length is said.
   */
  const shorten = (context: Ctx, env: TurnEnv, minutes: number | undefined): Reply => {
    if (!minutes)
      return carryOn(context, env, [
        say('coach.short.none', {
          minutes: plannedMinutes(spokenOf(context), env.locale, context.cautionPlan?.leftOut),
        }),
      ]);
    // From the step the user is in; a step already played through counts as done.
    const position = positionOf(context, env.now);
    const done =
      !position.inProgress && !context.paused && (context.played?.to ?? 0) >= unitsAt(context, position.step).length;
    const from = done ? nextKept(context, position.step) : position.step;
    if (from >= steps.length) return carryOn(context, env, [say('coach.short.last')]);
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
        : carryOn(shortened, env, prefix);
    return { ...reply, assign: { ...reply.assign, overrides: plan.overrides, skip: plan.skip } };
  };

  return { adjust, shorten };
}
