/**
 * Screenshots of the browser coach for the README: `npx tsx docs/screens/capture.ts`.
 * The same recorders and test clock as the browser tests, so the pictures are reproducible.
 */
import { join } from 'node:path';
import { MemoryStore } from '../../src/store/memory-store';
import { setLogSink } from '../../src/log';
import { launchChromium, openCoach, startWebServer, TestClock, type CoachPage } from '../../test/helpers/browser';

const OUT = __dirname;
const said = (coach: CoachPage, pattern: RegExp) => async () =>
  (await coach.spoken()).some((entry) => pattern.test(entry.text));

async function toHold(coach: CoachPage, words: { start: string; ready: string; next: string }) {
  await coach.page.locator('#start').click();
  await coach.hear(words.start);
  await coach.until(said(coach, /ready|bereit/));
  await coach.hear(words.ready);
  // The warm-up ends with the next step's set-up; the user says ready once in position.
  await coach.until(said(coach, /in position\.$|in Position bist\.$/));
  await coach.hear(words.next);
  await coach.until(async () => (await coach.page.locator('#clock').getAttribute('data-state')) === 'running');
  await coach.advance(14_000);
  await coach.page.waitForTimeout(800); // real time, for the ring's transition and smooth scrolling
}

async function main() {
  setLogSink('silent');
  const clock = new TestClock(Date.UTC(2026, 10, 25, 18, 0, 0));
  const store = new MemoryStore();
  const server = await startWebServer({ store, clock });
  const browser = await launchChromium();
  const en = { start: 'start neck release', ready: 'ready', next: 'ready' };
  try {
    const dark = await browser.newContext({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      serviceWorkers: 'block',
    });
    const first = await openCoach(browser, server.baseUrl, clock, { context: dark });
    await first.page.screenshot({ path: join(OUT, 'phone-first-load.png') });
    await first.context.close();

    // The floor view: light and dark, English and German, mid-hold and paused.
    const de = { start: 'Nacken', ready: 'bereit', next: 'bereit', wait: 'warte' };
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [language, words, path] of [
        ['en', { ...en, wait: 'wait' }, '/'],
        ['de', de, '/?locale=de-DE'],
      ] as const) {
        const context = await browser.newContext({
          viewport: { width: 390, height: 844 },
          colorScheme,
          serviceWorkers: 'block',
        });
        const phone = await openCoach(browser, server.baseUrl, clock, { context, path });
        await toHold(phone, { start: words.start, ready: words.ready, next: words.next });
        await phone.page.screenshot({ path: join(OUT, `phone-mid-hold-${language}-${colorScheme}.png`) });
        await phone.hear(words.wait);
        await phone.until(async () => (await phone.page.locator('#clock').getAttribute('data-state')) === 'paused');
        await phone.advance(3_000);
        await phone.page.screenshot({ path: join(OUT, `phone-paused-${language}-${colorScheme}.png`) });
        await phone.context.close();
      }
    }

    const desktop = await openCoach(browser, server.baseUrl, clock, { viewport: { width: 1280, height: 800 } });
    await toHold(desktop, en);
    await desktop.page.screenshot({ path: join(OUT, 'desktop-mid-hold.png') });
    await desktop.page.locator('#show-dev').click();
    await desktop.page.waitForTimeout(1200);
    await desktop.page.screenshot({ path: join(OUT, 'desktop-mid-hold-developer-view.png') });
    await desktop.context.close();

    const id = 'screenshot-browser-id';
    const day = 24 * 60 * 60 * 1000;
    const ratings = [
      [1, 'neck', 6, 3],
      [2, 'neck', 7, 4],
      [4, 'calves-hamstrings', 5, 2],
      [9, 'neck', 7, 5],
      [10, 'mid-lower-back', 6, 4],
      [12, 'neck', 8, 5],
      [17, 'calves-hamstrings', 6, 3],
      [23, 'neck', 8, 6],
      [26, 'neck', 7, 6],
    ] as const;
    for (const [n, [days, routine, before, after]] of ratings.entries()) {
      await store.appendJournal(`console:${id}`, {
        id: `shot-${n}`,
        date: new Date(clock.time - days * day).toISOString(),
        routine,
        stepsCompleted: 4,
        totalSteps: 4,
        completed: true,
        cutShort: null,
        ratingBefore: before,
        ratingAfter: after,
        ratingsDuring: [],
      });
    }
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    await context.addInitScript({ content: `localStorage.setItem('massage-coach.id', '${id}')` });
    const progress = await openCoach(browser, server.baseUrl, clock, { context, path: '/?locale=de-DE' });
    await progress.page.locator('#show-progress').click();
    await progress.page.locator('#ratings-chart svg').waitFor();
    await progress.advance(1000);
    await progress.page.waitForTimeout(1200);
    await progress.page.evaluate(() => (globalThis as any).scrollTo(0, 100_000));
    await progress.page.screenshot({ path: join(OUT, 'phone-progress-german.png') });
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

void main();
