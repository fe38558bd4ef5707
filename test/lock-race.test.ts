import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Two servers started in the same millisecond after a crash, on one DATA_DIR with the dead
 * server's lock in it: exactly one may run, every time (18 of 30 tries ran both before).
 */
const ROOT = join(__dirname, '..');
/** The lock and the racer, transpiled once to plain JavaScript: a racer starts in milliseconds, not a TypeScript loader's seconds. */
let RACER = '';
beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'coach-lock-racer-'));
  const compile = (from: string, to: string, rewrite = (code: string) => code) =>
    writeFileSync(
      join(out, to),
      rewrite(
        ts.transpileModule(readFileSync(from, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        }).outputText,
      ),
    );
  compile(join(ROOT, 'src', 'store', 'data-dir-lock.ts'), 'data-dir-lock.js');
  compile(join(__dirname, 'helpers', 'lock-racer.ts'), 'lock-racer.js', (code) =>
    code.replace('../../src/store/data-dir-lock', './data-dir-lock.js'),
  );
  RACER = join(out, 'lock-racer.js');
});

/** The pid of a process that has exited: its lock is stale on this host. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

/** A racer process: resolves when it is loaded, with a way to start it and its verdict. */
function racer(dir: string) {
  const child = spawn(process.execPath, [RACER, dir], { cwd: ROOT });
  let out = '';
  let onLine: (() => void) | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    onLine?.();
  });
  const next = (pattern: RegExp) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const found = pattern.exec(out)?.[0];
        if (found) resolve(found);
      };
      onLine = check;
      check();
    });
  return {
    ready: next(/ready/),
    go: (startAt: number) => child.stdin.write(`go ${startAt}\n`),
    verdict: () => next(/got|refused|error.*/),
    end: () => child.kill('SIGKILL'),
  };
}

async function race(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'coach-lock-race-'));
  const stale = { pid: deadPid(), host: hostname(), token: 'crashed', since: new Date().toISOString() };
  writeFileSync(join(dir, '.lock'), JSON.stringify(stale));
  const racers = [racer(dir), racer(dir)];
  await Promise.all(racers.map((one) => one.ready));
  // Both spin to the same millisecond; the winner keeps the lock until both have answered.
  const startAt = Date.now() + 100;
  for (const one of racers) one.go(startAt);
  const verdicts = await Promise.all(racers.map((one) => one.verdict()));
  for (const one of racers) one.end();
  return verdicts.sort();
}

describe('a lock left by a crashed server', () => {
  it('is taken over by exactly one of two servers starting together, 50 times in 50', async () => {
    const outcomes: string[][] = [];
    for (let batch = 0; batch < 25; batch += 1) outcomes.push(...(await Promise.all([race(), race()])));
    const both = outcomes.filter((pair) => pair.join() === 'got,got').length;
    expect({ tries: outcomes.length, both }).toEqual({ tries: 50, both: 0 });
    expect(outcomes.filter((pair) => pair.join() !== 'got,refused')).toEqual([]);
  }, 300_000);
});
