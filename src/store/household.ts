import type { Store } from './types';

/**
 * The skill is disabled: everything kept for the account goes, every recognised person's data
 * first, then the account's own, then the index itself (last, so a deletion cut short can be run
 * again and still finds every person). Resolves with the number of persons deleted.
 */
export async function deleteAccount(store: Store, accountId: string): Promise<number> {
  const persons = (await store.personsOf?.(accountId)) ?? [];
  for (const personKey of persons) await store.deleteUser(personKey);
  await store.deleteUser(accountId);
  await store.forgetPersons?.(accountId);
  return persons.length;
}

/** "Delete my data" said by a recognised person: their data and their line in the index; nobody else's. */
export async function deletePerson(store: Store, accountId: string, personKey: string): Promise<void> {
  await store.deleteUser(personKey);
  await store.forgetPersons?.(accountId, personKey);
}
