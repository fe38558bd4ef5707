import { z } from 'zod';
import type { KnotDraft } from '../coach/knot-dialogue';
import { isGuideSpot } from '../coach/knots';
import { catalogue } from '../content/load';

const rating = z.number().int().min(0).max(10).nullable();
const spot = z
  .object({ area: z.string().max(40), side: z.enum(['left', 'right']).nullable(), step: z.string().max(40) })
  .strict()
  .refine((given) => isGuideSpot(catalogue(), given), 'is not a spot of the guide');
const date = z.iso.datetime();

/**
 * What a knot entry may hold: a spot of the guide, a date, 0–10 ratings and a hold in seconds,
 * nothing else (no words, no symptom). Checked before it is stored: the draft comes from a
 * snapshot a client carried, and the outbox's spill file.
 */
const mark = z.object({ kind: z.literal('mark'), date, spot }).strict();
const tension = z
  .object({
    kind: z.literal('tension'),
    date,
    spot,
    before: rating,
    after: rating,
    holdSeconds: z.number().int().min(0).max(600).optional(),
  })
  .strict();
const usualDoses = z.object({ kind: z.literal('usual-doses'), date }).strict();
const draftSchema = z.discriminatedUnion('kind', [mark, tension, usualDoses]);
const keys = { id: z.string().min(1).max(64), session: z.string().min(1).max(64) };
export const knotEntrySchema = z.discriminatedUnion('kind', [
  mark.extend(keys),
  tension.extend(keys),
  usualDoses.extend(keys),
]);

/** The draft when every value is one a session can produce; null otherwise. */
export function checkedKnotDraft(draft: unknown): KnotDraft | null {
  const parsed = draftSchema.safeParse(draft);
  return parsed.success ? (parsed.data as KnotDraft) : null;
}
