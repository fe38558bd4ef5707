import { log } from '../log';
import type { JournalEntry, Store } from '../store/types';

interface Waiting {
  userId: string;
  entry: JournalEntry;
}

/**
 * Journal entries the store refused, kept (bounded) and written again: beside the next turn,
 * and once more at shutdown for a few seconds. Entries are idempotent by id, so writing one
 * again is safe; one retry runs at a time.
 */
export class JournalOutbox {
  private readonly waiting: Waiting[] = [];
  /** The retry under way, if any: never in front of a user's turn. */
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly limit = 1000,
  ) {}

  /** Writes an entry; when the store refuses, keeps it to retry. Resolves whether it was written now. */
  async write(userId: string, entry: JournalEntry): Promise<boolean> {
    try {
      await this.store.appendJournal(userId, entry);
      return true;
    } catch (error) {
      if (this.waiting.length < this.limit) {
        log.error('store write failed', { reason: 'journal (kept to retry)', errorType: (error as Error).name });
        this.waiting.push({ userId, entry });
      } else {
        // Never silent: the entry is lost, and the log says so.
        log.error('journal entry dropped: the outbox is full', {
          reason: 'journal',
          count: this.limit,
          errorType: (error as Error).name,
        });
      }
      return false;
    }
  }

  /** Starts a retry of the waiting entries beside the turn, unless one is already running. */
  retry(): void {
    if (!this.waiting.length || this.flushing) return;
    this.flushing = this.flushOnce().finally(() => (this.flushing = null));
  }

  /** Resolves when no retry is running. */
  async drain(): Promise<void> {
    await this.flushing;
  }

  /**
   * Shutdown: retries until every entry is written or `withinMs` has passed (a pause between
   * rounds), logs what is left and resolves with that number.
   */
  async flush(withinMs: number, pauseMs = 250): Promise<number> {
    const until = Date.now() + withinMs;
    await this.drain();
    while (this.waiting.length && Date.now() < until) {
      await this.flushOnce();
      if (this.waiting.length)
        await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs, Math.max(0, until - Date.now()))));
    }
    if (this.waiting.length)
      log.error('journal entries not written at shutdown', { reason: 'journal', count: this.waiting.length });
    return this.waiting.length;
  }

  /** How many entries are waiting for the store (for /healthz and tests). */
  get pending(): number {
    return this.waiting.length;
  }

  private async flushOnce(): Promise<void> {
    const round = this.waiting.splice(0, this.waiting.length);
    for (const item of round) {
      try {
        await this.store.appendJournal(item.userId, item.entry);
      } catch {
        this.waiting.push(item);
      }
    }
  }
}
