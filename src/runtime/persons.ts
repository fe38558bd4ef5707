import type { Act } from '../speech/acts';
import { log } from '../log';
import { deletePerson } from '../store/household';
import type { Store } from '../store/types';

/** Who a turn's data belongs to: the user key, and the account when that key is a recognised person's. */
export interface TurnOwner {
  userId: string;
  /** Set when `userId` is a person recognised on this account (Alexa voices: docs/persons.md). */
  accountId?: string;
}

/**
 * A person opened a session: their key goes into the account's index before anything is written
 * under it, so that disabling the skill finds it. Recorded again at each session (a look, no
 * write, once known), so an index write that failed is made good next time; a failure is logged
 * and the turn goes on.
 */
export async function recordPerson(store: Store, owner: TurnOwner): Promise<void> {
  if (!owner.accountId || !store.addPerson) return;
  try {
    await store.addPerson(owner.accountId, owner.userId);
  } catch (error) {
    log.error('store write failed', { reason: 'addPerson', errorType: (error as Error).name });
  }
}

/** "Delete my data": a person's deletes theirs only; the account's deletes the account's (the persons' stay). */
export function deleteData(store: Store, owner: TurnOwner): Promise<void> {
  return owner.accountId ? deletePerson(store, owner.accountId, owner.userId) : store.deleteUser(owner.userId);
}

/** Lines a recognised person hears instead, saying that only their own data is meant. */
const FOR_A_PERSON: Record<string, string> = {
  'coach.delete.confirm': 'coach.delete.confirmPerson',
  'coach.delete.done': 'coach.delete.donePerson',
};

/** The acts as a recognised person hears them: deletion speaks of their data only. */
export function personalActs(owner: TurnOwner, acts: Act[]): Act[] {
  if (!owner.accountId) return acts;
  return acts.map((act) =>
    act.type === 'say' && FOR_A_PERSON[act.key] ? { ...act, key: FOR_A_PERSON[act.key]! } : act,
  );
}
