import type { Plan } from '../plan/schema';
import type { Goal, JournalEntry, Pairing, Store, UserState } from '../store/types';
import type { ResumePoint } from '../coach/output';
import type { KnotEntry } from '../coach/knots';

/** Whether the store keeps anything of a user (a count, a journal entry, a place): then it is a user, not a visitor. */
export const keepsAnything = (user: UserState): boolean =>
  user.sessions > 0 || user.journal.length > 0 || user.resume !== null;

/** What a visitor who has not started a routine asked to keep, held in memory until they do. */
interface Pending {
  sessions: number;
  goal?: Goal;
}

/**
 * The store as the web console sees it. Anyone who opens the page is a visitor: nothing is written
 * for them until a routine starts (`admit`), so a crawler or a curious click leaves no folder behind.
 * Beyond `maxUsers` console users, admitting one more deletes the one unused longest among those
 * who never kept a journal entry: a flood of visitors costs visitors, never a person's journal.
 * Users found in the store (admitted in an earlier run) count as admitted when they come back.
 */
export class ConsoleUsers implements Store {
  /** Admitted users, least recently used first (a Map keeps insertion order): whether they keep journal entries. */
  private readonly admitted = new Map<string, boolean>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly store: Store,
    private readonly maxUsers: number,
    /** Visitors whose pending writes are kept; the oldest are forgotten beyond it. */
    private readonly maxVisitors = 1000,
  ) {}

  get size(): number {
    return this.admitted.size;
  }

  isAdmitted(userId: string): boolean {
    return this.admitted.has(userId);
  }

  private touch(userId: string, keepsJournal = false): void {
    const kept = this.admitted.get(userId) ?? false;
    this.admitted.delete(userId);
    this.admitted.set(userId, kept || keepsJournal);
  }

  /** The admitted user unused longest who keeps no journal entry, if any. */
  private evictable(): string | undefined {
    for (const [userId, keepsJournal] of this.admitted) if (!keepsJournal) return userId;
    return undefined;
  }

  /** A routine started: from now on the user's writes reach the store, pending ones first. */
  async admit(userId: string): Promise<void> {
    if (this.admitted.has(userId)) {
      this.touch(userId);
      return;
    }
    this.touch(userId);
    const pending = this.pending.get(userId);
    this.pending.delete(userId);
    for (let n = 0; n < (pending?.sessions ?? 0); n += 1) await this.store.countSession(userId);
    if (pending?.goal) await this.store.setGoal(userId, pending.goal);
    while (this.admitted.size > this.maxUsers) {
      const oldest = this.evictable();
      if (oldest === undefined || oldest === userId) break; // everyone else keeps a journal: keep them all
      this.admitted.delete(oldest);
      await this.store.deleteUser(oldest);
    }
  }

  private hold(userId: string, change: (pending: Pending) => void): void {
    const pending = this.pending.get(userId) ?? { sessions: 0 };
    change(pending);
    this.pending.delete(userId);
    this.pending.set(userId, pending);
    while (this.pending.size > this.maxVisitors) this.pending.delete(this.pending.keys().next().value!);
  }

  async load(userId: string): Promise<UserState> {
    const user = await this.store.load(userId);
    if (this.admitted.has(userId)) return user;
    if (keepsAnything(user)) {
      await this.admit(userId); // kept from an earlier run of the server
      if (user.journal.length > 0) this.touch(userId, true);
      return user;
    }
    const pending = this.pending.get(userId);
    return pending ? { ...user, sessions: pending.sessions, goal: pending.goal ?? user.goal } : user;
  }

  async countSession(userId: string): Promise<number> {
    if (this.admitted.has(userId)) return this.store.countSession(userId);
    let count = 0;
    this.hold(userId, (pending) => (count = pending.sessions += 1));
    return count;
  }

  async setGoal(userId: string, goal: Goal): Promise<void> {
    if (this.admitted.has(userId)) return this.store.setGoal(userId, goal);
    this.hold(userId, (pending) => (pending.goal = goal));
  }

  // Resume points and journal entries exist only once a routine has started, so the user is admitted.
  async saveResume(userId: string, point: ResumePoint | null): Promise<void> {
    if (!this.admitted.has(userId)) {
      if (point === null) return; // nothing kept, nothing to clear
      await this.admit(userId);
    }
    return this.store.saveResume(userId, point);
  }

  async appendJournal(userId: string, entry: JournalEntry): Promise<boolean> {
    if (!this.admitted.has(userId)) await this.admit(userId);
    this.touch(userId, true);
    return this.store.appendJournal(userId, entry);
  }

  /** A kept plan makes a visitor a user, one never deleted to make room (like a journal). */
  async savePlan(userId: string, plan: Plan | null): Promise<void> {
    if (!this.store.savePlan) throw new Error('this store keeps no plans');
    if (!this.admitted.has(userId)) await this.admit(userId);
    this.touch(userId, true);
    await this.store.savePlan(userId, plan);
  }

  async loadPlan(userId: string): Promise<Plan | null> {
    return (await this.store.loadPlan?.(userId)) ?? null;
  }

  async savePairing(code: string, pairing: Pairing): Promise<boolean> {
    if (!this.store.savePairing) throw new Error('this store keeps no pairing codes');
    return this.store.savePairing(code, pairing);
  }

  async takePairing(code: string): Promise<Pairing | null> {
    return (await this.store.takePairing?.(code)) ?? null;
  }

  // The knot map, like the journal, is written only once a routine has started.
  async appendKnot(userId: string, entry: KnotEntry): Promise<boolean> {
    if (!this.admitted.has(userId)) await this.admit(userId);
    this.touch(userId, true);
    return (await this.store.appendKnot?.(userId, entry)) ?? false;
  }

  async loadKnots(userId: string): Promise<KnotEntry[]> {
    return (await this.store.loadKnots?.(userId)) ?? [];
  }

  async deleteUser(userId: string): Promise<void> {
    this.admitted.delete(userId);
    this.pending.delete(userId);
    await this.store.deleteUser(userId);
  }
}
