/**
 * What we ship runs: `npm run build` once, then the compiled server (node alone, from another
 * working directory) answers a LaunchRequest and serves the web page with every file it links;
 * the compiled Lambda handler answers in a fresh process; and the Lambda zip, unpacked where no
 * repository is near, answers too, with production dependencies only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { setLogSink } from '../src/log';
import { packageLambda, ROOT } from '../scripts/dist';
import { envelope, post } from './helpers/alexa-client';
import { startServer } from './helpers/server';

jest.setTimeout(300_000);

const LAMBDA = join('dist', 'src', 'platforms', 'alexa', 'lambda.js');
const launch = () => envelope({ type: 'LaunchRequest' }, { userId: 'amzn1.ask.account.BUILDTEST' });

/** The words a LaunchRequest gets from the code under src/ (a fresh user, in process). */
let expectedSsml: string;

beforeAll(async () => {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  setLogSink('silent');
  const server = await startServer({ alexa: { verify: false } });
  try {
    const { body } = await post(server.baseUrl, launch(), null);
    expectedSsml = (body as { response: { outputSpeech: { ssml: string } } }).response.outputSpeech.ssml;
  } finally {
    await server.close();
  }
  expect(expectedSsml).toMatch(/^<speak>.*\w.*<\/speak>$/s);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/**
 * Runs a LaunchRequest through `handler` of the compiled Lambda file in a new node process; also
 * says which files that process loaded from node_modules (none: the handler is one bundle).
 */
function invokeLambda(root: string): { speech: string; stderr: string; packagesLoaded: string[] } {
  const script = `require(${JSON.stringify(join(root, LAMBDA))}).handler(${JSON.stringify(launch())}, {})
    .then((answer) => process.stdout.write(JSON.stringify({ answer, loaded: Object.keys(require.cache).filter((file) => file.includes('node_modules')) })), (error) => { console.error(error); process.exit(1); });`;
  const data = mkdtempSync(join(tmpdir(), 'mc-lambda-data-'));
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: mkdtempSync(join(tmpdir(), 'mc-lambda-cwd-')),
    encoding: 'utf8',
    env: { PATH: process.env.PATH, STORE: 'file', DATA_DIR: data, LOG_LEVEL: 'error' },
  });
  if (run.status !== 0) throw new Error(`lambda failed:\n${run.stderr}`);
  const { answer, loaded } = JSON.parse(run.stdout) as {
    answer: { response: { outputSpeech: { ssml: string } } };
    loaded: string[];
  };
  return { speech: answer.response.outputSpeech.ssml, stderr: run.stderr, packagesLoaded: loaded };
}

/** Waits until the spawned server answers /healthz (fails if it exits first or takes 30 s). */
async function answersHealth(server: ChildProcess, base: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the compiled server exited ${server.exitCode}:\n${stderr()}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the compiled server did not answer in 30 s:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the compiled server', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGTERM');
  });

  it('starts with node alone from another folder and speaks a LaunchRequest answer', async () => {
    const port = await freePort();
    const cwd = mkdtempSync(join(tmpdir(), 'mc-server-cwd-'));
    let stderr = '';
    child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'server', 'main.js')], {
      cwd,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        DATA_DIR: join(cwd, 'data'),
        ALEXA_VERIFY: 'off',
        DIALOGFLOW_AUTH: 'off',
        CONSOLE: 'on',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    await answersHealth(child, base, () => stderr);
    const { status, body } = await post(base, launch(), null);
    expect(status).toBe(200);
    expect((body as { response: { outputSpeech: { ssml: string } } }).response.outputSpeech.ssml).toBe(expectedSsml);

    // The web page, and every file of ours it links (scripts, styles, images), come from dist/ too.
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const linked = [...html.matchAll(/(?:src|href)="(\/?[^":#?]+)"/g)].map(
      (match) => new URL(match[1]!, `${base}/`).pathname,
    );
    for (const path of new Set(linked)) expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
  });
});

describe('npm run start:prod', () => {
  // A supervisor (systemd, Docker, Cloud Run) stops a service with SIGTERM to the process it
  // started: here npm. Through `sh -c` without exec, node was orphaned and kept the port.
  it('stops the server it started within 10 s of SIGTERM to npm', async () => {
    const port = await freePort();
    const cwd = mkdtempSync(join(tmpdir(), 'mc-prod-data-'));
    let stderr = '';
    const npm = spawn('npm', ['run', 'start:prod', '--silent'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    try {
      await answersHealth(npm, base, () => stderr);
      const stoppedAt = Date.now() + 10_000;
      npm.kill('SIGTERM');
      let listening = true;
      while (listening && Date.now() < stoppedAt) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        listening = await fetch(`${base}/healthz`).then(
          () => true,
          () => false,
        );
      }
      expect({ listeningAfterSigterm: listening }).toEqual({ listeningAfterSigterm: false });
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      // An orphaned server would hold the pipe open and keep jest waiting.
      npm.stderr!.destroy();
    }
  });
});

describe('the compiled Lambda handler', () => {
  it('answers a LaunchRequest in a fresh node process, from one bundled file', () => {
    const { speech, packagesLoaded } = invokeLambda(ROOT);
    expect(speech).toBe(expectedSsml);
    // Bundled: on the file store a cold start resolves and loads no package from node_modules.
    expect(packagesLoaded).toEqual([]);
  });

  it('answers from the Lambda zip unpacked on its own, which holds production dependencies only', () => {
    const zip = packageLambda();
    const unpacked = mkdtempSync(join(tmpdir(), 'mc-lambda-zip-'));
    new AdmZip(zip).extractAllTo(unpacked);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of Object.keys(pkg.dependencies))
      expect([name, existsSync(join(unpacked, 'node_modules', name, 'package.json'))]).toEqual([name, true]);
    // The tools we build, test and bench with stay out (the express adapter is the bench's anchor now).
    for (const name of [
      'typescript',
      'jest',
      'tsx',
      'nock',
      'autocannon',
      '@google-cloud/dialogflow',
      'adm-zip',
      'ask-sdk-express-adapter',
      'node-forge',
    ])
      expect([name, existsSync(join(unpacked, 'node_modules', name))]).toEqual([name, false]);
    expect(existsSync(join(unpacked, 'dist', 'src', 'server', 'main.js'))).toBe(true);
    const { speech, packagesLoaded } = invokeLambda(unpacked);
    expect(speech).toBe(expectedSsml);
    expect(packagesLoaded).toEqual([]);
  });
});
