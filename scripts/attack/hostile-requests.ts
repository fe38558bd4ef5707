/**
 * What a hostile caller sends: every route, every method, odd body shapes and byte-for-byte
 * malformed requests, and what must never come back (a file of the server, a stack trace).
 */
import { randomBytes } from 'node:crypto';
import { rawSocket, sleep, statusOf } from './lib';

/** The routes that take a body. */
export const POST_ROUTES = [
  '/alexa',
  '/dialogflow',
  '/dialogflow-cx',
  '/console/hello',
  '/console/say',
  '/console/progress',
  '/console/delete',
];
export const ROUTES = [...POST_ROUTES, '/', '/app.js', '/page.html', '/healthz', '/privacy', '/terms', '/nope'];
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
/** Body shapes: [name, content-type, bytes]. */
export const BODIES: Array<[string, string | undefined, Buffer]> = [
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
export const RAW: Array<[string, string]> = [
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
export const LEAK =
  /"name":\s*"massage-coach"|root:x:0:0|\bat [\w.<>]+ \(|\/work\/|node_modules|SNAPSHOT_KEYS|attack-snapshot-key/;

export async function send(
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
