import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TranscriptLine } from '../src/runtime/simulator';
import { loadCatalogue } from '../src/content/load';
import { play, sleep } from '../src/cli/playback';

/** The simulator's machine-readable mode, run exactly as scripts run it. */
function chat(lines: string[], args: string[] = []): TranscriptLine[] {
  const store = mkdtempSync(join(tmpdir(), 'chat-'));
  const result = spawnSync('npm', ['run', '--silent', 'chat', '--', '--jsonl', '--fast', '--store', store, ...args], {
    cwd: join(__dirname, '..'),
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`chat exited ${result.status}: ${result.stderr}`);
  return result.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TranscriptLine);
}

const catalogue = loadCatalogue();
const names: Record<string, Record<string, string>> = {
  'en-US': {
    neck: 'neck',
    'shoulders-chest': 'shoulders and chest',
    'mid-lower-back': 'lower back',
    'glutes-piriformis': 'glutes',
    'calves-hamstrings': 'calves',
  },
  'de-DE': {
    neck: 'Nacken',
    'shoulders-chest': 'Schultern',
    'mid-lower-back': 'Rücken',
    'glutes-piriformis': 'Gesäß',
    'calves-hamstrings': 'Waden',
  },
};
const words: Record<string, { ready: string; next: string; rate: string }> = {
  'en-US': { ready: 'ready', next: 'next', rate: "it's a three" },
  'de-DE': { ready: 'bereit', next: 'weiter', rate: 'eine drei' },
};

/**
 * What the guide says each step must contain, as the user hears it: the set-up closes the turn
 * before ("… say ready when you're in position"), the clock and the other side come in the step's own.
 */
const heard: Record<string, Record<string, RegExp[]>> = {
  'en-US': {
    neck: [
      /30 seconds, starting now/i,
      /right side of your neck.*45 seconds, starting now.*left upper trapezius.*45 seconds/i,
      /tilt your right ear.*15 seconds.*once more.*15 seconds/i,
      /base of your skull to the top of your shoulder/i,
    ],
    'shoulders-chest': [
      /Ten forward.*Ten back/i,
      /right side of your chest.*one minute.*left side of your chest.*one minute/i,
      /back of your right shoulder.*30 seconds/i,
      /right arm across your body.*15 seconds/i,
    ],
    'mid-lower-back': [
      /cat-cow.*ten/i,
      /roller under your shoulder blades.*one minute/i,
      /right side of your back, beside the spine.*one minute.*left side of your back.*one minute/i,
      /sit back on your heels.*30 seconds/i,
    ],
    'glutes-piriformis': [
      /Ten clockwise.*Ten the other way/i,
      /right glute.*45 seconds.*left glute.*45 seconds/i,
      /back under your right glute.*right foot.*left knee.*15 seconds/i,
      /pigeon pose on the right.*one minute/i,
    ],
    'calves-hamstrings': [
      /Ankle circles and calf raises.*ten/i,
      /right calf.*one minute.*left calf.*one minute/i,
      /right calf.*30 seconds/i,
      /Five slow movements.*five/i,
    ],
  },
  'de-DE': {
    neck: [
      /30 Sekunden – los/i,
      /rechten Nackenseite.*45 Sekunden – los.*linken oberen Trapezmuskel.*45 Sekunden/i,
      /rechte Ohr.*15 Sekunden.*noch einmal.*15 Sekunden/i,
      /Schädelansatz/i,
    ],
    'shoulders-chest': [
      /Zehn nach vorn.*Zehn nach hinten/i,
      /rechter Brustseite.*eine Minute.*linke Brustseite.*eine Minute/i,
      /rechten Schulter.*30 Sekunden/i,
      /rechten Arm quer vor dem Körper.*15 Sekunden/i,
    ],
    'mid-lower-back': [
      /Katze-Kuh.*zehn/i,
      /Rolle unter den Schulterblättern.*eine Minute/i,
      /rechten Rückenseite, neben der Wirbelsäule.*eine Minute.*linke Rückenseite.*eine Minute/i,
      /auf die Fersen.*30 Sekunden/i,
    ],
    'glutes-piriformis': [
      /Zehn im Uhrzeigersinn.*Zehn in die andere Richtung/i,
      /rechten Gesäßhälfte.*45 Sekunden.*linke Gesäßhälfte.*45 Sekunden/i,
      /wieder unter die rechte Gesäßhälfte.*rechten Fuß.*linke Knie.*15 Sekunden/i,
      /Taubenhaltung rechts.*eine Minute/i,
    ],
    'calves-hamstrings': [
      /Fußkreisen und Wadenheben.*zehn/i,
      /rechten Wade.*eine Minute.*linke Wade.*eine Minute/i,
      /rechten Wade.*30 Sekunden/i,
      /Fünf langsame Bewegungen.*fünf/i,
    ],
  },
};

