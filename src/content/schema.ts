import { z } from 'zod';

/** Schemas for the files in content/: the guide's routines and techniques as data. */

const id = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case words joined by hyphens');
export const sideSchema = z.enum(['right', 'left']);
export const equipmentSchema = z.enum(['hands', 'tennisBall', 'foamRoller']);

/** A duration the guide gives as a range ("1–2 minutes") keeps both bounds and a default the user can move. */
const secondsRange = z
  .object({
    min: z.number().int().positive(),
    max: z.number().int().positive(),
    default: z.number().int().positive(),
    step: z.number().int().positive(),
  })
  .refine((r) => r.min <= r.default && r.default <= r.max, { error: 'default must lie between min and max' });

const holdDose = z.object({
  type: z.literal('hold'),
  seconds: z.union([z.number().int().positive(), secondsRange]),
  sides: z.array(sideSchema).min(1).optional(),
  repetitions: z.number().int().min(1).max(10).optional(),
});
const countDose = z.object({
  type: z.literal('count'),
  count: z.number().int().min(1).max(30),
  /** Directions of a counted warm-up ("10 forward, 10 back"); each gets the full count. */
  sets: z.array(id).min(1).optional(),
  /** Our coaching pace per repetition: the guide gives counts, not tempo. */
  paceSeconds: z.number().positive().max(15),
  /** Each side gets the full count (see `guideSides` for a side the coach adds). */
  sides: z.array(sideSchema).min(1).optional(),
});
const guidedDose = z.object({
  type: z.literal('guided'),
  /** An untimed instruction: the pause we leave for it before moving on. */
  paceSeconds: z.number().positive().max(60),
});
export const doseSchema = z.discriminatedUnion('type', [holdDose, countDose, guidedDose]);

/** Where the body is during a step: lying on the back, sitting on the floor, leaning on a wall ... */
export const positionSchema = z.enum([
  'standing',
  'sitting',
  'floor-sitting',
  'hands-knees',
  'kneeling',
  'lying-back',
  'wall',
]);

export const stepSchema = z.object({
  id,
  technique: id.nullable(),
  /** The guide's own line for this step: provenance, never spoken. */
  guide: z.string().min(10),
  dose: doseSchema,
  /** The step presses on a knot: the guide's "start gently" reminder goes on the first such step. */
  pressure: z.boolean().optional(),
  /**
   * Our coaching time to get into position (onto the floor, the wall, the roller) and, for a sided
   * step, to change sides: the clock starts after it. The guide gives none; a body needs 10 s or more.
   */
  setUpSeconds: z.number().int().min(10).max(30).optional(),
  /**
   * The sides the guide itself words ("lift right foot"), when the coach adds the other one at
   * equal time, as a physiotherapist would: the dose lists every side played, this only the guide's.
   */
  guideSides: z.array(sideSchema).min(1).optional(),
  /** Where the body is: what a caution may rule out (content/safety/cautions.json). */
  position: positionSchema.optional(),
  /** What presses, and on what: a caution may rule out a tool or a place (ribs, spine ...). */
  tool: equipmentSchema.optional(),
  on: z.array(id).optional(),
  /**
   * The guide's other way to do this step, for when a caution rules it out (the tennis ball on a
   * wall for one on the floor). Same dose; its own words under routine.<id>.step.<alternative id>.
   */
  alternative: z
    .object({
      id,
      guide: z.string().min(10),
      /** When the other way is another technique (hand pressure for a ball): its cues. */
      technique: id.optional(),
      position: positionSchema.optional(),
      tool: equipmentSchema.optional(),
      on: z.array(id).optional(),
    })
    .optional(),
});

export const routineSchema = z
  .object({
    id,
    letter: z.string().regex(/^[A-Z]$/),
    area: id,
    equipment: z.array(equipmentSchema).min(1),
    minutes: z.object({ min: z.number().positive(), max: z.number().positive() }),
    steps: z.array(stepSchema).min(1).max(12),
  })
  .refine((r) => new Set(r.steps.map((s) => s.id)).size === r.steps.length, {
    error: 'step ids must be unique',
    path: ['steps'],
  });

