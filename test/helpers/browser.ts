import { existsSync } from 'node:fs';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/server/app';
import { Conversation } from '../../src/runtime/conversation';
import { setLogSink } from '../../src/log';
import { MemoryStore } from '../../src/store/memory-store';
import type { Store } from '../../src/store/types';
import { listen } from './server';

/** Debian's chromium package (.ci/run installs it when missing); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A test clock the server's turns run on; the page's clock is moved by the same amount. */
export class TestClock {
  constructor(public time: number) {}
  readonly now = () => this.time;
}

/** The real app, whose every response carries the production security headers: the page runs under that CSP. */
export async function startWebServer(options: { store?: Store; clock: TestClock }) {
  const store = options.store ?? new MemoryStore();
  return {
    store,
    ...(await listen(
      createApp({ conversation: new Conversation(store), env: {}, consoleOptions: { now: options.clock.now } }),
    )),
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
  });
}

/**
 * Replaces the browser's speech with recorders: every utterance the page speaks is kept (text,
 * language, voice) and ends after a time on the page's clock; recognition is a fake the test
 * makes "hear" words. Chimes, wake lock requests and console errors are recorded too.
 */
export const SPEECH_RECORDERS = () => {
  // Runs in the page: its globals, typed loosely (the test project has no DOM types).
  const w = globalThis as any;
  const window = w;
  const navigator = w.navigator;
  const { Event, EventTarget } = w;
  w.__spoken = [];
  w.__chimes = [];
  w.__wakeLocks = [];
  w.__errors = [];
  window.addEventListener('error', (event: any) => w.__errors.push(String(event.message)));
  window.addEventListener('coach:chime', (event: any) => w.__chimes.push(event.detail));
  const synth = {
    speaking: false,
    pending: false,
    paused: false,
    queue: [] as any[],
    onvoiceschanged: null,
    getVoices: () => [
      { name: 'Recorder en', lang: 'en-US', default: true, localService: true, voiceURI: 'rec-en' },
      { name: 'Recorder de', lang: 'de-DE', default: false, localService: true, voiceURI: 'rec-de' },
    ],
    addEventListener() {},
    removeEventListener() {},
    speak(utterance: any) {
      w.__spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice?.name ?? null });
      synth.speaking = true;
      // About as long as a voice would take, on the page's (test) clock.
      const words = String(utterance.text).split(/\s+/).length;
      const timer = setTimeout(() => {
        synth.queue = synth.queue.filter((item) => item !== entry);
        synth.speaking = synth.queue.length > 0;
        utterance.onend?.({});
      }, words * 350);
      const entry = { utterance, timer };
      synth.queue.push(entry);
    },
    cancel() {
      for (const { utterance, timer } of synth.queue) {
        clearTimeout(timer);
        utterance.onerror?.({ error: 'interrupted' });
      }
      synth.queue = [];
      synth.speaking = false;
    },
    pause() {},
    resume() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  class RecordedUtterance {
    lang = '';
    voice: unknown = null;
    rate = 1;
    pitch = 1;
    volume = 1;
    onend: any = null;
    onerror: any = null;
    constructor(public text: string) {}
  }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: RecordedUtterance, configurable: true });

  class FakeRecognition {
    lang = '';
    continuous = false;
    interimResults = false;
    maxAlternatives = 1;
    onresult: any = null;
    onend: any = null;
    onerror: any = null;
    started = false;
    constructor() {
      w.__recognition = this;
    }
    start() {
      if (this.started) throw new Error('InvalidStateError');
      this.started = true;
      w.__recognitionStarts = (w.__recognitionStarts ?? 0) + 1;
      // A test sets __recognitionError ('audio-capture', 'network'...): every start then fails as Chrome's does.
      const error = w.__recognitionError;
      if (error)
        setTimeout(() => {
          this.started = false;
          this.onerror?.({ error });
          this.onend?.({});
        }, 0);
    }
    stop() {
      this.started = false;
      setTimeout(() => this.onend?.({}), 0);
    }
    abort() {
      this.stop();
    }
  }
  Object.defineProperty(window, 'webkitSpeechRecognition', { value: FakeRecognition, configurable: true });
  Object.defineProperty(window, 'SpeechRecognition', { value: FakeRecognition, configurable: true });
  w.__hear = (text: string) => {
    const recognition = w.__recognition;
    if (!recognition?.started) return false;
    const alternative = { transcript: text, confidence: 0.9 };
    const result = Object.assign([alternative], { isFinal: true });
    recognition.onresult?.({ resultIndex: 0, results: [result] });
    return true;
  };
  // Headset buttons: the handlers the page gives the Media Session, for a test to press.
  w.__mediaActions = {};
  const mediaSession = navigator.mediaSession;
  if (mediaSession) {
    const setActionHandler = mediaSession.setActionHandler.bind(mediaSession);
    mediaSession.setActionHandler = (action: string, handler: unknown) => {
      w.__mediaActions[action] = handler;
      setActionHandler(action, handler);
    };
  }
  Object.defineProperty(navigator, 'wakeLock', {
    value: {
      request: async (type: string) => {
        const sentinel = new EventTarget() as any;
        sentinel.released = false;
        sentinel.type = type;
        sentinel.release = async () => {
          sentinel.released = true;
          w.__wakeLocks.push('release');
          sentinel.dispatchEvent(new Event('release'));
        };
        w.__wakeLocks.push('request');
        return sentinel;
      },
    },
    configurable: true,
  });
};

