import type { Plan } from '../plan/schema';
import type { JournalFacts } from './compose-targets';
import type { KnotEntry } from './knots';
import type { ResumePoint } from './output';

/** Journal figures the coach speaks on PROGRESS; computed by the store layer from the journal. */
export interface ProgressFacts {
  sessionsThisWeek: number;
  goal: 'daily' | 'maintenance';
  /** Sessions a week the goal asks for (7, or 3 to 5). */
  goalMin: number;
  goalMax: number;
  streakDays: number;
  /** Routine ids in order of how often they were done, most first. */
  topRoutines: string[];
  /** Mean of (after - before) over sessions that have both ratings; negative is better. */
  averageChange: number | null;
  /** The routine whose sessions lower tension most ("what methods work best"), from two or more rated sessions. */
  bestRoutine: { routine: string; averageDrop: number } | null;
  totalSessions: number;
  /** The routine of the latest session, for "neck again?". */
  lastRoutine: string | null;
}

/** A routine reported as tense or painful across more than two weeks: the guide says see a professional. */
export interface PersistentPain {
  routine: string;
  days: number;
}

/** What the coach knows about the user at the start of a turn, read by the runner from the store. */
export interface Profile {
  firstSession: boolean;
  resume: ResumePoint | null;
  progress: ProgressFacts | null;
  persistentPain: PersistentPain | null;
  /** Brief mode, kept from an earlier "talk less". */
  talk?: 'full' | 'brief';
  /** False when the store could not be read this turn: the journal is there, just not reachable. */
  journalReachable?: boolean;
  /** The plan a physiotherapist wrote, linked to this person (by the page or a pairing code): "start my plan". */
  plan?: Plan | null;
  /** What this turn's LINK_PLAN code came to, found by the runner before the turn (src/runtime/plan-pairing.ts). */
  planLink?: 'linked' | 'unknown' | 'wait' | 'sessionOnly';
  /** The person's knot map: marked spots and their tensions (area, side, step; never words). */
  knots?: readonly KnotEntry[];
  /** The latest sessions (routine, date, ratings), newest last: what "my usual" and the composer read. */
  recent?: readonly JournalFacts[];
}

/**
 * A session whose next turn needs the stored facts (the knot map, the recent sessions) says so in
 * its context, so the runner reads them for that turn only: the scan's last answer composes.
 */
export const FACTS_NEXT = 'factsNext';
export function wantsFacts(persisted: unknown): boolean {
  const machine = (persisted as { s?: { context?: Record<string, unknown> } } | null)?.s;
  return machine?.context?.[FACTS_NEXT] === true;
}

export const EMPTY_PROFILE: Profile = { firstSession: true, resume: null, progress: null, persistentPain: null };

/** A resume point is offered for a day; after that a new session starts fresh. */
export const RESUME_WINDOW_MS = 24 * 60 * 60 * 1000;
