/**
 * npm run bench: our webhooks beside the anchors, in one run on one machine.
 *   npm run bench -- [--seconds 5] [--warm 1] [--warm-requests 3000] [--rounds 1] [--connections 50] [--workers 2]
 *                    [--users 2000] [--only NEXT,hello] [--starts 3] [--rss 100000] [--no-readme]
 * Every target server runs in its own process (bench/server.ts) and reports its own CPU time and
 * requests served over IPC, so the CPU per request is the server's whatever the client manages.
 * Load comes from several worker processes (bench/load.ts), since one autocannon caps near the
 * anchors' rate. Ratios are taken within a round (targets back to back); with --rounds above one,
 * each figure is the median over rounds. With a compiled build (npm run build) it also times the
 * compiled server's and the Lambda handler's first answer. The table goes into README.md between
 * the bench markers, with the date and the machine. Bounded: every run stops after its seconds,
 * and every child is stopped by its pid when the bench ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { alexaEnvelope, cxNext, esNext, LAUNCH, midRoutineSnapshot, NEXT_INTENT } from './fixtures';
import type { LoadDone, LoadJob } from './load';
import { compiled, lambdaColdStart, rssOverRequests, serverStart } from './startup';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warm: { type: 'string', default: '1' },
    'warm-requests': { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    users: { type: 'string', default: '2000' },
    only: { type: 'string' },
    starts: { type: 'string', default: '3' },
    rss: { type: 'string', default: '0' },
    'signed-pool': { type: 'string', default: '2500' },
    'no-readme': { type: 'boolean', default: false },
  },
});
const bounded = (value: string | undefined, min: number, max: number) =>
  Math.max(min, Math.min(max, Math.round(Number(value)) || min));
const SECONDS = bounded(values.seconds, 1, 60);
const WARM = bounded(values.warm, 0, 30);
const WARM_REQUESTS = bounded(values['warm-requests'], 0, 1_000_000);
const ROUNDS = bounded(values.rounds, 1, 9);
const CONNECTIONS = bounded(values.connections, 1, 400);
const WORKERS = bounded(values.workers, 1, 8);
const USERS = bounded(values.users, 1, 1_000_000);
const STARTS = bounded(values.starts, 0, 20);
const SIGNED_POOL = bounded(values['signed-pool'], 100, 100_000);
const RSS_REQUESTS = Math.max(0, Number(values.rss) || 0);

const ROOT = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mc-bench-'));
const children: ChildProcess[] = [];

/** A child process answering numbered IPC questions. */
class Child {
  private next = 0;
  private readonly waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  private readonly listeners: Array<(message: Record<string, unknown>) => void> = [];
  constructor(readonly process: ChildProcess) {
    children.push(process);
    process.on('message', (message: Record<string, unknown>) => {
      const id = message.id as number | undefined;
      if (id !== undefined && this.waiting.has(id)) {
        this.waiting.get(id)!(message);
        this.waiting.delete(id);
      } else for (const listener of this.listeners.splice(0)) listener(message);
    });
  }
  ask<T>(question: Record<string, unknown>): Promise<T> {
    const id = (this.next += 1);
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (reply: Record<string, unknown>) => void);
      this.process.send({ ...question, id });
    });
  }
  /** The next message that is not a reply. */
  message<T>(): Promise<T> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`a bench process exited (${code})`));
      this.process.once('exit', exited);
      this.listeners.push((message) => {
        this.process.off('exit', exited);
        resolve(message as T);
      });
    });
  }
}

function node(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: join(work, `data-${args[0] ?? 'load'}`), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Child(child);
}

type ServerName = 'bare' | 'hello-off' | 'hello-on' | 'project-off' | 'project-on' | 'adapters-off';

interface Target {
  name: string;
  server: ServerName;
  path: string;
  body: () => unknown;
}

