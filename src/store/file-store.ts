import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { byDate, type KnotEntry } from '../coach/knots';
import type { ResumePoint } from '../coach/output';
import { log } from '../log';
import { DataDirLock } from './data-dir-lock';
import type { Plan } from '../plan/schema';
import { emptyUser, type Goal, type JournalEntry, type Pairing, type Store, type Talk, type UserState } from './types';

/** A file or folder name for an id: its hash, so no id reaches the disk. */
const hashName = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 32);

interface ProfileFile {
  resume: ResumePoint | null;
  goal: Goal;
  talk: Talk;
  sessions: number;
}

/**
 * The embedded default: one folder per user (named by a hash, so no id reaches the disk), a
 * profile file replaced atomically (write, fsync, rename) and one file per journal entry, created
 * with link() so two writers of the same entry cannot both succeed and none can tear another's.
 */
/** Profile writes to one folder run one after another in this process, whichever FileStore made them. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Session counts of one folder waiting for the next profile write: every launch that arrives
 * while a write is in flight joins one batch, and one write and fsync counts them all (group commit).
 */
interface CountBatch {
  added: number;
  base: number;
  written: Promise<void>;
}
const countBatches = new Map<string, CountBatch>();

export class FileStore implements Store {
  private lock: DataDirLock | undefined;

  constructor(private readonly root: string) {}

  /**
   * The server's store: takes the DATA_DIR lock (a second server on the folder refuses to start),
   * then removes temporary files a crash left behind (safe now: no other writer can be mid-write).
   */
  static async open(root: string): Promise<FileStore> {
    const store = new FileStore(root);
    store.lock = await DataDirLock.acquire(root);
    const removed = await store.removeLeftovers();
    if (removed) log.info('removed temporary files left by an earlier crash', { store: 'file', count: removed });
    return store;
  }

  async close(): Promise<void> {
    await this.lock?.release();
    this.lock = undefined;
  }

  /** Deletes `*.tmp` files in user and journal folders; resolves how many. */
  async removeLeftovers(): Promise<number> {
    const users = join(this.root, 'users');
    let removed = 0;
    const sweep = async (folder: string) => {
      let names: string[];
      try {
        names = await fs.readdir(folder);
      } catch {
        return;
      }
      for (const name of names.filter((candidate) => candidate.endsWith('.tmp'))) {
        await fs.rm(join(folder, name), { force: true });
        removed += 1;
      }
    };
    let folders: string[];
    try {
      folders = await fs.readdir(users);
    } catch {
      return 0;
    }
    for (const folder of folders) {
      await sweep(join(users, folder));
      await sweep(join(users, folder, 'journal'));
      await sweep(join(users, folder, 'knots'));
    }
    for (const folder of await fs.readdir(join(this.root, 'households')).catch(() => []))
      await sweep(join(this.root, 'households', folder));
    return removed;
  }

  private folder(userId: string): string {
    return join(this.root, 'users', hashName(userId));
  }

  /** An account's household index: one file per person key, named by its hash (docs/persons.md). */
  private household(accountId: string): string {
    return join(this.root, 'households', hashName(accountId));
  }

