import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TranscriptLine } from '../src/runtime/simulator';

/** `npm run chat -- --jsonl --fast` as a script runs it, with its own store. */
function chat(
  input: string[],
  store = mkdtempSync(join(tmpdir(), 'chat-')),
  user = 'clock',
): { lines: TranscriptLine[]; store: string } {
  const result = spawnSync(
    'npm',
    ['run', '--silent', 'chat', '--', '--jsonl', '--fast', '--store', store, '--user', user],
    {
      cwd: join(__dirname, '..'),
      input: `${input.join('\n')}\n`,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (result.status !== 0) throw new Error(`chat exited ${result.status}: ${result.stderr}`);
  return {
    lines: result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TranscriptLine),
    store,
  };
}

describe('the simulator clock', () => {
  it('says an "@N text" line N seconds into the previous response, over it; a plain line after it', () => {
    const { lines } = chat(['start glute release', 'ready', 'next', '@25 how much longer', 'how much longer']);
    const [, , ball, bargeIn, after] = lines;
    expect(ball!.step).toEqual({ index: 1, id: 'ball-release', side: 'right' });
    // 25 s into the turn: inside the right side's 45 s hold, so the answer is about that hold.
    expect(bargeIn!.input).toBe('how much longer');
    expect(bargeIn!.speech).toMatch(/^About (20|25) seconds left on this one/);
    // Without the prefix the user speaks after the whole turn has played: between steps.
    expect(after!.speech).toMatch(/^About [\w ]+ left in the routine\./);
  });

  it('never writes a journal date later than the real clock in --fast mode', () => {
    const before = Date.now();
    const run = chat(['start neck', 'ready', 'next', 'next', 'next', 'a three']);
    const after = Date.now();
    expect(run.lines.at(-1)!.endSession).toBe(true);
    const users = join(run.store, 'users');
    const [user] = readdirSync(users);
    const entries = readdirSync(join(users, user!, 'journal')).map(
      (file) => JSON.parse(readFileSync(join(users, user!, 'journal', file), 'utf8')) as { date: string },
    );
    expect(entries).toHaveLength(1);
    // The routine lasts minutes on the virtual clock; the entry is dated when it was really written.
    expect(Date.parse(entries[0]!.date)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(entries[0]!.date)).toBeLessThanOrEqual(after);
    // So a later session counts it.
    const next = chat(['<launch>', 'how am I doing'], run.store);
    expect(next.lines[1]!.speech).toMatch(/In the last seven days you've done one session/);
  });
});
