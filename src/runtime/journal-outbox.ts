import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { log } from '../log';
import type { KnotEntry } from '../coach/knots';
import type { JournalEntry, Store } from '../store/types';
import { journalEntrySchema } from '../store/journal-entry';
import { knotEntrySchema } from '../store/knot-entry';

/** A journal entry, or an entry of the knot map's log (it has a `kind`): both are written once by id. */
type Entry = JournalEntry | KnotEntry;
const isKnot = (entry: Entry): entry is KnotEntry => 'kind' in entry;

interface Waiting {
  userId: string;
  entry: Entry;
  /** Writes tried and refused so far. */
  attempts: number;
}

/** Errors no retry can cure (DynamoDB's for an item over 400 KB and the like): the entry is dropped, loudly. */
const PERMANENT = new Set([
  'ValidationException',
  'ItemCollectionSizeLimitExceededException',
  'SerializationException',
]);
/** Retries of one entry before it is given up (the spill file keeps it across a restart until then). */
const MAX_ATTEMPTS = 200;

const spillSchema = z.object({
  v: z.literal(1),
  entries: z.array(
    z.object({
      userId: z.string().min(1).max(512),
      entry: z.union([journalEntrySchema, knotEntrySchema]),
      attempts: z.number().int().min(0),
    }),
  ),
});

/**
 * Journal entries the store refused, kept (bounded) and written again: beside the next turn,
 * and once more at shutdown for a few seconds. Entries are idempotent by id, so writing one
 * again is safe; one retry runs at a time.
 */
export class JournalOutbox {
  private readonly waiting: Waiting[] = [];
  /** The retry under way, if any: never in front of a user's turn. */
  private flushing: Promise<void> | null = null;

  /** Where entries the store could not take at shutdown are kept for the next start. */
  private spillPath: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly limit = 1000,
  ) {}

  /**
   * At start: keep what could not be written at shutdown in `path`, and take back what the last
   * run left there (retried beside the first turns). A damaged file is set aside, never trusted.
   */
  restore(path: string): number {
    this.spillPath = path;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return 0; // nothing was left
    }
    const parsed = spillSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      log.error('journal spill file unreadable: set aside', { reason: 'journal' });
      renameSync(path, `${path}.unreadable-${Date.now()}`);
      return 0;
    }
    for (const item of parsed.data.entries)
      if (!this.waiting.some((known) => known.entry.id === item.entry.id && known.userId === item.userId))
        this.waiting.push(item);
    log.info('journal entries taken back from the spill file', {
      reason: 'journal',
      count: parsed.data.entries.length,
    });
    this.retry();
    return parsed.data.entries.length;
  }

  /** Entries waiting right now: written at once when the store takes them, queued when the turn is out of time. */
  keep(userId: string, entry: Entry): void {
    this.hold({ userId, entry, attempts: 0 }, 'TurnOutOfTime');
  }

  /** Writes an entry; when the store refuses, keeps it to retry. Resolves whether it was written now. */
  async write(userId: string, entry: Entry): Promise<boolean> {
    try {
      await this.append(userId, entry);
      return true;
    } catch (error) {
      this.hold({ userId, entry, attempts: 1 }, (error as Error).name);
      return false;
    }
  }

  /** A knot entry goes to the knot map's log (a store without one keeps no map), a journal entry to the journal. */
  private async append(userId: string, entry: Entry): Promise<void> {
    if (!isKnot(entry)) await this.store.appendJournal(userId, entry);
    else if (this.store.appendKnot) await this.store.appendKnot(userId, entry);
  }

  private hold(item: Waiting, errorType: string): void {
    if (PERMANENT.has(errorType)) {
      log.error('journal entry dropped: the store can never take it', { reason: 'journal', errorType });
    } else if (this.waiting.length < this.limit) {
      log.error('store write failed', { reason: 'journal (kept to retry)', errorType });
      this.waiting.push(item);
    } else {
      // Never silent: the entry is lost, and the log says so.
      log.error('journal entry dropped: the outbox is full', { reason: 'journal', count: this.limit, errorType });
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
    this.spill();
    return this.waiting.length;
  }

  /** What is still waiting goes to the spill file (written whole, then renamed into place); none, no file. */
  private spill(): void {
    if (!this.spillPath) return;
    if (!this.waiting.length) {
      rmSync(this.spillPath, { force: true });
      return;
    }
    const temporary = `${this.spillPath}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.spillPath), { recursive: true });
      writeFileSync(temporary, JSON.stringify({ v: 1, entries: this.waiting }), { flush: true, mode: 0o600 });
      renameSync(temporary, this.spillPath);
      log.info('journal entries kept in the spill file for the next start', {
        reason: 'journal',
        count: this.waiting.length,
      });
    } catch (error) {
      log.error('journal entries lost: the spill file could not be written', {
        reason: 'journal',
        count: this.waiting.length,
        errorType: (error as Error).name,
      });
    }
  }

  /** How many entries are waiting for the store (for /healthz and tests). */
  get pending(): number {
    return this.waiting.length;
  }

  private async flushOnce(): Promise<void> {
    const round = this.waiting.splice(0, this.waiting.length);
    for (const item of round) {
      try {
        await this.append(item.userId, item.entry);
      } catch (error) {
        const errorType = (error as Error).name;
        if (PERMANENT.has(errorType) || item.attempts + 1 >= MAX_ATTEMPTS)
          log.error('journal entry dropped after retries', { reason: 'journal', count: item.attempts + 1, errorType });
        else this.waiting.push({ ...item, attempts: item.attempts + 1 });
      }
    }
    // Everything the last run left is written: the spill file has done its job.
    if (!this.waiting.length && this.spillPath) rmSync(this.spillPath, { force: true });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