export interface CoachPage {
  context: BrowserContext;
  page: Page;
  /** Every progress request the page made: method, URL and body. */
  progressCalls: Array<{ method: string; url: string; body: string | null }>;
  /** Moves the page's clock and the server's together. */
  advance(ms: number): Promise<void>;
  /** Advances a second at a time until the page shows what the test waits for. */
  until(predicate: () => Promise<boolean>, limitMs?: number): Promise<void>;
  spoken(): Promise<Array<{ text: string; lang: string; voice: string | null }>>;
  hear(text: string): Promise<void>;
}

export async function openCoach(
  browser: Browser,
  baseUrl: string,
  clock: TestClock,
  options: { path?: string; viewport?: { width: number; height: number }; context?: BrowserContext } = {},
): Promise<CoachPage> {
  const context =
    options.context ??
    (await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, serviceWorkers: 'block' }));
  const page = await context.newPage();
  // (`__name`: what a TypeScript runner may wrap around functions it serialises.)
  await page.addInitScript({ content: `var __name = (f) => f; (${SPEECH_RECORDERS.toString()})();` });
  // The page's clock stops a second ahead and from then on moves only when the test moves it.
  await page.clock.install({ time: clock.time });
  clock.time += 1000;
  await page.clock.pauseAt(clock.time);
  const progressCalls: Array<{ method: string; url: string; body: string | null }> = [];
  // Recorded to check the page asks POST /console/progress with its id in the body, never in the URL.
  await page.route('**/console/progress*', async (route) => {
    const request = route.request();
    progressCalls.push({ method: request.method(), url: request.url(), body: request.postData() });
    return route.continue();
  });
  await page.goto(`${baseUrl}${options.path ?? '/'}`);
  // The page asks the server for its id at load; the tests read it from localStorage.
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (await page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'))) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const advance = async (ms: number) => {
    clock.time += ms;
    await page.clock.runFor(ms);
  };
  return {
    context,
    page,
    progressCalls,
    advance,
    async until(predicate, limitMs = 240_000) {
      for (let spent = 0; spent <= limitMs; spent += 1000) {
        if (await predicate()) return;
        await advance(1000);
      }
      const spoken = (await page.evaluate(() => (globalThis as any).__spoken)) as Array<{ text: string }>;
      const log = await page.locator('#log').innerText();
      throw new Error(
        `the page did not get there within ${limitMs / 1000} s of its clock; last spoken: ${spoken
          .slice(-4)
          .map((s) => s.text)
          .join(' | ')}; log ends: ${log.slice(-400)}`,
      );
    },
    spoken: () => page.evaluate(() => (globalThis as any).__spoken),
    async hear(text) {
      const heard = await page.evaluate((words) => (globalThis as any).__hear(words), text);
      if (!heard) throw new Error(`the page was not listening when "${text}" was said`);
    },
  };
}

/** axe-core's serious and critical findings on the page as it is now (the page's clock runs on its own: axe waits on timers). */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: unknown[] }>> {
  await page.clock.resume();
  await page.evaluate(axe.source);
  const violations: Array<{ id: string; impact: string; nodes: unknown[] }> = await page.evaluate(async () => {
    const results = await (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return results.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: any) => n.target),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * A browser test file's real server (on a test clock starting at `start`) and Chromium: started
 * before its tests and closed after them. Read `browser` and `server` inside tests only.
 */
export function browserSuite(start: number, store: Store = new MemoryStore()) {
  const suite = {
    store,
    clock: new TestClock(start),
    browser: null as unknown as Browser,
    server: null as unknown as Awaited<ReturnType<typeof startWebServer>>,
  };
  beforeAll(async () => {
    setLogSink('silent');
    suite.server = await startWebServer({ store, clock: suite.clock });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
