import { z } from 'zod';
import { catalogue } from '../content/load';
import type { JournalDraft } from '../coach/output';

const rating = z.number().int().min(0).max(10);

/**
 * What a journal entry may hold: ids, a date, counts and 0–10 ratings, nothing else. Every entry is
 * checked before it is stored: its values come from a snapshot a client carried, and a spill file.
 */
const draftFields = z.object({
  date: z.iso.datetime(),
  routine: z.string().refine((id) => catalogue().routines.has(id), 'is not a routine'),
  stepsCompleted: z.number().int().min(0).max(50),
  totalSteps: z.number().int().min(1).max(50),
  completed: z.boolean(),
  cutShort: z.enum(['stopped', 'red-flag', 'silence', 'time', 'pain-eased']).nullable(),
  ratingBefore: rating.optional(),
  ratingAfter: rating.optional(),
  ratingsDuring: z.array(rating).max(50),
  resumed: z.boolean().optional(),
});
const stepsInRange = (entry: { stepsCompleted: number; totalSteps: number }) =>
  entry.stepsCompleted <= entry.totalSteps;

export const journalDraftSchema = draftFields.strict().refine(stepsInRange, 'stepsCompleted exceeds totalSteps');
export const journalEntrySchema = draftFields
  .extend({ id: z.string().min(1).max(64) })
  .strict()
  .refine(stepsInRange, 'stepsCompleted exceeds totalSteps');

/** The draft when every value is one a session can produce; null otherwise. */
export function checkedDraft(draft: unknown): JournalDraft | null {
  const parsed = journalDraftSchema.safeParse(draft);
  return parsed.success ? (parsed.data as JournalDraft) : null;
}
