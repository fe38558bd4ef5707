import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

interface LockFile {
  pid: number;
  host: string;
  token: string;
  since: string;
}

/** How often the holder touches the lock, and how old a lock may be before it is taken as left by a dead server. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 30_000;
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
    const mine: LockFile = { pid: process.pid, host: hostname(), token, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await fs.writeFile(path, JSON.stringify(mine), { flag: 'wx' });
        return new DataDirLock(path, token);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await DataDirLock.read(path);
      if (holder && !(await DataDirLock.stale(path, holder))) {
        throw new Error(
          `DATA_DIR ${resolve(root)} is in use by another Massage Coach server (pid ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
            `One process per folder: give this one another DATA_DIR (or \`npm run chat -- --store DIR\`, or STORE=memory), ` +
            `and use STORE=dynamodb for several servers. If no other server runs, remove ${path}.`,
        );
      }
      await fs.rm(path, { force: true });
    }
    throw new Error(`Could not take the lock ${path}: another server is starting on the same DATA_DIR`);
  }

  private static async read(path: string): Promise<LockFile | null> {
    try {
      return JSON.parse(await fs.readFile(path, 'utf8')) as LockFile;
    } catch {
      // Unreadable or half-written: only its age can tell.
      return null;
    }
  }

  private static async stale(path: string, holder: LockFile): Promise<boolean> {
    if (holder.host === hostname()) {
      if (holder.pid === process.pid) return !held.has(holder.token);
      if (!alive(holder.pid)) return true;
    }
    try {
      return Date.now() - (await fs.stat(path)).mtimeMs > STALE_MS;
    } catch {
      return true;
    }
  }

  private async touch(): Promise<void> {
    const now = new Date();
    await fs.utimes(this.path, now, now).catch(() => undefined);
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    held.delete(this.token);
    const holder = await DataDirLock.read(this.path);
    if (holder?.token === this.token) await fs.rm(this.path, { force: true });
  }
}
