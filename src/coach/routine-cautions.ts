import { catalogue } from '../content/load';
import { say, type Act } from '../speech/acts';
import { cautionPlan, cautionPlanActs } from './cautions';
import type { TurnEnv } from './events';
import type { Played } from './position';
import type { Ctx, Reply } from './routine-context';
import type { RoutineKit } from './routine-kit';
import type { RoutinePlay } from './routine-play';

/** A caution heard mid-routine (see cautions.ts for the plan it makes). */
export function routineCautions(kit: RoutineKit, flow: RoutinePlay) {
  const { routine, unitsAt, viewOf, positionOf, closingAsk, askedUnit } = kit;
  const { carryOn } = flow;

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
      const reply = carryOn(planned, env, [...prefix, ...plan]);
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

  return { followCautions };
}
