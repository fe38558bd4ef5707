/**
 * Many sessions at once: (1) --idle idle TCP connections that never send a byte, held for --hold
 * seconds, while a real caller probes every 2 s; (2) --concurrent distinct CX callers launching at
 * the same moment, then each saying "start neck" (statuses and p50/p99).
 *   npx tsx scripts/attack/sessions.ts --target after --idle 1500 --hold 40 --concurrent 1000
 */
import { argOf, cxRequest, percentile, rawSocket, report, sleep, startTarget, statusOf, tally } from './lib';

const target = argOf('target', 'after');
const idle = Number(argOf('idle', '1500'));
const holdSeconds = Number(argOf('hold', '40'));
const concurrent = Number(argOf('concurrent', '1000'));

async function turn(base: string, n: number, tag: string, coach: unknown, parameters = {}) {
  const started = performance.now();
  try {
    const response = await fetch(`${base}/dialogflow-cx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cxRequest(`many-${n}`, `+1666${n}`, tag, coach, parameters)),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await response.json().catch(() => null)) as any;
    return { status: response.status, ms: performance.now() - started, coach: json?.sessionInfo?.parameters?.coach };
  } catch {
    return { status: null, ms: performance.now() - started, coach: null };
  }
}

async function probe(port: number): Promise<number | null> {
  const connection = await rawSocket(port).catch(() => null);
  if (!connection) return null;
  connection.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  await Promise.race([connection.closed, sleep(5000)]);
  connection.socket.destroy();
  return statusOf(connection.received());
}

async function main() {
  const server = await startTarget(target);
  // 1. Idle sockets.
  const opened = await Promise.all(Array.from({ length: idle }, () => rawSocket(server.port).catch(() => null)));
  const closedTimes: number[] = [];
  for (const socket of opened) void socket?.closed.then((ms) => closedTimes.push(ms));
  const probes: Array<{ atS: number; status: number | null; ms: number }> = [];
  const started = performance.now();
  while (performance.now() - started < holdSeconds * 1000) {
    await sleep(2000);
    const t = performance.now();
    // A fresh connection each time, as a new caller opens (fetch would reuse a kept-alive one).
    const status = await probe(server.port);
    probes.push({ atS: Math.round((t - started) / 1000), status, ms: Math.round(performance.now() - t) });
  }
  const stillOpen = opened.filter((socket) => socket && !socket.socket.destroyed).length;
  for (const socket of opened) socket?.socket.destroy();
  const firstOk = probes.find((probe) => probe.status === 200)?.atS ?? null;
  const idleResult = {
    connected: opened.filter(Boolean).length,
    closedByServer: closedTimes.length,
    closedMedianS: percentile(
      closedTimes.map((ms) => ms / 1000),
      50,
    ),
    stillOpenAtEnd: stillOpen,
    probeStatuses: tally(probes.map((probe) => probe.status)),
    firstProbeOkAtS: firstOk,
  };
  await sleep(1000);
  // 2. Concurrent callers.
  const launches = await Promise.all(
    Array.from({ length: concurrent }, (_, n) => turn(server.base, n, 'LAUNCH', null)),
  );
  const starts = await Promise.all(
    launches.map((launch, n) =>
      turn(server.base, n, 'START_ROUTINE', launch.coach, { routine: { resolvedValue: 'neck' } }),
    ),
  );
  const all = [...launches, ...starts];
  report('sessions', target, {
    idle: idleResult,
    concurrent: {
      callers: concurrent,
      statuses: tally(all.map((r) => r.status)),
      p50ms: percentile(
        all.map((r) => r.ms),
        50,
      ),
      p99ms: percentile(
        all.map((r) => r.ms),
        99,
      ),
    },
    rssMb: server.rssMb(),
  });
  await server.stop();
}

void main();
