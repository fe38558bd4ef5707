/**
 * Freezes a value and everything inside it, for objects shared by every turn that uses them
 * (memoised speech, documents): a shared object changed in place would change other users' turns.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}
