/**
 * Slowloris: sockets that send their headers, or their body, one byte a second. Measures how long
 * the server keeps each one (capped at --cap seconds) and whether a normal request is answered
 * meanwhile, and how fast.
 *   npx tsx scripts/attack/slow.ts --target after --sockets 200 --cap 45
 */
import { argOf, percentile, rawSocket, report, sleep, startTarget, statusOf, tally } from './lib';

const target = argOf('target', 'after');
const sockets = Number(argOf('sockets', '200'));
const capSeconds = Number(argOf('cap', '45'));

async function dribble(port: number, head: string, dribbled: string) {
  const { socket, received, closed } = await rawSocket(port);
  socket.write(head);
  let open = true;
  void closed.then(() => (open = false));
  const stopAt = performance.now() + capSeconds * 1000;
  for (let i = 0; open && performance.now() < stopAt; i++) {
    socket.write(dribbled[i % dribbled.length]!);
    await Promise.race([sleep(1000), closed]);
  }
  const heldMs = open ? null : await closed;
  socket.destroy();
  return { heldS: heldMs === null ? null : Math.round(heldMs / 100) / 10, status: statusOf(received()) };
}

async function main() {
  const server = await startTarget(target);
  const port = server.port;
  const half = Math.floor(sockets / 2);
  const headers = Array.from({ length: half }, () =>
    dribble(
      port,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n',
      'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n',
    ),
  );
  const bodies = Array.from({ length: sockets - half }, () =>
    dribble(
      port,
      'POST /dialogflow-cx HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
      ' ',
    ),
  );
  // Meanwhile: is the server still answering a real caller?
  const probes: number[] = [];
  const probeStatuses: Array<number | null> = [];
  const probing = (async () => {
    for (let i = 0; i < capSeconds / 3; i++) {
      await sleep(3000);
      const started = performance.now();
      const status = await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => r.status,
        () => null,
      );
      probes.push(performance.now() - started);
      probeStatuses.push(status);
    }
  })();
  const [headerResults, bodyResults] = await Promise.all([Promise.all(headers), Promise.all(bodies)]);
  await probing;
  const summary = (results: Array<{ heldS: number | null; status: number | null }>) => {
    const closed = results.flatMap((r) => (r.heldS === null ? [] : [r.heldS]));
    return {
      closedByServer: closed.length,
      stillOpenAtCap: results.length - closed.length,
      heldMedianS: percentile(closed, 50),
      heldMaxS: closed.length ? Math.max(...closed) : null,
      statuses: tally(results.map((r) => r.status)),
    };
  };
  report('slow', target, {
    sockets,
    capSeconds,
    slowHeaders: summary(headerResults),
    slowBodies: summary(bodyResults),
    probeStatuses: tally(probeStatuses),
    probeP50ms: percentile(probes, 50),
    probeMaxMs: Math.round(Math.max(...probes)),
    rssMb: server.rssMb(),
  });
  await server.stop();
}

void main();
