/**
 * The Docker image builds and its server answers /healthz, where a Docker daemon is running; where
 * none is (a laptop without Docker, most CI sandboxes) the suite is skipped and says why.
 */
import { spawnSync } from 'node:child_process';
import { ROOT } from '../scripts/dist';

jest.setTimeout(900_000);

const daemon = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
const hasDaemon = daemon.status === 0;
const IMAGE = 'massage-coach:test';
if (!hasDaemon) process.stderr.write('docker.test.ts: skipped, no Docker daemon here (`docker info` failed)\n');

(hasDaemon ? describe : describe.skip)(
  hasDaemon ? 'the Docker image' : 'the Docker image (SKIPPED: no Docker daemon here, `docker info` failed)',
  () => {
    let container = '';
    afterAll(() => {
      if (container) spawnSync('docker', ['rm', '-f', container]);
    });

    it('builds, runs as a non-root user and answers /healthz', async () => {
      const build = spawnSync('docker', ['build', '-t', IMAGE, '.'], { cwd: ROOT, encoding: 'utf8' });
      expect({ status: build.status, stderr: build.status ? build.stderr : '' }).toEqual({ status: 0, stderr: '' });
      const user = spawnSync('docker', ['image', 'inspect', '--format', '{{.Config.User}}', IMAGE], {
        encoding: 'utf8',
      });
      expect(user.stdout.trim()).toBe('node');
      const run = spawnSync('docker', ['run', '-d', '-p', '127.0.0.1::3000', IMAGE], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      container = run.stdout.trim();
      const port = spawnSync('docker', ['port', container, '3000'], { encoding: 'utf8' })
        .stdout.trim()
        .split(':')
        .pop();
      const deadline = Date.now() + 30_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        status = await fetch(`http://127.0.0.1:${port ?? ''}/healthz`).then(
          (response) => response.status,
          () => 0,
        );
      }
      expect(status).toBe(200);
    });
  },
);
