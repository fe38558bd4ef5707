import { randomUUID } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

interface LockFile {
  pid: number;
  host: string;
  token: string;
  since: string;
  /** The holder's start time as the kernel counts it (Linux), so a reused pid is not taken for the holder. */
  started?: string | null;
}

/** A process's start time in clock ticks since boot (field 22 of /proc/PID/stat); null where there is no /proc. */
function startTimeOf(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** How often the holder touches the lock, and how old a lock may be before it is taken as left by a dead server. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 30_000;
/** A take-over guard older than this was left by a crash during a take-over. */
const GUARD_STALE_MS = 5_000;
/** A short, growing, jittered wait between attempts, so two servers starting together do not keep colliding. */
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
/** Tokens of the locks this process holds: the same pid in a lock file is a stale one unless it is ours. */
const held = new Set<string>();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One server per DATA_DIR: a lock file (`DATA_DIR/.lock`) created exclusively at start, touched
 * every 10 s and removed at shutdown. A second server finds it and refuses to start. A lock left
 * by a crash is taken over when its process is gone (same host) or it has not been touched for
 * 30 s (another host or container sharing the folder).
 */
export class DataDirLock {
  private readonly timer: NodeJS.Timeout;

  private constructor(
    readonly path: string,
    private readonly token: string,
  ) {
    held.add(token);
    this.timer = setInterval(() => void this.touch(), HEARTBEAT_MS);
    this.timer.unref();
  }

  static async acquire(root: string): Promise<DataDirLock> {
    await fs.mkdir(root, { recursive: true });
    const path = join(resolve(root), '.lock');
    const token = randomUUID();
    const mine: LockFile = {
      pid: process.pid,
      host: hostname(),
      token,
      since: new Date().toISOString(),
      started: startTimeOf('self'),
    };
    for (let attempt = 0; attempt < 20; attempt += 1) {
      try {
        await fs.writeFile(path, JSON.stringify(mine), { flag: 'wx' });
        return new DataDirLock(path, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const seen = await DataDirLock.readRaw(path);
      if (seen === null) continue; // gone between the two calls: try to create it again
      const holder = DataDirLock.parse(seen);
      if (holder && !(await DataDirLock.stale(path, holder))) {
        throw new Error(
          `DATA_DIR ${resolve(root)} is in use by another Massage Coach server (pid ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
            `One process per folder: give this one another DATA_DIR (or \`npm run chat -- --store DIR\`, or STORE=memory), ` +
            `and use STORE=dynamodb for several servers. If no other server runs, remove ${path}.`,
        );
      }
      if (holder === null && !(await DataDirLock.oldFile(path))) {
        await pause(attempt); // half-written by a server starting right now: let it finish
        continue;
      }
      if (await DataDirLock.takeOver(path, seen, mine)) return new DataDirLock(path, token);
      await pause(attempt);
    }
    throw new Error(`Could not take the lock ${path}: another server is starting on the same DATA_DIR`);
  }

  /**
   * Replaces the stale lock whose text is `stale` by ours, atomically with respect to other servers
   * doing the same: they take turns through an exclusive `.lock.takeover` file, and each replaces
   * the lock only if it is still the very one it judged stale (two servers that both judged it
   * stale used to remove each other's fresh lock and both run).
   */
  private static async takeOver(path: string, stale: string, mine: LockFile): Promise<boolean> {
    const guard = `${path}.takeover`;
    try {
      await fs.writeFile(guard, mine.token, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A take-over never lasts seconds: a guard that old was left by a crash in the middle of one.
      if (await DataDirLock.oldFile(guard, GUARD_STALE_MS)) await fs.rm(guard, { force: true });
      return false;
    }
    try {
      if ((await DataDirLock.readRaw(path)) !== stale) return false;
      await fs.rm(path, { force: true });
      try {
        await fs.writeFile(path, JSON.stringify(mine), { flag: 'wx' });
      } catch (error) {
        // Another server created its lock in the gap, fairly: it runs, this one looks again.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
      return true;
    } finally {
      await fs.rm(guard, { force: true });
    }
  }

  private static async readRaw(path: string): Promise<string | null> {
    try {
      return await fs.readFile(path, 'utf8');
    } catch {
      return null;
    }
  }

  private static parse(text: string): LockFile | null {
    try {
      return JSON.parse(text) as LockFile;
    } catch {
      return null;
    }
  }

  /** Whether a file was last touched longer ago than `ms` (or is gone). */
  private static async oldFile(path: string, ms = STALE_MS): Promise<boolean> {
    try {
      return Date.now() - (await fs.stat(path)).mtimeMs > ms;
    } catch {
      return true;
    }
  }

  private static async stale(path: string, holder: LockFile): Promise<boolean> {
    if (holder.host === hostname()) {
      if (holder.pid === process.pid) return !held.has(holder.token);
      if (!alive(holder.pid)) return true;
      // Alive, but started at another time than the holder did: the pid was reused after a crash.
      const started = holder.started ? startTimeOf(holder.pid) : null;
      if (started !== null && started !== holder.started) return true;
    }
    return DataDirLock.oldFile(path);
  }

  private async touch(): Promise<void> {
    const now = new Date();
    await fs.utimes(this.path, now, now).catch(() => undefined);
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    held.delete(this.token);
    const text = await DataDirLock.readRaw(this.path);
    if (text !== null && DataDirLock.parse(text)?.token === this.token) await fs.rm(this.path, { force: true });
  }
}
