import type { Catalogue } from '../content/load';
import type { Routine, Step } from '../content/schema';
import { resourcesOf, translator } from '../i18n';
import { isCatalogueStep, type Plan, type PlanStep } from './schema';

/** A plan made into what the coach machine is built from: a routine and its words per locale. */
/** A session the coach composed (the body scan, "I have ten minutes for my neck"): its id starts with this. */
export const COMPOSED_PLAN_PREFIX = 'today-';

/**
 * How the coach names a plan in a sentence. The guide's routine names are made to sit in the
 * locale's sentences ("Die Nackenlockerung dauert …"); an author's title is not ("Waden nach dem
 * Laufen"), so the locale frames it (`plan.named`: "Einheit „…“"). A composed session's title and
 * a guide routine written as a plan (content/plans) are the coach's own words, written to fit.
 */
function spokenName(plan: Plan, catalogue: Catalogue, locale: string, title: string): string {
  const ownWords = plan.id.startsWith(COMPOSED_PLAN_PREFIX) || catalogue.routines.has(plan.id);
  return ownWords ? title : translator(locale).t('plan.named', { title });
}

export interface CompiledPlan {
  routine: Routine;
  /** routine.<id> for each of the plan's languages, as the guide's routines have in locales/. */
  strings: Record<string, Record<string, unknown>>;
}

type StepWords = Record<string, unknown>;

function guideWords(locale: string, routine: string, step: string): StepWords {
  const resources = resourcesOf(locale) as { routine?: Record<string, { step?: Record<string, StepWords> }> };
  const words = resources.routine?.[routine]?.step?.[step];
  if (!words) throw new Error(`locales/${locale}: no words for ${routine}/${step}`);
  return words;
}

/** Seconds a step takes, both sides and repetitions included, and its set-up: for the routine's stated length. */
function stepSeconds(step: Step): number {
  const { dose } = step;
  const setUp = step.setUpSeconds ?? 0;
  if (dose.type === 'guided') return dose.paceSeconds;
  if (dose.type === 'count') return dose.count * dose.paceSeconds * (dose.sets?.length ?? 1);
  const seconds = typeof dose.seconds === 'number' ? dose.seconds : dose.seconds.default;
  const sides = dose.sides?.length ?? 1;
  return sides * ((dose.repetitions ?? 1) * seconds + setUp);
}

function compileStep(
  catalogue: Catalogue,
  plan: Plan,
  step: PlanStep,
): { step: Step; words: Record<string, StepWords>; area: string; equipment: Routine['equipment'] } {
  if (isCatalogueStep(step)) {
    const routine = catalogue.routines.get(step.from.routine)!;
    const guide = routine.steps.find((candidate) => candidate.id === step.from.step)!;
    const compiled: Step = { ...guide, id: step.id ?? guide.id, ...(step.dose ? { dose: step.dose } : {}) };
    const words = Object.fromEntries(
      plan.languages.map((locale) => [locale, guideWords(locale, routine.id, guide.id)]),
    );
    return { step: compiled, words, area: routine.area, equipment: routine.equipment };
  }
  const compiled: Step = {
    id: step.id,
    technique: step.technique,
    // Provenance, never spoken: who wrote the step.
    guide: `Written by ${plan.author.name} for the plan ${plan.id}.`,
    dose: step.dose,
    ...(step.pressure !== undefined ? { pressure: step.pressure } : {}),
    ...(step.setUpSeconds !== undefined ? { setUpSeconds: step.setUpSeconds } : {}),
  };
  const safety = (step.safety ?? []).map((spot) => ` $t(safety.spot.${spot})`).join('');
  const words = Object.fromEntries(
    plan.languages.map((locale) => {
      const text = step.text[locale]!;
      return [
        locale,
        {
          title: text.title,
          instruction: `${text.instruction}${safety}`,
          ...(text.switch ? { switch: text.switch } : {}),
        },
      ];
    }),
  );
  return { step: compiled, words, area: step.area, equipment: step.equipment };
}

/** The area most of the plan's steps work on (the first such, on a tie): the journal keeps ratings by it. */
function mainArea(areas: string[]): string {
  const counts = new Map<string, number>();
  for (const area of areas) counts.set(area, (counts.get(area) ?? 0) + 1);
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/**
 * Compiles a checked plan (checkPlan) into a routine the coach machine is built from, exactly as
 * from the guide's own files: a guide step keeps every field and word, and only its dose changes
 * where the plan says so.
 */
export function compilePlan(plan: Plan, catalogue: Catalogue): CompiledPlan {
  const parts = plan.steps.map((step) => compileStep(catalogue, plan, step));
  const steps = parts.map((part) => part.step);
  const equipment = [...new Set(parts.flatMap((part) => part.equipment))];
  const seconds = steps.reduce((sum, step) => sum + stepSeconds(step), 0);
  const routine: Routine = {
    id: plan.id,
    letter: 'P',
    area: mainArea(parts.map((part) => part.area)),
    equipment,
    minutes: { min: Math.max(1, Math.floor(seconds / 60)), max: Math.max(1, Math.ceil(seconds / 60)) },
    steps,
  };
  const strings = Object.fromEntries(
    plan.languages.map((locale) => {
      const title = plan.title[locale]!;
      return [
        locale,
        {
          name: spokenName(plan, catalogue, locale, title),
          synonyms: [title.toLocaleLowerCase(locale)],
          goodFor: translator(locale).t('plan.goodFor', { title, author: plan.author.name }),
          step: Object.fromEntries(parts.map((part) => [part.step.id, part.words[locale]!])),
        },
      ];
    }),
  );
  return { routine, strings };
}
