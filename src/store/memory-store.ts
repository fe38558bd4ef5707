import { byDate, type KnotEntry } from '../coach/knots';
import type { ResumePoint } from '../coach/output';
import type { Plan } from '../plan/schema';
import { emptyUser, type Goal, type JournalEntry, type Pairing, type Store, type Talk, type UserState } from './types';

/** A store in memory, for tests of code above the store. */
export class MemoryStore implements Store {
  private readonly users = new Map<string, UserState>();
  private readonly knots = new Map<string, KnotEntry[]>();
  private readonly households = new Map<string, Set<string>>();
  private readonly plans = new Map<string, Plan>();
  private readonly pairings = new Map<string, Pairing>();

  private user(userId: string): UserState {
    let user = this.users.get(userId);
    if (!user) {
      user = emptyUser();
      this.users.set(userId, user);
    }
    return user;
  }

  async load(userId: string): Promise<UserState> {
    const user = this.user(userId);
    return structuredClone(user);
  }
  async saveResume(userId: string, point: ResumePoint | null): Promise<void> {
    this.user(userId).resume = point;
  }
  async appendJournal(userId: string, entry: JournalEntry): Promise<boolean> {
    const user = this.user(userId);
    if (user.journal.some((existing) => existing.id === entry.id)) return false;
    user.journal.push(structuredClone(entry));
    return true;
  }
  async setGoal(userId: string, goal: Goal): Promise<void> {
    this.user(userId).goal = goal;
  }
  async setTalk(userId: string, talk: Talk): Promise<void> {
    this.user(userId).talk = talk;
  }
  async countSession(userId: string): Promise<number> {
    return (this.user(userId).sessions += 1);
  }
  async appendKnot(userId: string, entry: KnotEntry): Promise<boolean> {
    const log = this.knots.get(userId) ?? [];
    if (log.some((existing) => existing.id === entry.id)) return false;
    this.knots.set(userId, [...log, structuredClone(entry)]);
    return true;
  }
  async loadKnots(userId: string): Promise<KnotEntry[]> {
    return structuredClone(this.knots.get(userId) ?? []).sort(byDate);
  }
  async addPerson(accountId: string, personKey: string): Promise<void> {
    this.households.set(accountId, new Set(this.households.get(accountId)).add(personKey));
  }
  async personsOf(accountId: string): Promise<string[]> {
    return [...(this.households.get(accountId) ?? [])];
  }
  async forgetPersons(accountId: string, personKey?: string): Promise<void> {
    if (personKey === undefined) this.households.delete(accountId);
    else this.households.get(accountId)?.delete(personKey);
  }
  async savePlan(userId: string, plan: Plan | null): Promise<void> {
    if (plan) this.plans.set(userId, structuredClone(plan));
    else this.plans.delete(userId);
  }
  async loadPlan(userId: string): Promise<Plan | null> {
    return structuredClone(this.plans.get(userId) ?? null);
  }
  async savePairing(code: string, pairing: Pairing): Promise<boolean> {
    if (this.pairings.has(code)) return false;
    this.pairings.set(code, { ...pairing });
    return true;
  }
  async takePairing(code: string): Promise<Pairing | null> {
    const pairing = this.pairings.get(code) ?? null;
    this.pairings.delete(code);
    return pairing;
  }
  async deleteUser(userId: string): Promise<void> {
    this.users.delete(userId);
    this.knots.delete(userId);
    this.plans.delete(userId);
  }
}
