import type { JournalEntry } from '../../src/store/types';

/** A completed neck session's journal entry, changed as a test needs. */
export const journalEntry = (fields: Partial<JournalEntry> & { id: string }): JournalEntry => ({
  date: '2026-11-20T09:00:00.000Z',
  routine: 'neck',
  stepsCompleted: 4,
  totalSteps: 4,
  completed: true,
  cutShort: null,
  ratingsDuring: [],
  ...fields,
});