describe.each(['en-US', 'de-DE'])('npm run chat -- --jsonl --fast (%s)', (locale) => {
  const script: string[] = [];
  for (const routine of catalogue.routines.values()) {
    script.push('<launch>', `${names[locale]![routine.id]}`, words[locale]!.ready);
    for (let step = 1; step < routine.steps.length; step += 1) script.push(words[locale]!.next);
    script.push(words[locale]!.rate);
  }
  const lines = chat(script, ['--locale', locale]);

  it('writes one JSON object per input line with the documented fields', () => {
    expect(lines).toHaveLength(script.length);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(
        ['endSession', 'event', 'holdSeconds', 'input', 'routine', 'speech', 'ssml', 'step'].sort(),
      );
      expect(line.ssml.startsWith('<speak>')).toBe(true);
    }
    expect(lines[0]).toMatchObject({
      input: '<launch>',
      event: { type: 'LAUNCH' },
      routine: null,
      step: null,
      holdSeconds: null,
      endSession: false,
    });
  });

  it.each([...catalogue.routines.keys()])(
    'coaches every step of %s in the guide order, with durations, sides and repetitions',
    (id) => {
      const routine = catalogue.routines.get(id)!;
      const start = lines.findIndex((line) => line.event.type === 'START_ROUTINE' && line.event.routine === id);
      expect(start).toBeGreaterThan(-1);
      const steps = lines.slice(start + 1, start + 1 + routine.steps.length);
      expect(steps.map((line) => line.step?.id)).toEqual(routine.steps.map((step) => step.id));
      expect(steps.map((line) => line.routine)).toEqual(routine.steps.map(() => id));
      // A step is heard from the set-up that closed the turn before it to the end of its own turn.
      steps.forEach((line, index) =>
        expect(`${lines[start + index]!.speech} ${line.speech}`).toMatch(heard[locale]![id]![index]!),
      );
      const holds = steps.map((line) => line.holdSeconds);
      expect(holds).toEqual(
        routine.steps.map((step) =>
          step.dose.type === 'hold'
            ? typeof step.dose.seconds === 'number'
              ? step.dose.seconds
              : step.dose.seconds.default
            : null,
        ),
      );
      const wrapUp = lines[start + routine.steps.length + 1]!;
      expect(wrapUp.event).toEqual({ type: 'RATE', value: 3 });
      expect(wrapUp.endSession).toBe(true);
    },
  );
});

