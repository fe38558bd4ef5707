import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { resolveLocale, supportedLocales } from '../i18n';
import { Conversation } from '../runtime/conversation';
import { webText } from '../i18n/web-strings';
import { createStore } from '../store';
import { withoutFutureDates } from '../store/no-future-dates';
import { parseBargeIn, Simulator } from '../runtime/simulator';
import { play, PROMPT, sleep } from './playback';

const USAGE = `Usage: npm run chat -- [--fast] [--jsonl] [--locale en-US|de-DE] [--user ID] [--store DIR]

Talk to the coach in the terminal. Type what you would say; <launch>, <silence> and <end>
stand for a new session, no answer, and the platform closing the session.
  --fast     do not wait through holds in real time (journal dates stay real)
  --jsonl    read one utterance per line, write one JSON object per line; a line
             "@N text" is said N seconds into the previous response (a barge-in)
  --store    keep the journal and your place in DIR (default: DATA_DIR, else ./.data-chat,
             so the chat runs beside a server that holds ./.data)`;

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

const CHAT_DATA_DIR = './.data-chat';

async function main(): Promise<void> {
  const args = options();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  // --store DIR always means the file store there; otherwise STORE decides (files by default). A
  // file store is locked by one process, so without DATA_DIR the chat keeps its own folder and can
  // run beside `npm start` (which holds ./.data).
  const dataDir = args.store ?? (process.env.DATA_DIR ? config.dataDir : CHAT_DATA_DIR);
  const opened = await createStore(args.store ? { ...config, store: 'file', dataDir } : { ...config, dataDir });
  // The virtual clock of --fast runs ahead of real time: never write its future into the journal.
  const store = args.fast ? withoutFutureDates(opened) : opened;
  const locale = resolveLocale(args.locale);
  if (locale.split('-')[0] !== args.locale!.split(/[-_]/)[0]!.toLowerCase()) {
    process.stderr.write(`Unknown locale "${args.locale}": choose one of ${supportedLocales().join(', ')}.\n`);
    process.exit(2);
  }
  // The locale as given: en-GB speaks en-US words, but its emergency number is 999.
  const simulator = new Simulator(new Conversation(store), {
    locale: args.locale!,
    userId: args.user!,
    fast: args.fast!,
  });
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
    await store.close?.();
    return;
  }

  process.stdout.write(`${webText(locale, 'terminal.banner')}\n`);
  let playing: AbortController | null = null;
  let queue = Promise.resolve();
  const handle = (input: string) => {
    playing?.abort(); // speaking over the coach stops playback, as on a speaker
    queue = queue.then(async () => {
      const result = await simulator.say(input.trim() === '' ? '<silence>' : input);
      if (!result) return void process.stdout.write(PROMPT);
      const current = new AbortController();
      playing = current;
      await play(result.response.speech.plan, current.signal, {
        fast: args.fast!,
        out: process.stdout,
        prompt: PROMPT,
      });
      if (!current.signal.aborted && result.line.endSession)
        process.stdout.write(`\r\x1b[K${webText(locale, 'terminal.ended')}\n${PROMPT}`);
    });
  };
  // A speaker opens with the skill's welcome (and the resume offer): so does the simulator.
  handle('<launch>');
  lines.on('line', handle);
  await new Promise<void>((resolve) => lines.on('close', resolve));
  await queue;
  await simulator.say('<end>');
  await store.close?.(); // releases the folder's lock for the next run
}

main().catch((error: unknown) => {
  process.stderr.write(`massage coach: ${(error as Error).message}\n`);
  process.exit(1);
});
