import type { Browser } from 'playwright-core';
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
 * The coach from the floor: a phone (390×844) lying beside the person, read from two metres,
 * driven by voice, a tap or a headset button, honest when it cannot hear or speak.
 */
const PHONE = { width: 390, height: 844 };
let browser: Browser;
let server: Awaited<ReturnType<typeof startWebServer>>;
let clock: TestClock;
const store = new MemoryStore();

beforeAll(async () => {
  setLogSink('silent');
  clock = new TestClock(Date.UTC(2026, 10, 26, 9, 0, 0));
  server = await startWebServer({ store, clock });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
jest.setTimeout(120_000);

const text = (coach: CoachPage, selector: string) => coach.page.locator(selector).innerText();
const said = async (coach: CoachPage) => (await coach.spoken()).map((entry) => entry.text).join(' ');
const clockState = (coach: CoachPage) => coach.page.locator('#clock').getAttribute('data-state');
const inView = async (coach: CoachPage, selector: string) => {
  const box = await coach.page.locator(selector).boundingBox();
  return (
    box !== null && box.y >= 0 && box.y + box.height <= PHONE.height && box.x >= 0 && box.x + box.width <= PHONE.width
  );
};

/** Start, pick the neck routine and say ready: the warm-up hold runs. */
async function toHold(coach: CoachPage, words = { routine: 'start neck release', ready: 'ready' }) {
  await coach.page.locator('#start').click();
  await coach.until(async () => (await coach.page.locator('#mic-state').getAttribute('data-state')) === 'listening');
  await coach.hear(words.routine);
  await coach.until(async () => /say ready|sag bereit/i.test(await said(coach)));
  await coach.hear(words.ready);
  await coach.until(async () => (await clockState(coach)) === 'running');
}

describe('the coach from the floor, on a phone', () => {
  it('fills the screen with the clock mid-hold: big digits, the whole instruction, Pause and Next in reach', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: PHONE });
    await toHold(coach);
    await coach.advance(5_000);
    const digits = await coach.page.locator('#seconds').evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { fontSize: parseFloat((globalThis as any).getComputedStyle(element).fontSize), height: box.height };
    });
    expect(digits.fontSize).toBeGreaterThanOrEqual(96);
    expect(digits.height).toBeGreaterThanOrEqual(96);
    expect(Number(await text(coach, '#seconds'))).toBe(25);
    for (const selector of ['#timer', '#step-name', '#floor-pause', '#floor-next'])
      expect({ selector, inView: await inView(coach, selector) }).toEqual({ selector, inView: true });
    // The instruction is whole: nothing is clipped.
    const clipped = await coach.page
      .locator('#instruction')
      .evaluate((element) => element.scrollHeight > element.clientHeight + 1);
    expect(clipped).toBe(false);
    expect(
      await coach.page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(PHONE.width);

    // Pause by tap: the clock keeps the seconds left, marked paused; Resume restarts the hold.
    await coach.page.locator('#floor-pause').click();
    await coach.until(async () => /Paused/.test(await said(coach)));
    expect(await clockState(coach)).toBe('paused');
    expect(await text(coach, '#seconds')).toBe('25');
    expect(await text(coach, '#clock-unit')).toMatch(/paused/i);
    expect(await coach.page.locator('#floor-pause').innerText()).toBe('Resume');
    await coach.advance(20_000);
    expect(await text(coach, '#seconds')).toBe('25');
    await coach.page.locator('#floor-pause').click();
    await coach.until(async () => (await clockState(coach)) === 'running');
    expect(await coach.page.locator('#floor-pause').innerText()).toBe('Pause');

    // The conversation is one tap away.
    expect(await coach.page.locator('#log').isVisible()).toBe(false);
    await coach.page.getByRole('button', { name: 'Conversation' }).click();
    expect(await coach.page.locator('#log').isVisible()).toBe(true);
    // The platform event is words in the log, not the raw token.
    expect(await text(coach, '#log')).not.toContain('<launch>');
    await coach.context.close();
  });

  it('pauses, resumes and moves on from headset buttons (Media Session)', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: PHONE });
    await toHold(coach);
    const press = (action: string) => coach.page.evaluate((name) => (globalThis as any).__mediaActions[name](), action);
    await press('pause');
    await coach.until(async () => (await clockState(coach)) === 'paused');
    await press('play');
    await coach.until(async () => (await clockState(coach)) === 'running');
    await press('nexttrack');
    await coach.until(async () => (await text(coach, '#step-count')).includes('Step 2 of 4'));
    await coach.context.close();
  });

  it("shows and says that it can't hear (audio-capture), backs off, and gives up offering tap and text", async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: PHONE });
    await coach.page.evaluate(() => ((globalThis as any).__recognitionError = 'audio-capture'));
    await coach.page.locator('#start').click();
    for (let ms = 0; ms < 3_000; ms += 100) await coach.advance(100);
    const starts: number = await coach.page.evaluate(() => (globalThis as any).__recognitionStarts);
    expect(starts).toBeGreaterThanOrEqual(1);
    expect(starts).toBeLessThanOrEqual(5);
    expect(await text(coach, '#mic-state')).toMatch(/can't hear you|Listening stopped/);
    expect(await said(coach)).toMatch(/I can't hear you: no microphone is working/);
    await coach.advance(30_000);
    // Given up: no more starts, and the page says how to go on.
    const after: number = await coach.page.evaluate(() => (globalThis as any).__recognitionStarts);
    await coach.advance(30_000);
    expect(await coach.page.evaluate(() => (globalThis as any).__recognitionStarts)).toBe(after);
    expect(await text(coach, '#mic-state')).toMatch(/Listening stopped after repeated errors/);
    expect(await coach.page.locator('#mic-toggle').innerText()).toBe('Listen');
    // Tap and text still work.
    await coach.page.getByLabel('What you say').fill('start neck release');
    await coach.page.getByLabel('What you say').press('Enter');
    await coach.until(async () => /say ready/.test(await said(coach)));
    await coach.context.close();
  });

  it('says on screen that the browser has no voice; the chimes still mark the hold', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: PHONE });
    await coach.page.addInitScript({ content: 'window.speechSynthesis.getVoices = () => [];' });
    await coach.page.reload();
    await coach.advance(3_000);
    expect(await coach.page.locator('#no-voice').isVisible()).toBe(true);
    expect(await text(coach, '#no-voice')).toMatch(/no voice/);
    await toHold(coach);
    expect(await coach.page.evaluate(() => (globalThis as any).__chimes)).toEqual(['start']);
    await coach.context.close();
  });

  it("listens on the device where Chrome offers it, with the coach's phrases as hints, and says so", async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: PHONE });
    await coach.page.addInitScript({
      content: `window.SpeechRecognition.available = async (options) => (window.__asked = options, 'available');
        window.SpeechRecognition.prototype.phrases = [];
        window.SpeechRecognitionPhrase = class { constructor(phrase, boost) { this.phrase = phrase; this.boost = boost; } };`,
    });
    await coach.page.reload();
    await coach.advance(1_000);
    expect(await coach.page.evaluate(() => (globalThis as any).__asked)).toEqual({
      langs: ['en-US'],
      processLocally: true,
    });
    expect(await text(coach, '#mic-local')).toMatch(/Speech stays on this device/);
    await toHold(coach);
    const recognizer = await coach.page.evaluate(() => {
      const r = (globalThis as any).__recognition;
      return { local: r.processLocally, phrases: r.phrases.map((p: any) => p.phrase) };
    });
    expect(recognizer.local).toBe(true);
    expect(recognizer.phrases).toEqual(expect.arrayContaining(['wait', 'next', 'how much longer', 'neck release']));
    await coach.context.close();
  });

  it('opens at the top after a reload, with Start in view and clear of the clock', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: PHONE });
    await coach.page.evaluate(() => (globalThis as any).scrollTo(0, 100_000));
    await coach.page.reload();
    await coach.advance(1_000);
    const start = await coach.page.locator('#start').boundingBox();
    const stage = await coach.page.locator('.stage').boundingBox();
    expect(start && stage && start.y >= stage.y + stage.height && start.y + start.height <= PHONE.height).toBe(true);
    await coach.context.close();
  });

  it('counts in the right plural: "1 session in all"', async () => {
    const coach = await openCoach(browser, server.baseUrl, clock, { viewport: PHONE });
    const id = await coach.page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'));
    await store.appendJournal(`console:${id}`, {
      id: 'one',
      date: new Date(clock.time - 60 * 60 * 1000).toISOString(),
      routine: 'neck',
      stepsCompleted: 4,
      totalSteps: 4,
      completed: true,
      cutShort: null,
      ratingBefore: 6,
      ratingAfter: 3,
      ratingsDuring: [],
    });
    await coach.page.getByRole('button', { name: 'Progress' }).click();
    await coach.until(async () => (await text(coach, '#progress-list')).includes('in all'));
    expect(await text(coach, '#progress-list')).toMatch(/^1 session in all, streak 1 day$/m);
    await coach.context.close();
  });

  it('has no serious or critical accessibility issue mid-hold, light and dark, English and German', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [path, words] of [
        ['/', { routine: 'start neck release', ready: 'ready' }],
        ['/?locale=de-DE', { routine: 'Nacken', ready: 'bereit' }],
      ] as const) {
        const context = await browser.newContext({ viewport: PHONE, colorScheme, serviceWorkers: 'block' });
        const coach = await openCoach(browser, server.baseUrl, clock, { context, path });
        await toHold(coach, words);
        await coach.advance(3_000);
        const floor = await seriousViolations(coach.page);
        await coach.page.locator('#show-talk').click();
        await coach.page.locator('#show-dev').click();
        const talk = await seriousViolations(coach.page);
        expect({ colorScheme, path, floor, talk }).toEqual({ colorScheme, path, floor: [], talk: [] });
        await context.close();
      }
    }
  });
});
