/**
 * Every route, every method, hostile headers and body shapes: counts statuses, flags any 5xx,
 * any answer slower than 2 s, any reply that leaks a file or a stack trace, and whether the server
 * still answers /healthz afterwards.
 *   npx tsx scripts/attack/routes.ts --target after
 */
import { argOf, report, startTarget, tally } from './lib';
import { BODIES, METHODS, RAW, ROUTES, send } from './hostile-requests';

const target = argOf('target', 'after');

async function main() {
  const server = await startTarget(target);
  const statuses: Array<number | null> = [];
  const serverErrors: string[] = [];
  const slow: string[] = [];
  const leaks: string[] = [];
  const cors: string[] = [];
  for (const route of ROUTES)
    for (const method of METHODS)
      for (const [name, type, body] of method === 'GET' || method === 'HEAD' ? BODIES.slice(0, 1) : BODIES) {
        const head =
          `${method} ${route} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n` +
          (type ? `Content-Type: ${type}\r\n` : '') +
          (body.length || type ? `Content-Length: ${body.length}\r\n` : '') +
          '\r\n';
        const result = await send(server.port, Buffer.concat([Buffer.from(head), body]));
        const label = `${method} ${route} ${name}`;
        statuses.push(result.status);
        if (result.status === null || result.status >= 500) serverErrors.push(`${label}: ${result.status}`);
        if (result.ms > 2000) slow.push(`${label}: ${Math.round(result.ms)} ms`);
        if (result.leak) leaks.push(label);
        if (/access-control-allow-origin/i.test(result.received)) cors.push(label);
      }
  const raw: Record<string, number | null> = {};
  for (const [name, request] of RAW) {
    const result = await send(server.port, Buffer.from(request, 'latin1'));
    raw[name] = result.status;
    if (result.leak) leaks.push(`raw ${name}`);
    if (/access-control-allow-origin/i.test(result.received)) cors.push(`raw ${name}`);
    if (name.startsWith('smuggle') && (result.received.match(/HTTP\/1\.1 /g) ?? []).length > 1)
      serverErrors.push('smuggled a second request');
  }
  const alive = await fetch(`${server.base}/healthz`).then(
    (r) => r.status,
    () => null,
  );
  report('routes', target, {
    requests: statuses.length + RAW.length,
    statuses: tally(statuses),
    serverErrors: serverErrors.slice(0, 20),
    serverErrorCount: serverErrors.length,
    slowOver2s: slow.slice(0, 10),
    leaks,
    cors,
    raw,
    healthzAfter: alive,
    rssMb: server.rssMb(),
  });
  await server.stop();
}

void main();
