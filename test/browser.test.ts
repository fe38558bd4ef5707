import type { Browser } from 'playwright-core';
import { loadCatalogue } from '../src/content/load';
import { translator } from '../src/i18n';
import { setLogSink } from '../src/log';
import { MemoryStore } from '../src/store/memory-store';
import {
  launchChromium,
  openCoach,
  seriousViolations,
  startWebServer,
  TestClock,
  type CoachPage,
} from './helpers/browser';

/**
 * The coach in a real browser (Debian's Chromium, headless), speech replaced by recorders, the
 * page's clock and the server's moved together by the test: a whole routine takes seconds.
 */
const neck = loadCatalogue().routines.get('neck')!;
const title = (locale: string, stepId: string) => {
  const words = translator(locale).t(`routine.neck.step.${stepId}.title`);
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const START = Date.UTC(2026, 10, 25, 9, 0, 0);
let browser: Browser;
let server: Awaited<ReturnType<typeof startWebServer>>;
let clock: TestClock;
const store = new MemoryStore();

beforeAll(async () => {
  setLogSink('silent');
  clock = new TestClock(START);
  server = await startWebServer({ store, clock });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (coach: CoachPage, selector: string) => coach.page.locator(selector).innerText();
const said = async (coach: CoachPage) => (await coach.spoken()).map((entry) => entry.text).join(' ');
const saidMatches = (coach: CoachPage, pattern: RegExp) => async () => pattern.test(await said(coach));

async function start(coach: CoachPage) {
  await coach.page.getByRole('button', { name: /Start coaching|Coaching starten/ }).click();
  await coach.until(async () => (await coach.page.locator('#mic-state').getAttribute('data-state')) === 'listening');
}

jest.setTimeout(120_000);

describe('the coach in a browser', () => {
  it('coaches a whole neck routine by voice, timing holds on the page clock with chimes and a wake lock', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock);
    await start(coach);
    await coach.until(saidMatches(coach, /Welcome to Massage Coach/));
    await coach.hear('start neck release');
    await coach.until(saidMatches(coach, /zero relaxed, ten very tense/));
    await coach.hear("it's a six");
    await coach.until(saidMatches(coach, /We'll compare at the end/));
    await coach.hear('ready');
    // The warm-up hold: the clock shows what is left of 30 seconds, with the step beside it.
    await coach.until(async () => (await text(coach, '#seconds')) === '30');
    expect(await text(coach, '#step-name')).toBe(title('en-US', neck.steps[0]!.id));
    expect(await text(coach, '#step-count')).toMatch(/Step 1 of 4/);
    await coach.advance(10_000);
    expect(Number(await text(coach, '#seconds'))).toBe(20);
    await coach.until(saidMatches(coach, /And release/));
    for (let index = 1; index < neck.steps.length; index += 1) {
      await coach.until(saidMatches(coach, /(Ready\?|when you're in position\.)$/));
      await coach.page.evaluate(() => ((globalThis as any).__spoken.length = 0));
      await coach.hear('next');
      await coach.until(async () =>
        (await text(coach, '#step-count')).includes(`Step ${index + 1} of ${neck.steps.length}`),
      );
      expect(await text(coach, '#step-name')).toBe(title('en-US', neck.steps[index]!.id));
    }
    await coach.until(saidMatches(coach, /How tense is it now: zero relaxed, ten very tense/));
    await coach.hear("it's a three");
    await coach.until(saidMatches(coach, /down from 6 to 3|down from six to three/));
    await coach.until(async () => (await text(coach, '#log')).includes('Session ended'));
    const chimes: string[] = await coach.page.evaluate(() => (globalThis as any).__chimes);
    expect(chimes.filter((kind) => kind === 'start').length).toBeGreaterThanOrEqual(4);
    expect(chimes.filter((kind) => kind === 'end').length).toBeGreaterThanOrEqual(4);
    expect(await coach.page.evaluate(() => (globalThis as any).__wakeLocks)).toEqual(['request', 'release']);
    expect((await coach.spoken()).every((entry) => entry.lang === 'en-US' && entry.voice === 'Recorder en')).toBe(true);
    expect(await coach.page.evaluate(() => (globalThis as any).__errors)).toEqual([]);
    // The browser's random id is the user: the journal has the session with both ratings.
    const id = await coach.page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'));
    expect(id).toMatch(/^[0-9a-f]{48}$/); // issued by the server: 32 random digits and 16 of their tag
    expect((await store.load(`console:${id}`)).journal).toEqual([
      expect.objectContaining({ routine: 'neck', completed: true, ratingBefore: 6, ratingAfter: 3 }),
    ]);
    await coach.context.close();
  });

  it('stops mid-hold when the user talks over the coach, and picks the hold up where it was', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock);
    await start(coach);
    await coach.hear('start neck release');
    await coach.until(saidMatches(coach, /say ready/));
    await coach.hear('ready');
    await coach.until(async () => (await text(coach, '#seconds')) === '30');
    await coach.advance(10_000);
    await coach.hear('wait');
    await coach.until(saidMatches(coach, /Paused/));
    // The clock stopped with the speech and shows what is left, marked paused; no chime marked an end.
    expect(await coach.page.locator('#clock').getAttribute('data-state')).toBe('paused');
    expect(await text(coach, '#seconds')).toBe('20');
    expect(await text(coach, '#clock-unit')).toMatch(/paused/i);
    expect(await coach.page.evaluate(() => (globalThis as any).__chimes)).toEqual(['start']);
    await coach.advance(30_000);
    await coach.hear('how much longer');
    await coach.until(saidMatches(coach, /About 20 seconds left on this one/));
    expect({
      state: await coach.page.locator('#clock').getAttribute('data-state'),
      left: await text(coach, '#seconds'),
    }).toEqual({ state: 'paused', left: '20' });
    await coach.hear('resume');
    await coach.until(async () => (await coach.page.locator('#clock').getAttribute('data-state')) === 'running');
    // Near 20 s: the page and the server each count from when the words before the hold ended.
    expect(Number(await text(coach, '#seconds'))).toBeGreaterThanOrEqual(19);
    expect(Number(await text(coach, '#seconds'))).toBeLessThanOrEqual(21);
    await coach.context.close();
  });

  it('remembers the browser across a reload: the same user, offered to resume where it stopped', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock);
    await start(coach);
    await coach.hear('start neck release');
    await coach.until(saidMatches(coach, /say ready/));
    await coach.hear('ready');
    await coach.until(saidMatches(coach, /(Ready\?|when you're in position\.)$/));
    await coach.hear('next');
    await coach.until(async () => (await text(coach, '#step-count')).includes('Step 2 of 4'));
    await coach.advance(12_000);
    const id = await coach.page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'));
    await coach.page.reload();
    await coach.page.evaluate(() => ((globalThis as any).__spoken.length = 0));
    expect(await coach.page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'))).toBe(id);
    await start(coach);
    await coach.until(
      saidMatches(coach, /Last time you stopped on the right side of the knuckle compression in neck release/),
    );
    await coach.hear('yes');
    await coach.until(async () => (await coach.page.locator('#clock').getAttribute('data-state')) === 'running');
    expect(await text(coach, '#step-name')).toBe(title('en-US', 'compression'));
    await coach.context.close();
  });

  it('speaks German with a German voice and German labels at /?locale=de-DE, and the picker switches back', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { path: '/?locale=de-DE' });
    expect(await coach.page.locator('html').getAttribute('lang')).toBe('de-DE');
    await start(coach);
    await coach.until(saidMatches(coach, /Willkommen/));
    await coach.hear('Nacken');
    await coach.until(saidMatches(coach, /bereit/));
    await coach.hear('bereit');
    await coach.until(async () => (await coach.page.locator('#clock').getAttribute('data-state')) === 'running');
    expect(await text(coach, '#step-count')).toMatch(/Schritt 1 von 4/);
    expect(await text(coach, '#step-name')).toBe(title('de-DE', 'warm-up'));
    expect(await text(coach, '#clock-unit')).toBe('Sekunden übrig');
    expect(await coach.page.getByRole('button', { name: 'Fortschritt' }).count()).toBe(1);
    expect(await coach.page.getByRole('button', { name: 'meine Hand kribbelt' }).count()).toBe(1);
    const spoken = await coach.spoken();
    expect(spoken.every((entry) => entry.lang === 'de-DE' && entry.voice === 'Recorder de')).toBe(true);
    await coach.page.getByLabel('Sprache').selectOption('en-US');
    await coach.page.waitForURL(/locale=en-US/);
    expect(await coach.page.locator('html').getAttribute('lang')).toBe('en-US');
    expect(await coach.page.getByRole('button', { name: 'Start coaching' }).count()).toBe(1);
    await coach.context.close();
  });

  it('keeps the clock and the text box on a phone screen however long the conversation gets', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: { width: 390, height: 844 } });
    await start(coach);
    await coach.hear('start neck release');
    await coach.until(saidMatches(coach, /say ready/));
    await coach.hear('ready');
    await coach.until(saidMatches(coach, /(Ready\?|when you're in position\.)$/));
    await coach.hear('next');
    await coach.until(async () => (await text(coach, '#step-count')).includes('Step 2 of 4'));
    await coach.hear('how much longer');
    await coach.until(saidMatches(coach, /seconds left on this one/));
    await coach.hear('say that again');
    await coach.advance(5_000);
    // The floor view hides the conversation; one tap shows it under a compact clock.
    expect(await coach.page.locator('#log').isVisible()).toBe(false);
    await coach.page.getByRole('button', { name: 'Conversation' }).click();
    await coach.page.locator('#show-dev').click(); // the developer view scrolls inside, never widens the page
    const inView = async (selector: string) => {
      const box = await coach.page.locator(selector).boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 844 && box.x >= 0 && box.x + box.width <= 390;
    };
    expect(await coach.page.evaluate(() => (globalThis as any).document.documentElement.scrollHeight)).toBeGreaterThan(
      844,
    );
    for (const scroll of [0, 100_000]) {
      await coach.page.evaluate((y) => (globalThis as any).scrollTo(0, y), scroll);
      expect({
        scroll,
        clock: await inView('#timer'),
        step: await inView('#step-name'),
        input: await inView('#text'),
        pause: await inView('#floor-pause'),
      }).toEqual({ scroll, clock: true, step: true, input: true, pause: true });
    }
    expect(
      await coach.page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await coach.context.close();
  });

  it('draws the journal in the Progress view and deletes it with the button', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock);
    const id = await coach.page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'));
    const day = 24 * 60 * 60 * 1000;
    const entries = [
      { days: 1, routine: 'neck', before: 7, after: 3 },
      { days: 2, routine: 'neck', before: 6, after: 4 },
      { days: 3, routine: 'calves-hamstrings', before: 5, after: 2 },
      { days: 10, routine: 'neck', before: 8, after: 5 },
    ];
    for (const [n, entry] of entries.entries()) {
      await store.appendJournal(`console:${id}`, {
        id: `seed-${n}`,
        date: new Date(clock.time - entry.days * day).toISOString(),
        routine: entry.routine,
        stepsCompleted: 4,
        totalSteps: 4,
        completed: true,
        cutShort: null,
        ratingBefore: entry.before,
        ratingAfter: entry.after,
        ratingsDuring: [],
      });
    }
    await coach.page.getByRole('button', { name: 'Progress' }).click();
    await coach.page.locator('#weeks-chart svg').waitFor();
    const bars = await coach.page
      .locator('#weeks-chart rect.bar')
      .evaluateAll((rects) => rects.map((rect: any) => Number(rect.getAttribute('data-sessions'))));
    expect(bars).toEqual([0, 0, 0, 0, 0, 0, 1, 3]);
    expect(await text(coach, '#goal-line')).toBe('Goal: 3 to 5 a week');
    expect(await coach.page.locator('#ratings-chart rect.before').count()).toBe(2 + 1); // two areas and the legend
    expect(await text(coach, '#progress-list')).toMatch(/Neck release: 7 before, 4 after \(3 rated\)/);
    expect(await text(coach, '#progress-list')).toMatch(/^4 sessions in all, streak \d+ days?$/m);
    // The browser's id goes in a POST body, never in a URL.
    expect(coach.progressCalls.length).toBeGreaterThan(0);
    for (const call of coach.progressCalls) {
      expect(call.method).toBe('POST');
      expect(call.url).not.toContain(id);
      expect(JSON.parse(call.body ?? '{}')).toMatchObject({ session: id });
    }
    coach.page.once('dialog', (dialog) => void dialog.accept());
    await coach.page.getByRole('button', { name: 'Delete my data' }).click();
    await coach.until(async () => (await text(coach, '#progress-list')).includes('No sessions yet'));
    expect(await store.load(`console:${id}`)).toEqual({
      resume: null,
      goal: 'maintenance',
      talk: 'full',
      sessions: 0,
      journal: [],
    });
    expect(await said(coach)).toMatch(/deleted/i);
    await coach.context.close();
  });

  it('works by tap and text where the browser cannot listen, and says so', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await context.addInitScript({
      content:
        'delete window.SpeechRecognition; delete window.webkitSpeechRecognition; Object.defineProperty(window, "SpeechRecognition", { value: undefined }); Object.defineProperty(window, "webkitSpeechRecognition", { value: undefined });',
    });
    const coach = await openCoach(browser, server.baseUrl, clock, { context });
    expect(await text(coach, '#mic-state')).toMatch(/cannot listen/);
    expect(await coach.page.locator('#mic-toggle').isVisible()).toBe(false);
    await coach.page.getByRole('button', { name: 'Neck release' }).click();
    await coach.until(saidMatches(coach, /say ready/));
    await coach.page.getByLabel('What you say').fill('ready');
    await coach.page.getByLabel('What you say').press('Enter');
    await coach.until(async () => (await text(coach, '#seconds')) === '30');
    // A red flag stands out from every other line, and stops the clock.
    await coach.page.getByRole('button', { name: 'my hand is tingling' }).click();
    await coach.until(async () => (await coach.page.locator('#log li.red-flag').count()) === 1);
    expect(await coach.page.locator('#log li.red-flag').innerText()).toMatch(
      /Stopped for safety[\s\S]*Stop now and ease off the pressure/i,
    );
    expect(await coach.page.locator('#clock').getAttribute('data-state')).toBe('idle');
    await context.close();
  });

  it('installs: the manifest, its icons and a service worker that caches the page shell', async () => {
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const page = await context.newPage();
    await page.goto(server.baseUrl);
    const manifest = await (await page.request.get(`${server.baseUrl}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ start_url: '/', display: 'standalone' });
    for (const icon of manifest.icons)
      expect((await page.request.get(`${server.baseUrl}${icon.src}`)).status()).toBe(200);
    const cached: string[] = await page.evaluate(async () => {
      const g = globalThis as any;
      await g.navigator.serviceWorker.ready;
      for (let i = 0; i < 50 && !(await g.caches.keys()).length; i += 1) await new Promise((r) => setTimeout(r, 100));
      const cache = await g.caches.open((await g.caches.keys())[0]);
      return (await cache.keys()).map((request: any) => new URL(request.url).pathname);
    });
    expect(cached).toEqual(
      expect.arrayContaining(['/', '/app.js', '/style.css', '/manifest.webmanifest', '/icons/icon-192.png']),
    );
    await context.close();
  });

  it('has no serious or critical accessibility issue (axe-core), with every panel open, under the production CSP', async () => {
    for (const path of ['/', '/?locale=de-DE']) {
      const coach = await openCoach(browser, server.baseUrl, clock, { viewport: { width: 390, height: 844 }, path });
      await start(coach);
      await coach.hear(path === '/' ? 'start neck release' : 'Nacken');
      await coach.until(saidMatches(coach, /say ready|sag bereit/));
      await coach.page.locator('#show-progress').click();
      await coach.page.locator('#show-dev').click();
      await coach.page.locator('#weeks-chart svg').waitFor();
      expect({ path, serious: await seriousViolations(coach.page) }).toEqual({ path, serious: [] });
      await coach.context.close();
    }
  });
});
