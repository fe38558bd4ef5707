/**
 * Every route, every method, hostile headers and body shapes: counts statuses, flags any 5xx,
 * any answer slower than 2 s, any reply that leaks a file or a stack trace, and whether the server
 * still answers /healthz afterwards.
 *   npx tsx scripts/attack/routes.ts --target after
 */
import { randomBytes } from 'node:crypto';
import { argOf, rawSocket, report, sleep, startTarget, statusOf, tally } from './lib';

const target = argOf('target', 'after');

const ROUTES = [
  '/alexa',
  '/dialogflow',
  '/dialogflow-cx',
  '/console/hello',
  '/console/say',
  '/console/progress',
  '/console/delete',
  '/',
  '/app.js',
  '/page.html',
  '/healthz',
  '/privacy',
  '/terms',
  '/nope',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
/** Body shapes: [name, content-type, bytes]. */
const BODIES: Array<[string, string | undefined, Buffer]> = [
  ['none', undefined, Buffer.alloc(0)],
  ['empty-json', 'application/json', Buffer.from('')],
  ['object', 'application/json', Buffer.from('{}')],
  ['array', 'application/json', Buffer.from('[]')],
  ['null', 'application/json', Buffer.from('null')],
  ['number', 'application/json', Buffer.from('42')],
  ['string', 'application/json', Buffer.from('"x"')],
  ['malformed', 'application/json', Buffer.from('{"a":')],
  ['deep-10000', 'application/json', Buffer.from(deep(10_000))],
  ['proto', 'application/json', Buffer.from('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')],
  ['text-plain', 'text/plain', Buffer.from('{}')],
  ['form', 'application/x-www-form-urlencoded', Buffer.from('session=a&text=b')],
  ['utf16', 'application/json; charset=utf-16', Buffer.from('{}', 'utf16le')],
  ['bad-utf8', 'application/json', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ['nul-bytes', 'application/json', Buffer.from('{"text":"\u0000\u0000","session":"\u0000"}')],
  ['long-string', 'application/json', Buffer.from(JSON.stringify({ text: 'a'.repeat(400_000), session: 'x' }))],
  [
    'wide-object',
    'application/json',
    Buffer.from(JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])))),
  ],
  ['random', 'application/octet-stream', randomBytes(4096)],
  [
    'shape-wrong-types',
    'application/json',
    Buffer.from(
      JSON.stringify({ session: 5, text: ['a'], version: {}, request: 'x', queryResult: [], sessionInfo: 1 }),
    ),
  ],
  [
    'alexa-forged-session',
    'application/json',
    Buffer.from(
      JSON.stringify({
        version: '1.0',
        session: {
          new: false,
          attributes: { coach: { status: 'done', value: 'x'.repeat(1000) } },
          user: { userId: 'u' },
        },
        context: { System: { user: { userId: 'u' }, application: { applicationId: 'a' } } },
        request: {
          type: 'IntentRequest',
          requestId: 'r',
          timestamp: new Date().toISOString(),
          locale: 'xx-XX',
          intent: { name: 'AMAZON.StopIntent' },
        },
      }),
    ),
  ],
];

/** Hostile requests written byte for byte. */
const RAW: Array<[string, string]> = [
  ['header-20kb', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  [
    'headers-2000',
    `GET /healthz HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\n\r\n`,
  ],
  ['no-host', 'GET /healthz HTTP/1.1\r\n\r\n'],
  [
    'smuggle-cl-te',
    'POST /dialogflow-cx HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
  ],
  [
    'two-content-lengths',
    'POST /dialogflow-cx HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nContent-Type: application/json\r\n\r\n{}',
  ],
  ['negative-length', 'POST /alexa HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
  [
    'gzip-garbage',
    'POST /dialogflow-cx HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 8\r\n\r\nnotgzip!',
  ],
  [
    'br-encoding',
    'POST /console/say HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: br\r\nContent-Length: 2\r\n\r\n{}',
  ],
  ['traversal-1', 'GET /..%2f..%2fpackage.json HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['traversal-2', 'GET /%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['traversal-3', 'GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['dotfile', 'GET /.env HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['bad-percent', 'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['long-url', `GET /console/progress?session=${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
  ['query-pollution', 'GET /console/progress?session=a&session=b&locale[]=x HTTP/1.1\r\nHost: x\r\n\r\n'],
  [
    'cors-preflight',
    'OPTIONS /console/delete HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n',
  ],
  [
    'cross-origin-delete',
    'POST /console/delete HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\nContent-Type: application/json\r\nContent-Length: 47\r\n\r\n{"session":"0123456789abcdef0123456789abcdef"}\n',
  ],
  ['http-1.0', 'GET /healthz HTTP/1.0\r\n\r\n'],
  ['bad-method', 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['absolute-uri', 'GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n'],
];

/** What must never appear in an answer: a file of the server, a stack trace, a path on disk. */
const LEAK =
  /"name":\s*"massage-coach"|root:x:0:0|\bat [\w.<>]+ \(|\/work\/|node_modules|SNAPSHOT_KEYS|attack-snapshot-key/;

async function send(
  port: number,
  bytes: Buffer,
): Promise<{ status: number | null; ms: number; leak: boolean; received: string }> {
  const started = performance.now();
  const { socket, received, closed } = await rawSocket(port);
  socket.write(bytes);
  // An answer, or a close, or 5 s.
  for (let waited = 0; waited < 5000 && !/\r\n\r\n/.test(received()) && !socket.destroyed; waited += 10)
    await sleep(10);
  await sleep(30);
  const ms = performance.now() - started;
  socket.destroy();
  await closed;
  return { status: statusOf(received()), ms, leak: LEAK.test(received()), received: received() };
}

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