  private serial<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const key = resolve(this.folder(userId));
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    queues.set(key, next);
    void next
      .finally(() => {
        if (queues.get(key) === next) queues.delete(key);
      })
      .catch(() => undefined);
    return next;
  }

  /** Writes data beside `path` under a unique name, on disk (fsync) before it is used. */
  private async writeTemporary(path: string, data: string): Promise<string> {
    const temporary = `${path}.${randomUUID()}.tmp`;
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temporary;
  }

  /** Writes a file so that a crash at any point leaves the old content or the new, never a mix. */
  private async writeAtomic(path: string, data: string): Promise<void> {
    await fs.rename(await this.writeTemporary(path, data), path);
  }

  private async readProfile(userId: string): Promise<ProfileFile> {
    try {
      const parsed = JSON.parse(
        await fs.readFile(join(this.folder(userId), 'profile.json'), 'utf8'),
      ) as Partial<ProfileFile>;
      return {
        resume: parsed.resume ?? null,
        goal: parsed.goal === 'daily' ? 'daily' : 'maintenance',
        talk: parsed.talk === 'brief' ? 'brief' : 'full',
        sessions: Number(parsed.sessions) || 0,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { resume: null, goal: 'maintenance', talk: 'full', sessions: 0 };
      throw error;
    }
  }

  private updateProfile(userId: string, change: (profile: ProfileFile) => ProfileFile): Promise<void> {
    return this.serial(userId, async () => {
      const folder = this.folder(userId);
      await fs.mkdir(folder, { recursive: true });
      const next = change(await this.readProfile(userId));
      await this.writeAtomic(join(folder, 'profile.json'), JSON.stringify(next));
    });
  }

  async load(userId: string): Promise<UserState> {
    const profile = await this.readProfile(userId);
    const journal = await this.readEntries<JournalEntry>(join(this.folder(userId), 'journal'));
    journal.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    return { ...emptyUser(), ...profile, journal };
  }

  /** Every entry file of a folder (journal, knots); none when the folder is not there yet. */
  private async readEntries<T>(dir: string): Promise<T[]> {
    let names: string[] = [];
    try {
      names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const entries: T[] = [];
    for (const name of names) {
      try {
        entries.push(JSON.parse(await fs.readFile(join(dir, name), 'utf8')) as T);
      } catch {
        // A file another writer is replacing right now is skipped, never half-read.
      }
    }
    return entries;
  }

  saveResume(userId: string, point: ResumePoint | null): Promise<void> {
    return this.updateProfile(userId, (profile) => ({ ...profile, resume: point }));
  }

  setGoal(userId: string, goal: Goal): Promise<void> {
    return this.updateProfile(userId, (profile) => ({ ...profile, goal }));
  }

  setTalk(userId: string, talk: Talk): Promise<void> {
    return this.updateProfile(userId, (profile) => ({ ...profile, talk }));
  }
  async countSession(userId: string): Promise<number> {
    const key = resolve(this.folder(userId));
    let batch = countBatches.get(key);
    if (!batch) {
      const open: CountBatch = { added: 0, base: 0, written: Promise.resolve() };
      open.written = this.updateProfile(userId, (profile) => {
        // The batch closes when its write starts: later launches wait for the next one.
        if (countBatches.get(key) === open) countBatches.delete(key);
        open.base = profile.sessions;
        return { ...profile, sessions: profile.sessions + open.added };
      });
      countBatches.set(key, open);
      // A write that fails before it starts must not keep later launches in its batch.
      void open.written
        .catch(() => undefined)
        .finally(() => countBatches.get(key) === open && countBatches.delete(key));
      batch = open;
    }
    const mine = (batch.added += 1);
    await batch.written;
    return batch.base + mine;
  }

  appendJournal(userId: string, entry: JournalEntry): Promise<boolean> {
    return this.appendOnce(join(this.folder(userId), 'journal'), entry);
  }

  appendKnot(userId: string, entry: KnotEntry): Promise<boolean> {
    return this.appendOnce(join(this.folder(userId), 'knots'), entry);
  }

  async loadKnots(userId: string): Promise<KnotEntry[]> {
    return (await this.readEntries<KnotEntry>(join(this.folder(userId), 'knots'))).sort(byDate);
  }

  async savePlan(userId: string, plan: Plan | null): Promise<void> {
    await this.serial(userId, async () => {
      const folder = this.folder(userId);
      if (!plan) return fs.rm(join(folder, 'plan.json'), { force: true });
      await fs.mkdir(folder, { recursive: true });
      await this.writeAtomic(join(folder, 'plan.json'), JSON.stringify(plan));
    });
  }

  async loadPlan(userId: string): Promise<Plan | null> {
    try {
      return JSON.parse(await fs.readFile(join(this.folder(userId), 'plan.json'), 'utf8')) as Plan;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** A pairing code's file: named by a hash of the code, in one folder for all users. */
  private pairingFile(code: string): string {
    return join(this.root, 'pairings', `${hashName(code)}.json`);
  }

  async savePairing(code: string, pairing: Pairing): Promise<boolean> {
    const dir = join(this.root, 'pairings');
    await fs.mkdir(dir, { recursive: true });
    // Codes nobody said are swept here, as new ones are made: any that ended an hour before this
    // one ends (the turn's clock, not this machine's, decides when a code ends).
    for (const name of (await fs.readdir(dir)).filter((file) => file.endsWith('.json'))) {
      const kept = await fs.readFile(join(dir, name), 'utf8').catch(() => '{}');
      if (Number((JSON.parse(kept) as Partial<Pairing>).until) < pairing.until - 60 * 60_000)
        await fs.rm(join(dir, name), { force: true });
    }
    return this.createOnce(this.pairingFile(code), JSON.stringify(pairing));
  }

  async takePairing(code: string): Promise<Pairing | null> {
    // Renamed away before it is read: of two takers of one code, only one finds it.
    const file = this.pairingFile(code);
    const taken = `${file}.${randomUUID()}.tmp`;
    try {
      await fs.rename(file, taken);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(await fs.readFile(taken, 'utf8')) as Pairing;
    } finally {
      await fs.rm(taken, { force: true });
    }
  }

  /** Writes an entry file named by its id, unless one is there: resolves true when this call wrote it. */
  private async appendOnce(dir: string, entry: { id: string }): Promise<boolean> {
    await fs.mkdir(dir, { recursive: true });
    return this.createOnce(join(dir, `${hashName(entry.id)}.json`), JSON.stringify(entry));
  }

  /** Creates a file whole (link() of a synced temporary) unless one is there: resolves true when this call made it. */
  private async createOnce(final: string, data: string): Promise<boolean> {
    const temporary = await this.writeTemporary(final, data);
    try {
      await fs.link(temporary, final);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await fs.rm(temporary, { force: true });
    }
  }

  async addPerson(accountId: string, personKey: string): Promise<void> {
    // Recorded at each session a person opens: a look first spares the write (and its fsync).
    const known = await fs
      .access(join(this.household(accountId), `${hashName(personKey)}.json`))
      .then(() => true)
      .catch(() => false);
    if (!known) await this.appendOnce(this.household(accountId), { id: personKey });
  }

  async personsOf(accountId: string): Promise<string[]> {
    return (await this.readEntries<{ id: string }>(this.household(accountId))).map((entry) => entry.id);
  }

  async forgetPersons(accountId: string, personKey?: string): Promise<void> {
    const target =
      personKey === undefined
        ? this.household(accountId)
        : join(this.household(accountId), `${hashName(personKey)}.json`);
    await fs.rm(target, { recursive: true, force: true });
  }

  async deleteUser(userId: string): Promise<void> {
    await this.serial(userId, () => fs.rm(this.folder(userId), { recursive: true, force: true }));
  }
}
