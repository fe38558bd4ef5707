import { z } from 'zod';
import { doseSchema, equipmentSchema } from '../content/schema';

/**
 * A plan file: a physiotherapist's session as data. Steps are the guide's own (by routine and
 * step, optionally with another dose inside the safe range) or new steps written with the same
 * fields as the guide's, with their words in every language the plan declares. Versioned by
 * `format`, so a later format can be read beside this one.
 */
export const PLAN_FORMAT = 'massage-coach-plan/1';

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case words joined by hyphens, like "neck-plan"');
const locale = z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, 'must be a locale like "en-US" or "de-DE"');
const words = (min: number, max: number) => z.string().trim().min(min).max(max);

/** What the coach says for a new step, in one language. */
export const stepWordsSchema = z.strictObject({
  title: words(2, 60),
  /** Spoken once at the start of the step: where to be and what to do. */
  instruction: words(10, 400),
  /** Spoken when a sided step changes side. */
  switch: words(10, 300).optional(),
});

export const catalogueStepSchema = z.strictObject({
  /** Another id, where the plan uses two guide steps of the same name (two warm-ups). */
  id: id.optional(),
  /** The guide's routine and step, e.g. { "routine": "neck", "step": "compression" }. */
  from: z.strictObject({ routine: id, step: id }),
  /** Another dose than the guide's, inside the technique's safe range. */
  dose: doseSchema.optional(),
});

export const newStepSchema = z.strictObject({
  id,
  /** A technique of the guide (content/techniques), or null for a warm-up, stretch or finisher. */
  technique: id.nullable(),
  /** The body area, as the guide's routines name it (e.g. "neck", "shoulders", "calves"). */
  area: id,
  equipment: z.array(equipmentSchema).min(1),
  dose: doseSchema,
  pressure: z.boolean().optional(),
  setUpSeconds: z.number().int().min(10).max(30).optional(),
  /** Risky spots (content/safety/risky-spots.json) this step works near: the coach says their safe wording. */
  safety: z.array(id).optional(),
  text: z.record(locale, stepWordsSchema),
});

export const planStepSchema = z.union([catalogueStepSchema, newStepSchema]);

export const planSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(PLAN_FORMAT),
  id,
  author: z.strictObject({ name: words(2, 80), role: words(2, 80).optional() }),
  /** Every language the plan speaks; each new step has its words in each. */
  languages: z.array(locale).min(1),
  title: z.record(locale, words(2, 80)),
  daysPerWeek: z.number().int().min(1).max(7),
  /** Cautions the author knows of (caution signs in content/safety/signs.json, e.g. "pregnancy"). */
  cautions: z.array(id).default([]),
  steps: z.array(planStepSchema).min(1).max(12),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanStep = z.infer<typeof planStepSchema>;
export type NewPlanStep = z.infer<typeof newStepSchema>;

export const isCatalogueStep = (step: PlanStep): step is z.infer<typeof catalogueStepSchema> => 'from' in step;

/** The published JSON Schema (draft 2020-12), generated from the zod schema so the two never differ. */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(planSchema, { io: 'input' }),
    title: 'Massage Coach plan',
    description: `A physiotherapist's self-massage plan, format ${PLAN_FORMAT}.`,
  };
}
