import type { Routine } from '../content/schema';
import type { Act } from '../speech/acts';
import { spokenRoutine } from './cautions';
import type { ResumePoint, View } from './output';
import { positionAt, type Position } from './position';
import { routineView, type Ctx } from './routine-context';
import { askForStep, askForUnit, unitsOf } from './units';

/**
 * What every part of a routine machine asks of it: its units, where the user is now, which step
 * comes next (a shortened routine or a caution leaves some out), and the question that closes a
 * response. Pure functions of the context and the clock.
 */
export function routineKit(routine: Routine) {
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

  return {
    routine,
    steps,
    unitsAt,
    spokenOf,
    skipped,
    nextKept,
    viewOf,
    positionOf,
    nextUnitOf,
    closingAsk,
    askedUnit,
    wasInstructed,
    resumePointOf,
  };
}

export type RoutineKit = ReturnType<typeof routineKit>;
