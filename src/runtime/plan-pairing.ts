import { randomInt } from 'node:crypto';
import type { Plan } from '../plan/schema';
import type { Store } from '../store/types';
import { RateLimit } from './rate-limit';

/** Six digits: said in one breath, typed on no keyboard, 10^6 codes. */
export const PAIRING_DIGITS = 6;
/** A code lasts ten minutes and works once. */
export const PAIRING_TTL_MS = 10 * 60_000;

export type Issued = { code: string; expiresInSeconds: number } | { refused: 'no-plan' | 'unsupported' | 'wait' };
export type Linked = { plan: Plan } | { refused: 'unknown' | 'wait' };

export interface PairingLimits {
  /** Codes one voice user may try per window. */
  triesPerUser: number;
  /** Codes one address may try per window (a server behind a proxy sees the proxy: then it is the platform's). */
  triesPerAddress: number;
  /** Codes one person may be given per window: a person needs one or two, a flood fills the store. */
  issuesPerUser: number;
  windowMs: number;
}

export const PAIRING_LIMITS: PairingLimits = {
  triesPerUser: 5,
  triesPerAddress: 30,
  issuesPerUser: 5,
  windowMs: PAIRING_TTL_MS,
};

/**
 * Linking a kept plan to a voice channel without account linking: the page asks for a short code
 * for its person's plan; the person says it to the skill ("link my plan, the code is 4 7 1 9 …"),
 * and the plan is copied into that voice user's profile. The code is kept in the store (not in
 * this process: a skill may answer from another instance than the page's) and stands for the
 * person, never for the plan itself; single use, ten minutes, tries limited per user and address.
 */
export class PlanPairing {
  private readonly byUser: RateLimit;
  private readonly byAddress: RateLimit;
  private readonly issued: RateLimit;

  constructor(
    private readonly store: Store,
    limits: PairingLimits = PAIRING_LIMITS,
  ) {
    this.byUser = new RateLimit(limits.triesPerUser, limits.windowMs);
    this.byAddress = new RateLimit(limits.triesPerAddress, limits.windowMs);
    this.issued = new RateLimit(limits.issuesPerUser, limits.windowMs);
  }

  /** A new code for the plan the user keeps; `now` is the turn clock's time. */
  async issue(userId: string, now: number): Promise<Issued> {
    if (!this.store.savePairing || !this.store.loadPlan) return { refused: 'unsupported' };
    if (!(await this.store.loadPlan(userId))) return { refused: 'no-plan' };
    if (this.issued.take(userId)) return { refused: 'wait' };
    // A code still in use by another person is skipped: a few draws find a free one.
    for (let draw = 0; draw < 8; draw += 1) {
      // Never a leading zero: Alexa fills the code slot as a number, so "zero four …" would lose a digit.
      const code = String(randomInt(10 ** (PAIRING_DIGITS - 1), 10 ** PAIRING_DIGITS));
      if (await this.store.savePairing(code, { userId, until: now + PAIRING_TTL_MS }))
        return { code, expiresInSeconds: PAIRING_TTL_MS / 1000 };
    }
    throw new Error('no free pairing code after 8 draws');
  }

  /**
   * The plan a code stands for, copied into the voice user's profile. A wrong code, a used one
   * and an expired one get the same answer; too many tries get "wait" before the store is asked.
   */
  async link(userId: string, spoken: string, now: number, address?: string): Promise<Linked> {
    if (this.byUser.take(userId) || (address !== undefined && this.byAddress.take(address))) return { refused: 'wait' };
    const code = spoken.replace(/\D/g, '');
    if (code.length !== PAIRING_DIGITS || !this.store.takePairing || !this.store.savePlan)
      return { refused: 'unknown' };
    const pairing = await this.store.takePairing(code);
    if (!pairing || pairing.until < now) return { refused: 'unknown' };
    const plan = await this.store.loadPlan?.(pairing.userId);
    if (!plan) return { refused: 'unknown' };
    await this.store.savePlan(userId, plan);
    return { plan };
  }
}
