/**
 * The compiled build from cold (after `npm run build`): the server's first LaunchRequest answer
 * after process start, the Lambda handler's first answer in a fresh process, and the server's RSS
 * over many requests. Every process is a child stopped by its pid.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { alexaEnvelope, LAUNCH, midRoutineSnapshot, NEXT_INTENT } from './fixtures';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'server', 'main.js');
const LAMBDA = join(ROOT, 'dist', 'src', 'platforms', 'alexa', 'lambda.js');

export const compiled = () => existsSync(MAIN) && existsSync(LAMBDA);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const launchBody = () => JSON.stringify(alexaEnvelope(LAUNCH));

/** Starts node dist/src/server/main.js; resolves when /alexa first answers a LaunchRequest. */
async function startCompiled() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    stdio: 'ignore',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mc-bench-start-')),
      ALEXA_VERIFY: 'off',
      DIALOGFLOW_AUTH: 'off',
      CONSOLE: 'off',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  while (performance.now() - started < 30_000) {
    const answer = await fetch(`${base}/alexa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: launchBody(),
    }).then(
      (r) => (r.ok ? r.text() : null),
      () => null,
    );
    if (answer) return { child, base, firstAnswerMs: performance.now() - started };
    await sleep(5);
  }
  child.kill('SIGTERM');
  throw new Error('the compiled server did not answer within 30 s');
}

export async function serverStart(runs: number): Promise<Array<{ firstAnswerMs: number; rssMB: number }>> {
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const { child, firstAnswerMs } = await startCompiled();
    results.push({ firstAnswerMs, rssMB: rssMB(child.pid!) });
    child.kill('SIGTERM');
    await sleep(200);
  }
  return results;
}

/** Process start to the handler's first answer, measured inside the fresh process (performance.now starts at process start). */
export function lambdaColdStart(runs: number): Array<{ firstAnswerMs: number; secondMs: number; bootMs: number }> {
  const script = `const boot=performance.now();const t=require(${JSON.stringify(LAMBDA)});const e=${launchBody()};
    t.handler(e,{}).then((a)=>{if(!a.response.outputSpeech)process.exit(1);const first=performance.now();
    return t.handler(e,{}).then(()=>process.stdout.write(JSON.stringify({bootMs:boot,firstAnswerMs:first,secondMs:performance.now()-first})))});`;
  const results = [];
  for (let i = 0; i < runs; i += 1) {
    const run = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, STORE: 'file', DATA_DIR: mkdtempSync(join(tmpdir(), 'mc-bench-cold-')) },
    });
    if (run.status !== 0) throw new Error(`lambda cold start failed: ${run.stderr}`);
    results.push(JSON.parse(run.stdout) as { firstAnswerMs: number; secondMs: number; bootMs: number });
  }
  return results;
}

/** RSS of the compiled server after start and after each batch of NEXT mid-routine requests. */
export async function rssOverRequests(total: number, batches = 4): Promise<number[]> {
  const { child, base } = await startCompiled();
  try {
    await sleep(1000);
    const readings = [rssMB(child.pid!)];
    const body = JSON.stringify(alexaEnvelope(NEXT_INTENT, { coach: midRoutineSnapshot() }));
    for (let batch = 0; batch < batches; batch += 1) {
      await autocannon({
        url: `${base}/alexa`,
        method: 'POST',
        amount: Math.ceil(total / batches),
        connections: 50,
        headers: { 'content-type': 'application/json' },
        body,
      });
      await sleep(2000);
      readings.push(rssMB(child.pid!));
    }
    return readings;
  } finally {
    child.kill('SIGTERM');
  }
}
