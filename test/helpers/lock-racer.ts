// One of two servers starting on one DATA_DIR at the same moment: says "ready" once loaded, waits
// for "go <ms>", spins to that millisecond, tries the lock, prints what happened and keeps the
// lock (a running server) until its parent ends it.
import { createInterface } from 'node:readline';
import { DataDirLock } from '../../src/store/data-dir-lock';

const dir = process.argv[2]!;
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).once('line', (line) => {
  const startAt = Number(line.split(' ')[1]);
  while (Date.now() < startAt) {
    /* spin to the same millisecond as the other racer */
  }
  DataDirLock.acquire(dir).then(
    () => process.stdout.write('got\n'),
    (error: unknown) =>
      process.stdout.write(/in use|Could not take/.test(String(error)) ? 'refused\n' : `error ${String(error)}\n`),
  );
});
