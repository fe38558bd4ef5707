import { z } from 'zod';
import type { Catalogue } from '../content/load';
import type { Routine, Step } from '../content/schema';
import { issueLines } from '../zod-issues';
import {
  catalogueStepSchema,
  isCatalogueStep,
  newStepSchema,
  planSchema,
  type NewPlanStep,
  type Plan,
  type PlanStep,
} from './schema';

/** One problem, where the author can find it: "steps[2] (doorway-stretch).dose.seconds". */
export interface PlanProblem {
  path: string;
  message: string;
}

export type PlanCheck = { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] };

type Seconds = { min: number; max: number };
type Dose = Step['dose'];

/**
 * The safe range of hold seconds for a technique: the guide's "how to do it" range (content/techniques)
 * widened by what the guide's own routines prescribe with it ("1–2 minutes per side" of ball on
 * the chest), so no guide step is refused and nothing beyond the guide is allowed. Untimed
 * warm-ups, stretches and finishers (technique null) take the range of the guide's own.
 */
export function safeSeconds(catalogue: Catalogue, technique: string | null): Seconds | null {
  const range = technique ? catalogue.techniques.get(technique)?.hold : undefined;
  let min = range?.min ?? Infinity;
  let max = range?.max ?? -Infinity;
  for (const routine of catalogue.routines.values()) {
    for (const step of routine.steps) {
      if (step.technique !== technique || step.dose.type !== 'hold') continue;
      const seconds = step.dose.seconds;
      min = Math.min(min, typeof seconds === 'number' ? seconds : seconds.min);
      max = Math.max(max, typeof seconds === 'number' ? seconds : seconds.max);
    }
  }
  return Number.isFinite(min) && Number.isFinite(max) ? { min, max } : null;
}

/** The largest count the guide uses with a technique (or without one): counts never go beyond the guide. */
function safeCount(catalogue: Catalogue, technique: string | null): number {
  let most = technique ? (catalogue.techniques.get(technique)?.repetitions?.max ?? 0) : 0;
  for (const routine of catalogue.routines.values())
    for (const step of routine.steps)
      if (step.technique === technique && step.dose.type === 'count') most = Math.max(most, step.dose.count);
  return most;
}

function doseProblems(catalogue: Catalogue, technique: string | null, dose: Dose, at: string): PlanProblem[] {
  const name = technique ?? 'a warm-up, stretch or finisher';
  if (dose.type === 'hold') {
    const range = safeSeconds(catalogue, technique);
    const seconds = dose.seconds;
    const [low, high] = typeof seconds === 'number' ? [seconds, seconds] : [seconds.min, seconds.max];
    if (!range) return [{ path: `${at}.dose`, message: `the guide holds nothing with ${name}: use another dose type` }];
    if (low < range.min || high > range.max)
      return [
        {
          path: `${at}.dose.seconds`,
          message: `${low === high ? low : `${low}–${high}`} s is outside the safe range for ${name}: ${range.min}–${range.max} s`,
        },
      ];
    if (dose.repetitions !== undefined && dose.repetitions > 3)
      return [{ path: `${at}.dose.repetitions`, message: `at most 3 repetitions of a hold (the guide repeats twice)` }];
  }
  if (dose.type === 'count') {
    const most = safeCount(catalogue, technique);
    if (dose.count > most)
      return [
        {
          path: `${at}.dose.count`,
          message: `${dose.count} is more than the guide asks with ${name}: at most ${most}`,
        },
      ];
  }
  return [];
}

function stepLabel(step: unknown, index: number): string {
  const record = (step ?? {}) as { id?: unknown; from?: { routine?: unknown; step?: unknown } };
  const name =
    typeof record.id === 'string'
      ? record.id
      : typeof record.from?.routine === 'string' && typeof record.from.step === 'string'
        ? `${record.from.routine}/${record.from.step}`
        : null;
  return name ? `steps[${index}] (${name})` : `steps[${index}]`;
}

const trimLead = (problem: PlanProblem): PlanProblem => ({
  ...problem,
  path: problem.path.replace(/^\./, '') || '(plan)',
});

const zodProblems = (error: z.ZodError, at: string): PlanProblem[] =>
  issueLines(error, '').map((line) => {
    const cut = line.indexOf(': ');
    const inner = line.slice(0, cut);
    return { path: inner ? `${at}.${inner}` : at, message: line.slice(cut + 2) };
  });

function routineStepOf(catalogue: Catalogue, routineId: string, stepId: string): [Routine, Step] | string {
  const routine = catalogue.routines.get(routineId);
  if (!routine) return `no routine "${routineId}" in the guide: one of ${[...catalogue.routines.keys()].join(', ')}`;
  const step = routine.steps.find((candidate) => candidate.id === stepId);
  if (!step) return `no step "${stepId}" in ${routineId}: one of ${routine.steps.map((s) => s.id).join(', ')}`;
  return [routine, step];
}

