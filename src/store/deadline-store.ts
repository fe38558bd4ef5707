import type { KnotEntry } from '../coach/knots';
import type { Plan } from '../plan/schema';
import type { Goal, JournalEntry, Pairing, Store, Talk, UserState } from './types';
import type { ResumePoint } from '../coach/output';

/** A store call that did not answer in time: the turn goes on as if the store had failed. */
export class StoreDeadlineError extends Error {
  override name = 'StoreDeadlineError';
}

/**
 * Alexa gives a skill 8 s (speech/limits.ts) and Dialogflow 5 s; a store that hangs must not take
 * the answer with it. A second and a half per call leaves room for a read, a count and two writes in one turn.
 */
export const STORE_CALL_DEADLINE_MS = 1500;

/**
 * Every call of a store, bounded in time. A call past its deadline rejects; what it was doing may
 * still land later, which is safe: every write is idempotent (an entry id, a value set twice).
 */
export class DeadlineStore implements Store {
  readonly setTalk?: (userId: string, talk: Talk) => Promise<void>;
  readonly appendKnot?: (userId: string, entry: KnotEntry) => Promise<boolean>;
  readonly loadKnots?: (userId: string) => Promise<KnotEntry[]>;
  readonly addPerson?: (accountId: string, personKey: string) => Promise<void>;
  readonly personsOf?: (accountId: string) => Promise<string[]>;
  readonly forgetPersons?: (accountId: string, personKey?: string) => Promise<void>;
  readonly savePlan?: (userId: string, plan: Plan | null) => Promise<void>;
  readonly loadPlan?: (userId: string) => Promise<Plan | null>;
  readonly savePairing?: (code: string, pairing: Pairing) => Promise<boolean>;
  readonly takePairing?: (code: string) => Promise<Pairing | null>;

  constructor(
    private readonly inner: Store,
    private readonly deadlineMs = STORE_CALL_DEADLINE_MS,
  ) {
    if (inner.setTalk) this.setTalk = (userId, talk) => this.bounded('setTalk', () => inner.setTalk!(userId, talk));
    // The optional parts only where the store has them: the knot map and the household index.
    if (inner.appendKnot)
      this.appendKnot = (userId, entry) => this.bounded('appendKnot', () => inner.appendKnot!(userId, entry));
    if (inner.loadKnots) this.loadKnots = (userId) => this.bounded('loadKnots', () => inner.loadKnots!(userId));
    if (inner.addPerson)
      this.addPerson = (accountId, key) => this.bounded('addPerson', () => inner.addPerson!(accountId, key));
    if (inner.personsOf) this.personsOf = (accountId) => this.bounded('personsOf', () => inner.personsOf!(accountId));
    if (inner.forgetPersons)
      this.forgetPersons = (accountId, key) =>
        this.bounded('forgetPersons', () => inner.forgetPersons!(accountId, key));
    if (inner.savePlan && inner.loadPlan) {
      this.savePlan = (userId, plan) => this.bounded('savePlan', () => inner.savePlan!(userId, plan));
      this.loadPlan = (userId) => this.bounded('loadPlan', () => inner.loadPlan!(userId));
    }
    if (inner.savePairing && inner.takePairing) {
      this.savePairing = (code, pairing) => this.bounded('savePairing', () => inner.savePairing!(code, pairing));
      this.takePairing = (code) => this.bounded('takePairing', () => inner.takePairing!(code));
    }
  }

  load(userId: string): Promise<UserState> {
    return this.bounded('load', () => this.inner.load(userId));
  }
  saveResume(userId: string, point: ResumePoint | null): Promise<void> {
    return this.bounded('saveResume', () => this.inner.saveResume(userId, point));
  }
  appendJournal(userId: string, entry: JournalEntry): Promise<boolean> {
    return this.bounded('appendJournal', () => this.inner.appendJournal(userId, entry));
  }
  setGoal(userId: string, goal: Goal): Promise<void> {
    return this.bounded('setGoal', () => this.inner.setGoal(userId, goal));
  }
  countSession(userId: string): Promise<number> {
    return this.bounded('countSession', () => this.inner.countSession(userId));
  }
  deleteUser(userId: string): Promise<void> {
    return this.bounded('deleteUser', () => this.inner.deleteUser(userId));
  }
  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private bounded<T>(what: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new StoreDeadlineError(`${what} took over ${this.deadlineMs} ms`)),
        this.deadlineMs,
      );
      timer.unref();
    });
    return Promise.race([call(), deadline]).finally(() => clearTimeout(timer));
  }
}
