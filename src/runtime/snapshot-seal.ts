import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PersistedCoach } from '../coach/turn';

/**
 * A snapshot that travels through a client (Dialogflow's session parameters and contexts, which
 * any detectIntent caller can set) is sealed: an HMAC over the snapshot, the session and the user
 * it was made for. A forged, edited or borrowed snapshot fails the seal and is refused.
 */
export interface SealedCoach extends PersistedCoach {
  /** base64url HMAC-SHA256 of the canonical snapshot, the session and the user. */
  m: string;
}

export type Opened =
  { kind: 'none' } | { kind: 'ok'; snapshot: PersistedCoach } | { kind: 'refused'; reason: 'unsealed' | 'mismatch' };

/**
 * The keys, newest first: the first seals, any of them opens, so a key is rotated by putting the
 * new one in front and dropping the old one once every session sealed with it has ended.
 */
export class SnapshotKeys {
  private constructor(
    private readonly keys: Buffer[],
    /** No key was configured: this process made one up, and a restart forgets it. */
    readonly ephemeral: boolean,
  ) {}

  /**
   * SNAPSHOT_KEYS: comma-separated secrets of at least 32 characters (they seal snapshots and sign
   * the browser page's ids); unset makes a key for this process only.
   */
  static fromEnv(value: string | undefined): SnapshotKeys {
    const given = (value ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    if (given.length === 0) return new SnapshotKeys([randomBytes(32)], true);
    const short = given.find((key) => key.length < 32);
    if (short !== undefined) throw new Error('SNAPSHOT_KEYS: each key must be at least 32 characters');
    return new SnapshotKeys(
      given.map((key) => Buffer.from(key, 'utf8')),
      false,
    );
  }

  /** A tag for a text of ours (a browser id, its token): base64url HMAC with the newest key. */
  sign(purpose: string, text: string): string {
    return tagOf(this.keys[0]!, purpose, text).toString('base64url');
  }

  /** Whether a tag was made by `sign` with any of the keys. */
  verify(purpose: string, text: string, tag: string): boolean {
    const given = Buffer.from(tag, 'base64url');
    return given.length === TAG_BYTES && this.madeBy(purpose, text, given);
  }

  /** Whether a shortened tag (its first bytes, 8 at least) was made by `sign` with any of the keys. */
  verifyPrefix(purpose: string, text: string, prefix: Buffer): boolean {
    return prefix.length >= 8 && prefix.length <= TAG_BYTES && this.madeBy(purpose, text, prefix);
  }

  /** Whether `given` is the start (or the whole) of the tag of any key, compared in constant time. */
  private madeBy(purpose: string, text: string, given: Buffer): boolean {
    return this.keys.some((key) => timingSafeEqual(given, tagOf(key, purpose, text).subarray(0, given.length)));
  }

  seal(snapshot: PersistedCoach, session: string, user: string): SealedCoach {
    return { ...carriedPart(snapshot), m: mac(this.keys[0]!, snapshot, session, user) };
  }

  /** The snapshot a request carries, when its seal holds for this session and user. */
  open(carried: unknown, session: string, user: string): Opened {
    if (carried === undefined || carried === null) return { kind: 'none' };
    if (!isSealed(carried)) return { kind: 'refused', reason: 'unsealed' };
    const given = Buffer.from(carried.m, 'base64url');
    const snapshot = carriedPart(carried);
    for (const key of this.keys) {
      const expected = macOrNull(key, snapshot, session, user);
      // Nested deeper than the stack goes: no snapshot of ours is, so it was made up.
      if (expected === null) return { kind: 'refused', reason: 'unsealed' };
      if (given.length === expected.length && timingSafeEqual(given, expected)) return { kind: 'ok', snapshot };
    }
    return { kind: 'refused', reason: 'mismatch' };
  }
}

const isSealed = (value: unknown): value is SealedCoach =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SealedCoach).v === 'string' &&
  's' in value &&
  typeof (value as SealedCoach).m === 'string' &&
  (value as SealedCoach).m.length <= 64;

/** HMAC-SHA256 tags are this long. */
const TAG_BYTES = 32;

const tagOf = (key: Buffer, purpose: string, text: string): Buffer =>
  createHmac('sha256', key).update(`${purpose}\u0000${text}`).digest();

/** What is sealed: the version, the machine's snapshot, and the plan in play when there is one. */
const carriedPart = (snapshot: PersistedCoach): PersistedCoach => ({
  v: snapshot.v,
  s: snapshot.s,
  ...(snapshot.p ? { p: snapshot.p } : {}),
});

function mac(key: Buffer, snapshot: PersistedCoach, session: string, user: string): string {
  return createHmac('sha256', key)
    .update(canonical(carriedPart(snapshot)))
    .update('\u0000')
    .update(session)
    .update('\u0000')
    .update(user)
    .digest('base64url');
}

/** The tag of a carried snapshot; null when it is nested too deep to write out (a RangeError). */
function macOrNull(key: Buffer, snapshot: PersistedCoach, session: string, user: string): Buffer | null {
  try {
    return Buffer.from(mac(key, snapshot, session, user), 'base64url');
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * JSON with keys sorted at every depth: Dialogflow keeps parameters as a protobuf Struct, a map
 * whose key order is not kept, so the seal must not depend on it.
 */
export function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
}