function newStepProblems(catalogue: Catalogue, plan: Plan, step: NewPlanStep, at: string): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (step.technique !== null && !catalogue.techniques.has(step.technique))
    problems.push({
      path: `${at}.technique`,
      message: `no technique "${step.technique}": one of ${[...catalogue.techniques.keys()].join(', ')}, or null`,
    });
  const areas = new Set([...catalogue.routines.values()].map((routine) => routine.area));
  if (!areas.has(step.area))
    problems.push({ path: `${at}.area`, message: `no area "${step.area}": one of ${[...areas].join(', ')}` });
  for (const language of plan.languages)
    if (!step.text[language])
      problems.push({ path: `${at}.text.${language}`, message: `missing: the plan speaks ${language}` });
  if (step.dose.type === 'hold' && step.dose.sides && step.dose.sides.length > 1)
    for (const language of plan.languages)
      if (step.text[language] && !step.text[language].switch)
        problems.push({ path: `${at}.text.${language}.switch`, message: 'a step on both sides says how to switch' });
  // A step near a risky spot must carry the spot's safe wording, as the guide's own steps do.
  const areaRoutines = [...catalogue.routines.values()].filter((routine) => routine.area === step.area);
  for (const spot of catalogue.safety.spots) {
    const near = areaRoutines.some(
      (routine) =>
        routine.id === spot.routine &&
        routine.steps.some((s) => spot.steps.includes(s.id) && s.technique === step.technique),
    );
    if (near && !step.safety?.includes(spot.id))
      problems.push({
        path: `${at}.safety`,
        message: `works near a risky spot (${spot.id}): add "${spot.id}" so the coach says how to stay safe`,
      });
  }
  for (const spotId of step.safety ?? [])
    if (!catalogue.safety.spots.some((spot) => spot.id === spotId))
      problems.push({ path: `${at}.safety`, message: `no risky spot "${spotId}"` });
  if (step.technique !== null || step.dose.type === 'hold')
    problems.push(...doseProblems(catalogue, step.technique, step.dose, at));
  return problems;
}

function stepProblems(catalogue: Catalogue, plan: Plan, raw: unknown, index: number): PlanProblem[] {
  const at = stepLabel(raw, index);
  const byReference = typeof raw === 'object' && raw !== null && 'from' in raw;
  const parsed = (byReference ? catalogueStepSchema : newStepSchema).safeParse(raw);
  if (!parsed.success) return zodProblems(parsed.error, at);
  const step = parsed.data as PlanStep;
  if (!isCatalogueStep(step)) return newStepProblems(catalogue, plan, step, at);
  const found = routineStepOf(catalogue, step.from.routine, step.from.step);
  if (typeof found === 'string') return [{ path: `${at}.from`, message: found }];
  const [, guideStep] = found;
  if (!step.dose) return [];
  if (step.dose.type !== guideStep.dose.type)
    return [{ path: `${at}.dose.type`, message: `the guide's step is a ${guideStep.dose.type} dose` }];
  return doseProblems(catalogue, guideStep.technique, step.dose, at);
}

/** Validates a plan against its schema, the guide's catalogue and the safety content: every problem, by field. */
export function checkPlan(raw: unknown, catalogue: Catalogue, languages: readonly string[]): PlanCheck {
  const top = planSchema.extend({ steps: z.array(z.unknown()).min(1).max(12) }).safeParse(raw);
  if (!top.success) return { ok: false, problems: zodProblems(top.error, '').map(trimLead) };
  const plan = top.data as Plan;
  const problems: PlanProblem[] = [];
  for (const language of plan.languages) {
    if (!languages.includes(language))
      problems.push({ path: 'languages', message: `the coach does not speak ${language}: ${languages.join(', ')}` });
    if (!plan.title[language])
      problems.push({ path: `title.${language}`, message: `missing: the plan speaks ${language}` });
  }
  const cautions = new Set(catalogue.safety.signs.filter((sign) => sign.tier === 'caution').map((s) => s.id));
  plan.cautions.forEach((caution, index) => {
    if (!cautions.has(caution))
      problems.push({
        path: `cautions[${index}]`,
        message: `no caution "${caution}": one of ${[...cautions].join(', ')}`,
      });
  });
  top.data.steps.forEach((step, index) => problems.push(...stepProblems(catalogue, plan, step, index)));
  const ids = new Map<string, number>();
  top.data.steps.forEach((step, index) => {
    const parsed = planSchemaStepId(step);
    if (!parsed) return;
    const first = ids.get(parsed);
    if (first !== undefined)
      problems.push({
        path: stepLabel(step, index),
        message: `the same step id "${parsed}" as steps[${first}]: give this one its own "id"`,
      });
    else ids.set(parsed, index);
  });
  return problems.length ? { ok: false, problems } : { ok: true, plan: planSchema.parse(raw) };
}

/** The id a step will have in the coached session: its own, or the guide step's. */
function planSchemaStepId(step: unknown): string | null {
  const record = step as { id?: unknown; from?: { step?: unknown } } | null;
  if (typeof record?.id === 'string') return record.id;
  return typeof record?.from?.step === 'string' ? record.from.step : null;
}
