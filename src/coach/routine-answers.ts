import { catalogue } from '../content/load';
import { say, sayFirst, type Act } from '../speech/acts';
import type { TurnEnv } from './events';
import { adjustRange } from './routine-adjust';
import type { Ctx, Reply, RoutineEvent } from './routine-context';
import type { RoutineKit } from './routine-kit';
import type { RoutinePlay } from './routine-play';
import { planPointOf, timeLeftActs } from './time-left';
import { reportActs } from './reports';
import { routineName, setUpLine, stepKey, stepTitle } from './units';

/**
 * What the coach answers mid-routine, then the hold goes on: how much longer, what's next, why,
 * where, pain and "press harder", pace and talk.
 */
export function routineAnswers(kit: RoutineKit, flow: RoutinePlay) {
  const { routine, steps, unitsAt, spokenOf, skipped, nextKept, positionOf, nextUnitOf } = kit;
  const { carryOn } = flow;

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

  /** "That hurts too much": ease off at once, the reminder again, and the hold goes on from where it was. */
  const pain = (context: Ctx, env: TurnEnv): Reply => {
    const { holding, position } = holdingAt(context, env);
    if (holding) {
      const prefix = [say('coach.pain.easeOff'), say('coach.routine.gentle', { percent: context.gentlePercent })];
      if (adjustRange(steps[position.step]!)) prefix.push(say('coach.pain.shorter'));
      return carryOn(context, env, prefix);
    }
    // Between holds: the next pressure hold starts with the reminder again.
    const reply = carryOn(context, env, [say('coach.pain.notHolding')]);
    return { ...reply, assign: { ...reply.assign, gentle: true } };
  };

  /** "Can I press harder?": the guide's progression, only if comfortable. */
  const deeper = (context: Ctx, env: TurnEnv): Reply =>
    holdingAt(context, env).holding
      ? carryOn(context, env, [say('coach.pain.deeper')])
      : carryOn(context, env, [say('coach.pain.deeperNotHolding')]);

  /** "Where exactly should the ball go?": the set-up again, how to find the spot; the clock keeps running. */
  const where = (context: Ctx, env: TurnEnv): Reply => {
    const { position, unit } = holdingAt(context, env);
    const acts: Act[] = unit ? [setUpLine(spokenOf(context), position.step, unit)] : [];
    return carryOn(context, env, [...acts, say('coach.question.findSpot')]);
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
    if (!direction || !countsAhead) return carryOn(context, env, [say('coach.pace.holds')]);
    const next =
      Math.round(Math.min(2, Math.max(0.5, context.pace * (direction === 'slower' ? 1.5 : 0.75))) * 100) / 100;
    if (next === context.pace)
      return carryOn(context, env, [say(direction === 'slower' ? 'coach.pace.atSlowest' : 'coach.pace.atFastest')]);
    const reply = carryOn(context, env, [say(`coach.pace.${direction}`)]);
    return { ...reply, assign: { ...reply.assign, pace: next } };
  };

  /** "Talk less" (brief mode: cues only at changes) or "talk more"; kept in the profile. */
  const talk = (context: Ctx, env: TurnEnv, mode: 'less' | 'more' | undefined): Reply => {
    const brief = mode !== 'more';
    const reply = carryOn({ ...context, brief }, env, [say(brief ? 'coach.talk.less' : 'coach.talk.more')]);
    return {
      ...reply,
      assign: { ...reply.assign, brief },
      effects: [{ type: 'setTalk', talk: brief ? 'brief' : 'full' }],
    };
  };

  /** The words of a command answered mid-hold; the hold then goes on (see `carryOn`). */
  const answers = {
    timeLeft: (context: Ctx, env: TurnEnv) => timeLeftOf(context, env),
    whatsNext: (context: Ctx, env: TurnEnv) => whatsNextActs(context, env),
    explain: (context: Ctx, _env: TurnEnv, event: RoutineEvent) => explainActs(context, event),
    why: (context: Ctx) => whyActs(context),
    routineQuestion: (_context: Ctx, _env: TurnEnv, event: RoutineEvent) => routineQuestionActs(event),
    missing: (_context: Ctx, _env: TurnEnv, event: RoutineEvent) => [
      say(`coach.missing.${(event.type === 'MISSING' && event.item) || 'unknown'}`),
    ],
    report: (_context: Ctx, _env: TurnEnv, event: RoutineEvent) => (event.type === 'REPORT' ? reportActs(event) : []),
  };

  return { answers, timeLeftOf, pain, deeper, where, pace, talk };
}
