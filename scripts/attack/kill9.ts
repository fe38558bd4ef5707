/**
 * kill -9 mid-write, --rounds times on one DATA_DIR: each round starts the server (taking over the
 * dead one's lock), runs --callers CX callers to the end of a session (STOP writes a journal entry)
 * and kills it -9 at a random moment. Then an integrity check of DATA_DIR: every user's profile
 * and journal files parse, and every journal entry whose STOP was answered 200 is on disk.
 *   npx tsx scripts/attack/kill9.ts --target after --rounds 30 --callers 12
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argOf, cxRequest, report, sleep, startTarget, WALK_TO_STOP } from './lib';

const target = argOf('target', 'after');
const rounds = Number(argOf('rounds', '30'));
const callers = Number(argOf('callers', '12'));

const folderOf = (dataDir: string, userId: string) =>
  join(dataDir, 'users', createHash('sha256').update(userId).digest('hex').slice(0, 32));

/** Files a write in flight left (anything but *.json) in the user and journal folders. */
function countTemporaries(dataDir: string): number {
  const users = join(dataDir, 'users');
  if (!existsSync(users)) return 0;
  let count = 0;
  for (const user of readdirSync(users)) {
    const folder = join(users, user);
    for (const inner of [folder, join(folder, 'journal')])
      if (existsSync(inner)) count += readdirSync(inner).filter((n) => n !== 'journal' && !n.endsWith('.json')).length;
  }
  return count;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), `attack-kill9-${target}-`));
  /** Acknowledged journal entries per caller. */
  const acknowledged = new Map<string, number>();
  let startFailures = 0;
  let turnsAnswered = 0;
  for (let round = 0; round < rounds; round++) {
    let server;
    try {
      server = await startTarget(target, { dataDir });
    } catch (error) {
      startFailures++;
      console.error(`round ${round}: ${(error as Error).message.slice(0, 300)}`);
      continue;
    }
    const base = server.base;
    let stop = false;
    const walkers = Array.from({ length: callers }, async (_, c) => {
      const caller = `+1777${c}`;
      for (let walk = 0; !stop; walk++) {
        let coach: unknown = null;
        for (const [tag, parameters] of WALK_TO_STOP) {
          const response = await fetch(`${base}/dialogflow-cx`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(cxRequest(`k-${round}-${c}-${walk}`, caller, tag, coach, parameters)),
          }).catch(() => null);
          if (!response || response.status !== 200) return;
          const json = (await response.json().catch(() => null)) as any;
          if (!json) return;
          turnsAnswered++;
          coach = json.sessionInfo?.parameters?.coach;
          if (tag === 'STOP') acknowledged.set(caller, (acknowledged.get(caller) ?? 0) + 1);
        }
      }
    });
    await sleep(300 + Math.random() * 1500);
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(walkers);
    await server.stop();
  }
  // Integrity: every file parses; every acknowledged entry is there.
  let files = 0;
  const unparsable: string[] = [];
  const leftovers: string[] = [];
  const users = existsSync(join(dataDir, 'users')) ? readdirSync(join(dataDir, 'users')) : [];
  for (const user of users) {
    const folder = join(dataDir, 'users', user);
    const journal = existsSync(join(folder, 'journal'))
      ? readdirSync(join(folder, 'journal')).map((n) => join('journal', n))
      : [];
    for (const name of [...readdirSync(folder).filter((n) => n !== 'journal'), ...journal]) {
      if (!name.endsWith('.json')) {
        leftovers.push(name);
        continue;
      }
      files++;
      try {
        JSON.parse(readFileSync(join(folder, name), 'utf8'));
      } catch {
        unparsable.push(join(user, name));
      }
    }
  }
  let lost = 0;
  let acked = 0;
  for (const [caller, count] of acknowledged) {
    acked += count;
    const journal = join(folderOf(dataDir, `cx:telephony:${caller}`), 'journal');
    const onDisk = existsSync(journal) ? readdirSync(journal).filter((n) => n.endsWith('.json')).length : 0;
    lost += Math.max(0, count - onDisk);
  }
  // And the server still starts on what is left, and loads every caller.
  let restartOk: boolean;
  let tmpAfterRestart: number | null = null;
  try {
    const server = await startTarget(target, { dataDir });
    restartOk = (await fetch(`${server.base}/healthz`)).status === 200;
    await sleep(1000); // the start sweeps what a killed write left
    tmpAfterRestart = countTemporaries(dataDir);
    await server.stop();
  } catch {
    restartOk = false;
  }
  report('kill9', target, {
    rounds,
    callers,
    startFailures,
    turnsAnswered,
    acknowledgedEntries: acked,
    lostEntries: lost,
    files,
    unparsable,
    tmpLeftovers: leftovers.length,
    restartOk,
    tmpAfterRestart,
    dataDir,
  });
}

void main();
