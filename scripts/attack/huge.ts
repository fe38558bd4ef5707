/**
 * Huge requests: a declared 1 GiB body, and an endless chunked body, to every POST route (and an
 * unknown one). Sends as fast as the server takes it, for at most --cap seconds, and reports the
 * status, how many MB the server read before it answered or closed, and how long that took.
 *   npx tsx scripts/attack/huge.ts --target after --cap 15
 */
import { argOf, flood, report, startTarget } from './lib';

const target = argOf('target', 'after');
const capSeconds = Number(argOf('cap', '15'));
const ROUTES = ['/alexa', '/dialogflow', '/dialogflow-cx', '/console/say', '/nope'];
async function main() {
  const server = await startTarget(target);
  const results: Record<string, unknown> = {};
  for (const route of ROUTES) {
    results[`${route} declared-1GiB`] = await flood(server.port, route, false, capSeconds);
    results[`${route} chunked`] = await flood(server.port, route, true, capSeconds);
  }
  const alive = await fetch(`${server.base}/healthz`).then(
    (r) => r.status,
    () => null,
  );
  report('huge', target, { capSeconds, results, healthzAfter: alive, rssMb: server.rssMb() });
  await server.stop();
}

void main();
