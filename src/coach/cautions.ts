import type { Catalogue } from '../content/load';
import type { Caution, Routine, Step } from '../content/schema';
import { say, type Act } from '../speech/acts';
import { OTHER_WORDS, stepTitle } from './units';

/**
 * A caution heard once (pregnancy, osteoporosis …) holds for the session and changes the plan:
 * a step whose position, tool or places it rules out (content/safety/cautions.json) is done the
 * guide's other way, its `alternative`, when that is not ruled out too; else it is left out.
 */
export interface CautionPlan {
  /** Steps done the other way, by index. */
  replaced: number[];
  /** Steps left out, by index. */
  leftOut: number[];
}

export const NO_CHANGE: CautionPlan = Object.freeze({ replaced: [], leftOut: [] }) as CautionPlan;

type Placed = Pick<Step, 'position' | 'tool' | 'on'>;

/** Whether a caution rules out where the body is, what presses, or what it presses on. */
export function rulesOut(caution: Caution, placed: Placed): boolean {
  const { positions = [], tools = [], places = [] } = caution.avoid;
  return (
    (placed.position !== undefined && positions.includes(placed.position)) ||
    (placed.tool !== undefined && tools.includes(placed.tool)) ||
    (placed.on ?? []).some((place) => places.includes(place))
  );
}

/** The cautions of the catalogue that were heard, in the catalogue's order. */
export function cautionsHeard(catalogue: Catalogue, heard: readonly string[]): Caution[] {
  return catalogue.safety.cautions.filter((caution) => heard.includes(caution.sign));
}

/** The plan for a routine under the cautions heard: what is done the other way, what is left out. */
export function cautionPlan(catalogue: Catalogue, routine: Routine, heard: readonly string[]): CautionPlan {
  const cautions = cautionsHeard(catalogue, heard);
  if (!cautions.length) return NO_CHANGE;
  const plan: CautionPlan = { replaced: [], leftOut: [] };
  routine.steps.forEach((step, index) => {
    if (!cautions.some((caution) => rulesOut(caution, step))) return;
    const other = step.alternative;
    if (other && !cautions.some((caution) => rulesOut(caution, other))) plan.replaced.push(index);
    else plan.leftOut.push(index);
  });
  return plan;
}

/**
 * The routine as the coach speaks it under a plan: a replaced step keeps its id, dose and timing
 * (so state, overrides and views stay the same) and takes its alternative's place and words, found
 * under routine.<id>.step.<step id>.alternative. Made once per routine and plan, so speech that is
 * composed once per routine (units.ts) is composed once per plan.
 */
export function spokenRoutine(routine: Routine, replaced: readonly number[]): Routine {
  if (!replaced.length) return routine;
  let known = adapted.get(routine);
  if (!known) adapted.set(routine, (known = new Map<string, Routine>()));
  const key = replaced.join(',');
  let made = known.get(key);
  if (!made) {
    made = {
      ...routine,
      steps: routine.steps.map((step, index) => {
        if (!replaced.includes(index) || !step.alternative) return step;
        const { id: _alternativeId, guide, ...placed } = step.alternative;
        const other: Step = { ...step, ...placed, guide };
        delete other.alternative;
        OTHER_WORDS.set(other, `routine.${routine.id}.step.${step.id}.alternative`);
        return other;
      }),
    };
    known.set(key, made);
  }
  return made;
}
const adapted = new WeakMap<Routine, Map<string, Routine>>();

/**
 * One short sentence: "So in mid and lower back release, I'll do the tennis ball floor release
 * against a wall instead, and leave out the foam roller." Only steps from `from` on are named.
 */
export function cautionPlanActs(routine: Routine, plan: CautionPlan, from = 0): Act[] {
  const replaced = plan.replaced.filter((index) => index >= from);
  const leftOut = plan.leftOut.filter((index) => index >= from);
  if (!replaced.length && !leftOut.length) return [];
  const spoken = spokenRoutine(routine, plan.replaced);
  const titles = (indices: number[], of: Routine) => ({ and: indices.map((index) => stepTitle(of, index)) });
  const params = {
    routine: { t: `routine.${routine.id}.name` },
    replaced: titles(replaced, routine),
    alternatives: titles(replaced, spoken),
    leftOut: titles(leftOut, routine),
  };
  if (replaced.length && leftOut.length) return [say('coach.caution.replaceAndLeaveOut', params)];
  return [say(replaced.length ? 'coach.caution.replace' : 'coach.caution.leaveOut', params)];
}
