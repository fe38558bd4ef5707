import { parseBargeIn, type TranscriptLine } from '../../src/runtime/simulator';
import { setLogSink } from '../../src/log';
import { MemoryStore } from '../../src/store/memory-store';
import { alexaDevice, playbackMs, SKILL_ID } from './alexa-client';
import { testSigner } from './alexa-signing';
import { fakeDateOnly } from './clock';
import { simulator } from './simulator';
import { startServer } from './server';
import { runTranscript } from './transcript';

export type Send = (utterance: string) => Promise<TranscriptLine | null>;

/** Alexa on a fake clock: a line waits for the response to play, or speaks N s into it ("@N"). */
export function alexaSender(baseUrl: string, locale: string): Send {
  const device = alexaDevice(baseUrl, testSigner(), {
    locale,
    userId: `amzn1.ask.account.coach-${Math.random().toString(36).slice(2)}`,
  });
  let lastStart = Date.now();
  let lastEnd = Date.now();
  return async (raw) => {
    const { text, at } = parseBargeIn(raw);
    jest.setSystemTime(at !== undefined ? lastStart + at * 1000 : lastEnd);
    lastStart = Date.now();
    const line = await device.say(text);
    const body = device.last;
    lastEnd = lastStart + playbackMs(body);
    return line;
  };
}

/** Runs one script through the simulator and through Alexa over HTTP (signed requests, the real skill). */
export async function runOnBoth(script: string, locale: string, baseUrl: string, start: number) {
  await runTranscript(script, simulator({ locale, start }).send);
  fakeDateOnly();
  try {
    jest.setSystemTime(start);
    await runTranscript(script, alexaSender(baseUrl, locale));
  } finally {
    jest.useRealTimers();
  }
}

/** A server with the Alexa skill on a memory store, for the file's tests: its address once started. */
export function skillServer(): () => string {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    setLogSink('silent');
    server = await startServer({ store: new MemoryStore(), alexa: { skillId: SKILL_ID } });
  });
  afterAll(() => server.close());
  return () => server.baseUrl;
}