const bounds = z.object({ min: z.number().int().positive(), max: z.number().int().positive() });
export const techniqueSchema = z.object({
  id,
  number: z.number().int().positive(),
  tools: z.array(equipmentSchema).min(1),
  hold: bounds.optional(),
  repetitions: bounds.optional(),
  bestFor: z.array(id).min(1),
});

export const guideSchema = z.object({
  version: z.number().int().positive(),
  startGentlyPercent: z.number().int().min(1).max(100),
  preparation: z.array(id).min(1),
  frequency: z.object({
    chronic: z.object({ perWeek: z.number().int() }),
    maintenance: z.object({ perWeek: bounds }),
  }),
  combineWith: z.array(id),
  redFlags: z.array(z.object({ id, days: z.number().int().positive().optional() })).min(1),
  painfulAfterDays: z.number().int().positive(),
});

export type Side = z.infer<typeof sideSchema>;
export type Equipment = z.infer<typeof equipmentSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Routine = z.infer<typeof routineSchema>;
export type Technique = z.infer<typeof techniqueSchema>;
export type Guide = z.infer<typeof guideSchema>;

/** content/safety/: warning signs in tiers, their sources, emergency numbers and risky spots. */
export const TIERS = ['emergency', 'stop', 'caution'] as const;
export const tierSchema = z.enum(TIERS);
const sourceIds = z.array(id).min(1);

export const safetySourcesSchema = z.object({
  version: z.number().int().positive(),
  note: z.string().optional(),
  sources: z.record(
    id,
    z.object({ title: z.string().min(5), url: z.string().min(5), secondary: z.boolean().optional() }),
  ),
});

export const signSchema = z
  .object({
    id,
    tier: tierSchema,
    /** Emergency signs only: call the number now, or see a doctor the same day (the number for if it gets worse). */
    care: z.enum(['emergency', 'same-day']).optional(),
    /** Routine ids where the sign matters most, or ["any"]. */
    areas: z.array(id).min(1),
    sources: sourceIds,
    note: z.string().min(5),
  })
  .refine((sign) => (sign.tier === 'emergency') === (sign.care !== undefined), {
    error: 'care is given for emergency signs, and only for them',
    path: ['care'],
  });

export const signsSchema = z.object({
  version: z.number().int().positive(),
  note: z.string().optional(),
  signs: z.array(signSchema).min(1),
});

export const emergencyNumbersSchema = z.object({
  version: z.number().int().positive(),
  note: z.string().optional(),
  byLocale: z.record(
    z.string().regex(/^[a-z]{2}-[A-Z]{2}$/),
    z.object({ number: z.string().regex(/^\d{3}$/), source: id }),
  ),
  byLanguage: z.record(z.string().regex(/^[a-z]{2}$/), z.string().regex(/^[a-z]{2}-[A-Z]{2}$/)),
});

export const riskySpotsSchema = z.object({
  version: z.number().int().positive(),
  note: z.string().optional(),
  spots: z.array(
    z.object({
      id,
      routine: id,
      steps: z.array(id).min(1),
      /** The guide's own words the coach departs from, quoted exactly. */
      departsFrom: z.string().min(3).optional(),
      why: z.string().min(20),
      sources: sourceIds,
    }),
  ),
});

/** What a caution rules out (content/safety/cautions.json): positions, tools and places a step may have. */
export const cautionsSchema = z.object({
  version: z.number().int().positive(),
  note: z.string().optional(),
  cautions: z.array(
    z.object({
      /** A sign of the caution tier. */
      sign: id,
      avoid: z.object({
        positions: z.array(positionSchema).optional(),
        tools: z.array(equipmentSchema).optional(),
        places: z.array(id).optional(),
      }),
      why: z.string().min(20),
      sources: sourceIds,
    }),
  ),
});

export type Tier = z.infer<typeof tierSchema>;
export type Sign = z.infer<typeof signSchema>;
export type RiskySpot = z.infer<typeof riskySpotsSchema>['spots'][number];
export type Caution = z.infer<typeof cautionsSchema>['cautions'][number];
export interface Safety {
  sources: z.infer<typeof safetySourcesSchema>['sources'];
  signs: Sign[];
  emergencyNumbers: z.infer<typeof emergencyNumbersSchema>;
  spots: RiskySpot[];
  cautions: Caution[];
}
