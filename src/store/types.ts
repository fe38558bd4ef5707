import type { KnotEntry } from '../coach/knots';
import type { JournalDraft, ResumePoint } from '../coach/output';
import type { Plan } from '../plan/schema';

/** A journal entry as stored: the coach's draft plus an id that makes writing it idempotent. */
export interface JournalEntry extends JournalDraft {
  id: string;
}

export type Goal = 'daily' | 'maintenance';
/** How much the coach talks: every cue, or brief ("talk less": cues only at changes). */
export type Talk = 'full' | 'brief';

/** Everything kept about one user. No names, no free text: ids, dates, numbers. */
export interface UserState {
  resume: ResumePoint | null;
  goal: Goal;
  talk?: Talk;
  /** Number of sessions started: zero means the disclaimer is still owed. */
  sessions: number;
  journal: JournalEntry[];
}

/** What a pairing code stands for: whose kept plan it links, until when (ms since 1970). Never the plan itself. */
export interface Pairing {
  userId: string;
  until: number;
}

/**
 * The journal and resume store. Two implementations: files (the embedded default) and DynamoDB
 * (many server instances). Every write is safe to retry: appending an entry twice keeps one.
 */
export interface Store {
  load(userId: string): Promise<UserState>;
  saveResume(userId: string, point: ResumePoint | null): Promise<void>;
  /** Appends unless an entry with the same id exists; resolves true when this call wrote it. */
  appendJournal(userId: string, entry: JournalEntry): Promise<boolean>;
  setGoal(userId: string, goal: Goal): Promise<void>;
  /** Optional: a store without it keeps every user on full talk. */
  setTalk?(userId: string, talk: Talk): Promise<void>;
  /**
   * The knot map's log (src/coach/knots.ts): appends unless an entry with the same id exists;
   * resolves true when this call wrote it. Optional: a store without it keeps no knot map.
   */
  appendKnot?(userId: string, entry: KnotEntry): Promise<boolean>;
  /** The knot map's log, oldest first; empty for a new user. */
  loadKnots?(userId: string): Promise<KnotEntry[]>;
  /**
   * The household index (docs/persons.md): the keys of the persons recognised on an account (hashed
   * keys, never names), kept apart from the account's own data so that deleting the account's
   * journal keeps it. Written once per key; optional: a store without it keeps no persons apart.
   */
  addPerson?(accountId: string, personKey: string): Promise<void>;
  /** The person keys recorded on the account, in no particular order; none for a new account. */
  personsOf?(accountId: string): Promise<string[]>;
  /** Forgets one person key of the account, or (without one) the whole index. */
  forgetPersons?(accountId: string, personKey?: string): Promise<void>;
  /** Keeps the plan linked to the user (a physiotherapist's, checked), or unlinks it with null. Optional: a store without it keeps no plan. */
  savePlan?(userId: string, plan: Plan | null): Promise<void>;
  /** The plan linked to the user; null when none. */
  loadPlan?(userId: string): Promise<Plan | null>;
  /** Keeps a pairing code (src/runtime/plan-pairing.ts) until it is taken; false when the code is in use. */
  savePairing?(code: string, pairing: Pairing): Promise<boolean>;
  /** The pairing a code stands for, removed as it is read (single use); null when unknown or taken. */
  takePairing?(code: string): Promise<Pairing | null>;
  /** Counts a started session (for the first-session disclaimer); resolves with the count, this one included. */
  countSession(userId: string): Promise<number>;
  /** Removes everything kept about the user, the knot map included. */
  deleteUser(userId: string): Promise<void>;
  close?(): Promise<void>;
}

export const emptyUser = (): UserState => ({
  resume: null,
  goal: 'maintenance',
  talk: 'full',
  sessions: 0,
  journal: [],
});