interface Row {
  target: string;
  cpuUs: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const snapshot = midRoutineSnapshot();
const TARGETS: Target[] = [
  { name: 'bare Express JSON handler', server: 'bare', path: '/echo', body: () => ({ hello: 'world' }) },
  { name: 'ask-sdk hello, verification off', server: 'hello-off', path: '/', body: () => alexaEnvelope(LAUNCH) },
  { name: 'ask-sdk hello, verification on', server: 'hello-on', path: '/', body: () => alexaEnvelope(LAUNCH) },
  { name: '/alexa LaunchRequest, one user', server: 'project-off', path: '/alexa', body: () => alexaEnvelope(LAUNCH) },
  {
    name: '/alexa LaunchRequest, many users',
    server: 'project-off',
    path: '/alexa',
    body: () => alexaEnvelope(LAUNCH, undefined, 'BENCH_USER'),
  },
  {
    name: '/alexa NEXT mid-routine, verification off',
    server: 'project-off',
    path: '/alexa',
    body: () => alexaEnvelope(NEXT_INTENT, { coach: snapshot }),
  },
  {
    name: '/alexa NEXT mid-routine, verification on',
    server: 'project-on',
    path: '/alexa',
    body: () => alexaEnvelope(NEXT_INTENT, { coach: snapshot }),
  },
  // Diagnostic: the same request through our server, adapters and response, with the dialogue's answer worked out once and reused: what the turn itself costs is NEXT minus this.
  {
    name: '/alexa NEXT, turn precomputed (adapters only)',
    server: 'adapters-off',
    path: '/alexa',
    body: () => alexaEnvelope(NEXT_INTENT, { coach: snapshot }),
  },
  {
    name: '/dialogflow-cx NEXT mid-routine',
    server: 'project-off',
    path: '/dialogflow-cx',
    body: () => cxNext(snapshot),
  },
  {
    name: '/dialogflow (ES) NEXT mid-routine',
    server: 'project-off',
    path: '/dialogflow',
    body: () => esNext(snapshot),
  },
];
const ANCHOR = { bare: TARGETS[0]!.name, helloOff: TARGETS[1]!.name, helloOn: TARGETS[2]!.name };

async function startServer(name: ServerName): Promise<{ child: Child; url: string }> {
  const child = node('server.ts', [name]);
  const { port } = await child.message<{ port: number }>();
  return { child, url: `http://127.0.0.1:${port}` };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

async function measure(target: Target, server: { child: Child; url: string }, workers: Child[]): Promise<Row> {
  const body = JSON.stringify(target.body());
  const checkBody = body.replaceAll('BENCH_USER', 'bench-check').replaceAll('BENCH_REQ', `check-${Date.now()}`);
  const { headers } = await server.child.ask<{ headers: Record<string, string> }>({ sign: checkBody });
  // Each target answers 200 once before the load: a misconfigured one would only measure errors.
  const check = await fetch(`${server.url}${target.path}`, { method: 'POST', headers, body: checkBody });
  const text = await check.text();
  if (check.status !== 200) throw new Error(`${target.name}: ${check.status} ${text.slice(0, 300)}`);
  const perWorker = Math.max(1, Math.ceil(CONNECTIONS / workers.length));
  // Signed targets: a pool of bodies with their own request ids, signed up front (the replay cache
  // would answer a repeated id without running the turn). Ids repeat only past the pool's size.
  const pool = async (offset: number) =>
    target.server.endsWith('-on') && body.includes('BENCH_REQ')
      ? (
          await server.child.ask<{ signed: Array<{ body: string; headers: Record<string, string> }> }>({
            signAll: Array.from({ length: SIGNED_POOL }, (_, i) => body.replaceAll('BENCH_REQ', `pool-${offset}-${i}`)),
          })
        ).signed
      : undefined;
  const pools = await Promise.all(workers.map((_, i) => pool(i)));
  const job = (i: number): LoadJob => ({
    url: `${server.url}${target.path}`,
    body,
    headers,
    connections: perWorker,
    warmSeconds: WARM,
    warmRequests: Math.ceil(WARM_REQUESTS / workers.length),
    seconds: SECONDS,
    users: USERS,
    userOffset: Math.floor((i * USERS) / workers.length),
    ...(pools[i] ? { signed: pools[i] } : {}),
  });
  await Promise.all(workers.map((worker, i) => (worker.process.send({ job: job(i) }), worker.message())));
  const before = await server.child.ask<{ cpu: NodeJS.CpuUsage; served: number }>({ cpu: true });
  const done = await Promise.all(
    workers.map((worker) => (worker.process.send({ go: true }), worker.message<LoadDone>())),
  );
  const after = await server.child.ask<{ cpu: NodeJS.CpuUsage; served: number }>({ cpu: true });
  const latencies = done.flatMap((d) => d.latencies).sort((a, b) => a - b);
  const cpu = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
  return {
    target: target.name,
    cpuUs: cpu / Math.max(1, after.served - before.served),
    rps: done.reduce((sum, d) => sum + d.requests, 0) / SECONDS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: done.reduce((sum, d) => sum + d.errors, 0),
  };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
const fixed = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '–');

async function main(): Promise<void> {
  const only = values.only?.split(',');
  const targets = only ? TARGETS.filter((t, i) => i === 0 || only.some((o) => t.name.includes(o))) : TARGETS;
  const started = new Date();
  const load1 = loadavg()[0]!;
  const servers = new Map<ServerName, { child: Child; url: string }>();
  for (const target of targets)
    if (!servers.has(target.server)) servers.set(target.server, await startServer(target.server));
  const workers = Array.from({ length: WORKERS }, () => node('load.ts', []));

  const rounds: Row[][] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rows: Row[] = [];
    const order = targets.map((_, i) => targets[(i + round * 3) % targets.length]!);
    for (const target of order) {
      const row = await measure(target, servers.get(target.server)!, workers);
      rows.push(row);
      process.stdout.write(
        `round ${round + 1} ${row.target.padEnd(44)} ${fixed(row.cpuUs, 0).padStart(5)} µs CPU/req ${fixed(row.rps, 0).padStart(6)} req/s p50 ${row.p50} p99 ${row.p99} ms errors ${row.errors}\n`,
      );
    }
    rounds.push(rows);
  }

  const of = (round: Row[], name: string) => round.find((row) => row.target === name);
  const ratio = (name: string, anchor: string, field: 'cpuUs' | 'rps') =>
    median(rounds.map((round) => of(round, name)![field] / (of(round, anchor)?.[field] ?? NaN)));
  const helloFor = (target: Target) => (target.name.includes('verification on') ? ANCHOR.helloOn : ANCHOR.helloOff);
  const lines = [
    '| target | server CPU µs/request | CPU ÷ ask-sdk hello (same verification) | req/s | p50 ms | p99 ms | req/s ÷ bare Express | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const summary = new Map<string, Row>();
  for (const target of targets) {
    const mine = rounds.map((round) => of(round, target.name)!);
    const row: Row = {
      target: target.name,
      cpuUs: median(mine.map((r) => r.cpuUs)),
      rps: median(mine.map((r) => r.rps)),
      p50: median(mine.map((r) => r.p50)),
      p99: median(mine.map((r) => r.p99)),
      errors: mine.reduce((s, r) => s + r.errors, 0),
    };
    summary.set(target.name, row);
    const hello =
      target.server.startsWith('project') && target.path === '/alexa'
        ? fixed(ratio(target.name, helloFor(target), 'cpuUs'))
        : '–';
    lines.push(
      `| ${target.name} | ${fixed(row.cpuUs, 0)} | ${hello} | ${fixed(row.rps, 0)} | ${fixed(row.p50, 1)} | ${fixed(row.p99, 1)} | ${fixed(ratio(target.name, ANCHOR.bare, 'rps'))} | ${row.errors} |`,
    );
  }

  // The targets, as ratios within this run.
  const next = '/alexa NEXT mid-routine, verification off';
  const checks: string[] = [];
  const has = (...names: string[]) => names.every((name) => summary.has(name));
  if (has('/alexa NEXT mid-routine, verification on', ANCHOR.helloOn))
    checks.push(
      `verified /alexa NEXT ÷ verified ask-sdk hello, CPU per request: ${fixed(ratio('/alexa NEXT mid-routine, verification on', ANCHOR.helloOn, 'cpuUs'))} (target ≤ 1)`,
    );
  if (has(next, ANCHOR.helloOff))
    checks.push(
      `unverified /alexa NEXT ÷ unverified ask-sdk hello, CPU per request: ${fixed(ratio(next, ANCHOR.helloOff, 'cpuUs'))} (target ≤ 2)`,
    );
  const adapters = '/alexa NEXT, turn precomputed (adapters only)';
  if (has(next, adapters, ANCHOR.helloOff)) {
    const turn = summary.get(next)!.cpuUs - summary.get(adapters)!.cpuUs;
    checks.push(
      `where NEXT's CPU goes: server, adapters and response ${fixed(summary.get(adapters)!.cpuUs, 0)} µs (${fixed(ratio(adapters, ANCHOR.helloOff, 'cpuUs'))}× the unverified hello), the turn itself ${fixed(turn, 0)} µs`,
    );
  }
  for (const launch of ['/alexa LaunchRequest, one user', '/alexa LaunchRequest, many users']) {
    if (has(launch, next))
      checks.push(
        `${launch.replace('/alexa LaunchRequest, ', 'LaunchRequest, ')} ÷ NEXT: CPU ${fixed(ratio(launch, next, 'cpuUs'))}, time per request (NEXT req/s ÷ Launch req/s) ${fixed(1 / ratio(launch, next, 'rps'))} (target ≤ 1.5)`,
      );
  }
  if (STARTS && compiled()) {
    const server = await serverStart(STARTS);
    const lambda = lambdaColdStart(STARTS);
    const ms = (xs: number[]) =>
      `${fixed(median(xs), 0)} ms (${fixed(Math.min(...xs), 0)}–${fixed(Math.max(...xs), 0)})`;
    checks.push(
      `compiled server, process start to first LaunchRequest answer: ${ms(server.map((s) => s.firstAnswerMs))}, RSS then ${fixed(median(server.map((s) => s.rssMB)), 0)} MB (target ≤ 400 ms)`,
    );
    checks.push(
      `Lambda handler, process start to first answer in a fresh node: ${ms(lambda.map((l) => l.firstAnswerMs))}, of which node's own start ${ms(lambda.map((l) => l.bootMs))}; second answer ${ms(lambda.map((l) => l.secondMs))} (target ≤ 250 ms)`,
    );
  } else if (STARTS) {
    checks.push('compiled start-up and Lambda cold start: not measured (no dist/; run npm run build first)');
  }
  if (RSS_REQUESTS && compiled()) {
    const readings = await rssOverRequests(RSS_REQUESTS);
    checks.push(
      `compiled server RSS after start, then after each quarter of ${RSS_REQUESTS} NEXT requests: ${readings.map((mb) => fixed(mb, 0)).join(' → ')} MB (target: flat)`,
    );
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const heading = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; load average ${load1.toFixed(1)} at the start. ${ROUNDS} round${ROUNDS > 1 ? 's (medians)' : ''}, ${SECONDS} s a target after a warm-up of ${WARM} s and ${WARM_REQUESTS} requests, ${CONNECTIONS} connections from ${WORKERS} load workers.`;
  const report = [heading, '', ...lines, '', ...checks.map((line) => `- ${line}`)].join('\n');
  process.stdout.write(`\n${report}\n`);

  if (!values['no-readme'] && !only) {
    const readme = join(ROOT, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const pattern = /(<!-- bench:start -->)[\s\S]*?(<!-- bench:end -->)/;
    if (pattern.test(text)) {
      writeFileSync(
        readme,
        text.replace(pattern, (_all, start: string, end: string) => `${start}\n${report}\n${end}`),
      );
      process.stdout.write('README.md: speed table written\n');
    } else process.stdout.write('README.md has no bench markers: table not written\n');
  }
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  });
