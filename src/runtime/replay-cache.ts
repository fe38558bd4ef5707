/**
 * Answers kept by request id for a while: Dialogflow retries a call after a timeout with the same
 * id, and an Alexa request replayed within its 150 s window carries the same id; either must get
 * the same answer without the turn running again. Bounded in size and age; across instances the
 * store's idempotent journal writes keep the rest safe.
 */
export class ReplayCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxAgeMs = 10 * 60 * 1000,
  ) {}

  /** The answer for `id`: the one already given (or being worked out), else what `work` makes. */
  answer(id: string | undefined, work: () => Promise<T>): Promise<T> {
    if (!id) return work();
    const now = Date.now();
    const known = this.entries.get(id);
    if (known && now - known.at < this.maxAgeMs) return known.value;
    const value = work();
    this.entries.set(id, { at: now, value });
    // A failed turn is not remembered: a retry should try again.
    value.catch(() => this.entries.delete(id));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