describe('the simulator keeps a user’s place between runs', () => {
  it('offers to resume after <end> and <launch> in a later run with the same --store', () => {
    const store = mkdtempSync(join(tmpdir(), 'chat-'));
    const first = spawnSync(
      'npm',
      ['run', '--silent', 'chat', '--', '--jsonl', '--fast', '--store', store, '--user', 'ana'],
      {
        cwd: join(__dirname, '..'),
        input: 'start neck release\nready\nnext\nhang on\n<end>\n',
        encoding: 'utf8',
      },
    );
    expect(first.status).toBe(0);
    const second = spawnSync(
      'npm',
      ['run', '--silent', 'chat', '--', '--jsonl', '--fast', '--store', store, '--user', 'ana'],
      {
        cwd: join(__dirname, '..'),
        input: '<launch>\nresume\n',
        encoding: 'utf8',
      },
    );
    const [offer, resumed] = second.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TranscriptLine);
    expect(offer!.speech).toMatch(/Last time you stopped at the stretch and release in neck release/);
    expect(resumed!.step).toEqual({ index: 2, id: 'stretch-release', side: null });
  });

  it('rejects an unknown flag with usage and exit code 2', () => {
    const result = spawnSync('npm', ['run', '--silent', 'chat', '--', '--loud'], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      input: '',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--loud'[\s\S]*Usage: npm run chat/);
  });
});

describe('the terminal simulator, as a person at a terminal meets it', () => {
  const run = (input: string, args: string[] = []) =>
    spawnSync('npm', ['run', '--silent', 'chat', '--', '--store', mkdtempSync(join(tmpdir(), 'chat-')), ...args], {
      cwd: join(__dirname, '..'),
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('removes the abort listener of every wait that runs out (no MaxListenersExceededWarning in a hold)', async () => {
    const signal = new AbortController().signal;
    for (let tick = 0; tick < 15; tick += 1) await sleep(1, signal);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('counts down what is left of the hold, not the silence to the next cue', async () => {
    const written: string[] = [];
    const plan = {
      seconds: 3,
      segments: [
        { kind: 'speech' as const, text: 'Three seconds, starting now.', seconds: 0.05 },
        { kind: 'silence' as const, seconds: 1 },
        { kind: 'speech' as const, text: 'Two.', seconds: 0.05 },
        { kind: 'silence' as const, seconds: 1.9 },
      ],
      holds: [{ unit: 0, start: 0.05, end: 3 }],
    };
    // A virtual clock: each wait moves time on by exactly what was asked, whatever the machine's load.
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    await play(plan, new AbortController().signal, {
      fast: false,
      out: { write: (text) => written.push(text), isTTY: true },
      prompt: '> ',
      clock,
    });
    // The silence to the next cue would read 1, then 2 again: the hold left reads 3, 2, 1.
    expect(written.join('').match(/… \d+ s of \d+/g)).toEqual(['… 3 s of 3', '… 2 s of 3', '… 1 s of 3']);
    expect(written.join('')).toMatch(/Coach: Two\.\n> /);
  });

  it('plays the launch at start, marks holds in --fast, and speaks German with a German banner', () => {
    const en = run('start neck release\nready\n', ['--fast']);
    expect(en.status).toBe(0);
    expect(en.stdout).toMatch(/^Massage Coach simulator[^\n]*\nCoach: Welcome to Massage Coach/);
    expect(en.stdout).toMatch(
      /Coach: 30 seconds, starting now\.\n {2}\[hold 30 s\]\nCoach: Breathe slowly\.\nCoach: 10 seconds left/,
    );
    const de = run('Nacken\n', ['--fast', '--locale', 'de-DE']);
    expect(de.stdout).toMatch(/^Massage-Coach-Simulator\. Sprich[^\n]*\nCoach: Willkommen/);
    expect(de.stdout).toMatch(/Die Nackenlockerung dauert etwa \d+ Minuten/);
  });

  it('speaks en-US words for --locale en-GB, with the British emergency number', () => {
    const [, stop] = chat(['start neck release', 'I have chest pain'], ['--locale', 'en-GB']);
    expect(stop!.speech).toBe('Stop now and call 9-9-9. This needs urgent help, not massage.');
    expect(stop!.endSession).toBe(true);
  });

  it('refuses a locale it does not have, naming the ones it has', () => {
    const result = run('', ['--locale', 'fr-FR']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown locale "fr-FR": choose one of de-DE, en-US/);
  });
});
