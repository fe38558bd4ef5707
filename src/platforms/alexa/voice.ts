import { createHash } from 'node:crypto';
import type { RequestEnvelope } from 'ask-sdk-model';

/**
 * Who a turn belongs to on Alexa. `context.System.user` is the Amazon account the device is
 * registered to; `context.System.person` is present only when Alexa recognised the speaker's
 * voice (a voice ID with "Personalize skills" on). A recognised person gets data of their own,
 * under a key derived from account and person together; anyone else gets the account's.
 */
export interface Voice {
  /** The key the turn's data is kept under: the account's id, or a person's derived key. */
  userId: string;
  /** The account a person's key belongs to; absent for the account itself. */
  accountId?: string;
  /** The personId the session was opened by (kept in the session so the session stays theirs). */
  personId: string | null;
}

/** The session attribute that keeps the voice a session was opened by (null: the account's). */
export const VOICE_ATTRIBUTE = 'person';

/** Amazon's personIds are "amzn1.ask.person.…", at most 255 characters (ask-sdk-model's Person); anything odd is no person. */
const PERSON_ID = /^[A-Za-z0-9._-]{1,255}$/;

/**
 * A person's key: a hash of account and person, so it names no Amazon id, cannot collide with an
 * account's id (Amazon's start "amzn1."), and the same voice on another account is someone else.
 */
export function personKey(accountId: string, personId: string): string {
  return `alexa-person:${createHash('sha256').update(`${accountId}\u0000${personId}`).digest('hex').slice(0, 40)}`;
}

/** The account of a request: ask-sdk's reading of context.System.user, else the session's, else anonymous. */
export function accountOf(envelope: RequestEnvelope): string {
  return envelope.context?.System?.user?.userId || envelope.session?.user?.userId || 'anonymous';
}

/** The recognised speaker of this request, if any. */
function personOf(envelope: RequestEnvelope): string | null {
  const personId: unknown = envelope.context?.System?.person?.personId;
  return typeof personId === 'string' && PERSON_ID.test(personId) ? personId : null;
}

/**
 * The voice of a turn. A session belongs to whoever opened it: later requests of the session
 * (another voice saying "next" across the room) keep its data where it started, and so every
 * key a session writes under was recorded when the session opened (see runtime/persons.ts).
 * `carried` is the session's attributes, or undefined when this request opens a session.
 */
export function voiceOf(envelope: RequestEnvelope, carried: Record<string, unknown> | undefined): Voice {
  const accountId = accountOf(envelope);
  const kept = carried && VOICE_ATTRIBUTE in carried ? carried[VOICE_ATTRIBUTE] : undefined;
  const personId =
    kept === undefined ? personOf(envelope) : typeof kept === 'string' && PERSON_ID.test(kept) ? kept : null;
  if (!personId || accountId === 'anonymous') return { userId: accountId, personId: null };
  return { userId: personKey(accountId, personId), accountId, personId };
}
