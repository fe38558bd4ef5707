import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

describe('logs a person can read', () => {
  const logOnce = (env: NodeJS.ProcessEnv) =>
    spawnSync(tsx, ['-e', "require('./src/log').log.info('hello there', { port: 3000, userId: 'secret' })"], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stderr;

  it('writes JSON in production and when piped, readable lines when asked for (as on a terminal)', () => {
    expect(JSON.parse(logOnce({ NODE_ENV: 'production', LOG_FORMAT: '' }))).toMatchObject({
      level: 'info',
      message: 'hello there',
      port: 3000,
    });
    expect(JSON.parse(logOnce({ NODE_ENV: '', LOG_FORMAT: '' }))).toMatchObject({ message: 'hello there' });
    const pretty = logOnce({ LOG_FORMAT: 'pretty' });
    expect(pretty).toMatch(/INFO.*hello there/);
    expect(pretty).not.toMatch(/^\{|secret/);
  });

  it('starts with configuration notes as information, the local recipe, the data folder and the address alone on a line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'start-'));
    const server = spawn(tsx, ['src/server/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: dataDir,
        NODE_ENV: '',
        LOG_FORMAT: '',
        ALEXA_SKILL_ID: '',
        DIALOGFLOW_AUTH: '',
        CONSOLE: '',
      },
    });
    let output = '';
    server.stderr.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address in: ${output}`)), 30_000);
      server.stderr.on('data', () => {
        if (!/talk to the coach/.test(output)) return;
        clearTimeout(timer);
        resolve();
      });
    });
    server.kill('SIGTERM');
    const lines = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; message: string; url?: string });
    expect(lines.filter((line) => line.level !== 'info')).toEqual([]);
    expect(lines.map((line) => line.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ALEXA_SKILL_ID is not set/),
        expect.stringMatching(/DIALOGFLOW_AUTH is not set/),
        expect.stringMatching(/ALEXA_VERIFY=off DIALOGFLOW_AUTH=off npm start$/),
        `listening on port ${/port (\d+)/.exec(output)![1]}, data in ${dataDir}`,
      ]),
    );
    const address = lines.find((line) => line.url)!;
    expect(address.message).toMatch(new RegExp(`\\n\\n    ${address.url!.replace(/[/.]/g, '\\$&')}\\n$`));
  });
});
