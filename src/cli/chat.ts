import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { resolveLocale } from '../i18n';
import { Conversation } from '../runtime/conversation';
import type { Segment } from '../speech/plan';
import { createStore } from '../store';
import { withoutFutureDates } from '../store/no-future-dates';
import { parseBargeIn, Simulator } from './simulator';

const USAGE = `Usage: npm run chat -- [--fast] [--jsonl] [--locale en-US|de-DE] [--user ID] [--store DIR]

Talk to the coach in the terminal. Type what you would say; <launch>, <silence> and <end>
stand for a new session, no answer, and the platform closing the session.
  --fast     do not wait through holds in real time (journal dates stay real)
  --jsonl    read one utterance per line, write one JSON object per line; a line
             "@N text" is said N seconds into the previous response (a barge-in)
  --store    keep the journal and your place in DIR (default: DATA_DIR or ./.data)`;

function options() {
  try {
    return parseArgs({
      options: {
        fast: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        locale: { type: 'string', default: 'en-US' },
        user: { type: 'string', default: 'local-user' },
        store: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Plays a response in real time: words appear as spoken, holds count down; typing interrupts. */
async function play(segments: Segment[], signal: AbortSignal, fast: boolean): Promise<void> {
  const tty = process.stdout.isTTY;
  for (const segment of segments) {
    if (signal.aborted) return;
    if (segment.kind === 'speech') {
      process.stdout.write(`Coach: ${segment.text}\n`);
      if (!fast) await sleep(segment.seconds * 1000, signal);
      continue;
    }
    if (fast) continue;
    const end = Date.now() + segment.seconds * 1000;
    while (!signal.aborted && Date.now() < end) {
      const left = Math.ceil((end - Date.now()) / 1000);
      if (tty) process.stdout.write(`\r  … ${left} s `);
      await sleep(Math.min(1000, end - Date.now()), signal);
    }
    if (tty) process.stdout.write('\r\x1b[K');
  }
}

async function main(): Promise<void> {
  const args = options();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  // --store DIR always means the file store there; otherwise STORE decides (files by default).
  const opened = await createStore(args.store ? { ...config, store: 'file', dataDir: args.store } : config);
  // The virtual clock of --fast runs ahead of real time: never write its future into the journal.
  const store = args.fast ? withoutFutureDates(opened) : opened;
  const simulator = new Simulator(new Conversation(store), { locale: resolveLocale(args.locale), userId: args.user!, fast: args.fast! });
  const lines = createInterface({ input: process.stdin, terminal: false });

  if (args.jsonl) {
    // In real time, a line waits until the previous response has played, or N seconds for "@N text".
    let playing = 0;
    for await (const input of lines) {
      const { at } = parseBargeIn(input);
      if (!args.fast) await sleep((at ?? playing) * 1000, new AbortController().signal);
      const result = await simulator.say(input);
      playing = result ? result.response.speech.seconds : 0;
      if (result) process.stdout.write(`${JSON.stringify(result.line)}\n`);
    }
    if (!args.fast) await sleep(playing * 1000, new AbortController().signal);
    await simulator.say('<end>');
    return;
  }

  process.stdout.write('Massage Coach simulator. Say something (for example "start neck release"); Ctrl-D quits.\n');
  let playing: AbortController | null = null;
  let queue = Promise.resolve();
  const handle = (input: string) => {
    playing?.abort(); // speaking over the coach stops playback, as on a speaker
    queue = queue.then(async () => {
      const result = await simulator.say(input.trim() === '' ? '<silence>' : input);
      if (!result) return;
      const current = new AbortController();
      playing = current;
      await play(result.response.speech.plan.segments, current.signal, args.fast!);
      if (!current.signal.aborted && result.line.endSession) process.stdout.write('(session ended: type anything to start again)\n');
      if (!current.signal.aborted) process.stdout.write('> ');
    });
  };
  process.stdout.write('> ');
  lines.on('line', handle);
  await new Promise<void>((resolve) => lines.on('close', resolve));
  await queue;
  await simulator.say('<end>');
}

main().catch((error: unknown) => {
  process.stderr.write(`massage coach: ${(error as Error).message}\n`);
  process.exit(1);
});
