/**
 * Shared by the attack scripts: start `npm start`'s entry (node --import tsx src/server/main.ts)
 * of a checkout on loopback with its own PORT and DATA_DIR, raw sockets, and the request bodies a
 * hostile caller sends. Target: `--target before` (/work/wt-before, d4a1554) or `after` (this tree).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOTS: Record<string, string> = {
  before: process.env.ATTACK_BEFORE_ROOT ?? '/work/wt-before',
  after: join(__dirname, '..', '..'),
};

export function argOf(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

export interface Target {
  name: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  base: string;
  stderr: () => string;
  /** Resident memory of the server process, MB. */
  rssMb: () => number;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** A port loopback has free now (the machine is shared: a fixed one may be taken). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A server of the checkout `name` on 127.0.0.1; resolves once it logs that it listens. */
export async function startTarget(
  name: string,
  options: { dataDir?: string; env?: Record<string, string>; port?: number } = {},
): Promise<Target> {
  const root = ROOTS[name];
  if (!root) throw new Error(`--target must be before or after, not ${name}`);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `attack-${name}-`));
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DATA_DIR: dataDir,
      DIALOGFLOW_AUTH: 'off',
      DIALOGFLOW_CX_TRUST_CALLER_ID: 'on',
      SNAPSHOT_KEYS: 'attack-snapshot-key-0123456789abcdefghijkl',
      ALEXA_VERIFY: 'off',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-200_000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`${name} exited before listening: ${stderr}`);
    if (waited > 60_000) throw new Error(`${name} did not listen in 60 s: ${stderr}`);
    const up = await fetch(`${base}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    await sleep(100);
  }
  return {
    name,
    port,
    dataDir,
    child,
    base,
    stderr: () => stderr,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw TCP connection to the target, with everything it received. */
export function rawSocket(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    const closed = new Promise<number>((done) => socket.on('close', () => done(performance.now() - started)));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

/** The status code of the first response on a raw socket, or null. */
export const statusOf = (received: string): number | null => {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
  return match ? Number(match[1]) : null;
};

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
};

export const tally = (values: Array<string | number | null>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
};

/** An Alexa request envelope as an Echo sends it (verification is off on the target). */
export function alexaEnvelope(request: Record<string, unknown>, userId: string, attributes?: Record<string, unknown>) {
  const application = { applicationId: 'amzn1.ask.skill.attack' };
  return {
    version: '1.0',
    session: {
      new: !attributes,
      sessionId: `amzn1.echo-api.session.${userId}`,
      application,
      user: { userId },
      attributes: attributes ?? {},
    },
    context: { System: { application, user: { userId }, device: { deviceId: 'd', supportedInterfaces: {} } } },
    request: {
      requestId: `amzn1.echo-api.request.${randomUUID()}`,
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      ...request,
    },
  };
}

/** A Dialogflow CX webhook request from a phone caller (the coach snapshot as CX returns it). */
export function cxRequest(session: string, caller: string, tag: string, coach: unknown, parameters = {}) {
  return {
    detectIntentResponseId: randomUUID(),
    languageCode: 'en',
    sessionInfo: { session: `projects/p/locations/l/agents/a/sessions/${session}`, parameters: coach ? { coach } : {} },
    fulfillmentInfo: { tag },
    intentInfo: { parameters },
    payload: { telephony: { caller_id: caller } },
  };
}

/** A CX caller's session to its end: launch, start neck, ready, stop (STOP writes a journal entry). */
export const WALK_TO_STOP: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['LAUNCH', {}],
  ['START_ROUTINE', { routine: { resolvedValue: 'neck' } }],
  ['YES', {}],
  ['STOP', {}],
];

/** LAUNCH, start neck, ready, stop: STOP writes one journal entry. Resolves true when every turn got 200. */
export async function cxWalkToStop(base: string, session: string, caller: string): Promise<boolean> {
  let coach: unknown = null;
  for (const [tag, parameters] of WALK_TO_STOP) {
    const response = await fetch(`${base}/dialogflow-cx`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(cxRequest(session, caller, tag, coach, parameters)),
    });
    if (response.status !== 200) return false;
    coach = ((await response.json()) as { sessionInfo: { parameters: { coach: unknown } } }).sessionInfo.parameters
      .coach;
  }
  return true;
}

/** Prints one result line as JSON (what the README's table is built from). */
export function report(attack: string, target: string, result: Record<string, unknown>): void {
  console.log(JSON.stringify({ attack, target, ...result }));
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/**
 * A huge body to `route`: a declared 1 GiB, or an endless chunked one, sent as fast as the server
 * reads it until it answers, closes, or `capSeconds` pass. MB sent and the status it got.
 */
export async function flood(port: number, route: string, chunked: boolean, capSeconds: number) {
  const { socket, received, closed } = await rawSocket(port);
  const started = performance.now();
  socket.write(
    `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      (chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${2 ** 30}\r\n`) +
      '\r\n',
  );
  let open = true;
  void closed.then(() => (open = false));
  let sent = 0;
  const frame = chunked
    ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')])
    : CHUNK;
  while (open && statusOf(received()) === null && performance.now() - started < capSeconds * 1000) {
    if (!socket.write(frame))
      await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed, sleep(200)]);
    sent += CHUNK.length;
  }
  const ms = Math.round(performance.now() - started);
  // The answer may follow the close by a moment.
  await Promise.race([closed, sleep(200)]);
  const status = statusOf(received());
  socket.destroy();
  return { status, mbSent: Math.round((sent / 2 ** 20) * 10) / 10, ms };
}
