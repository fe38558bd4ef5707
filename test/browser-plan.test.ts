import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Conversation } from '../src/runtime/conversation';
import { browserSuite, openCoach, seriousViolations } from './helpers/browser';

/**
 * My plan on the page: a physiotherapist's plan taken by file or by a same-origin link, checked
 * and kept in the person's profile, its link as a QR code, and a pairing code a voice channel links it by.
 */
const EXAMPLE_FILE = join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json');
const EXAMPLE = readFileSync(EXAMPLE_FILE, 'utf8');
const suite = browserSuite(Date.UTC(2026, 10, 30, 9, 0, 0));
jest.setTimeout(120_000);

const idOf = (page: import('playwright-core').Page) =>
  page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id') as string);

describe('my plan, in the browser', () => {
  it('takes a plan file, keeps it, and gives a code that links it on a voice channel', async () => {
    const coach = await openCoach(suite.browser, suite.server.baseUrl, suite.clock);
    const { page } = coach;
    const state = page.locator('#plan-state');
    expect(await state.innerText()).toMatch(/^No plan kept\./);

    // An unsafe plan is refused with its problem by field, and nothing is kept.
    await page.locator('#plan-file').setInputFiles({
      name: 'unsafe.json',
      mimeType: 'application/json',
      buffer: Buffer.from(EXAMPLE.replace('"seconds": 40', '"seconds": 400')),
    });
    await page.locator('#plan-state[data-state="invalid"]').waitFor();
    expect(await state.innerText()).toBe('Not kept: 1 problem in the plan.');
    expect(await page.locator('#plan-problems').innerText()).toBe(
      'steps[1] (neck/compression).dose.seconds: 400 s is outside the safe range for trigger-point-compression: 30–60 s',
    );
    expect(await page.locator('#plan-actions').isHidden()).toBe(true);

    await page.locator('#plan-file').setInputFiles(EXAMPLE_FILE);
    await page.locator('#plan-state[data-state="valid"]').waitFor();
    expect(await state.innerText()).toBe(
      'Kept: neck and chest for desk days, from Anna Weber. Say “start my plan” any time.',
    );
    const userId = `console:${await idOf(page)}`;
    expect((await suite.store.loadPlan!(userId))?.id).toBe('desk-neck');
    // A plan from a file has no link: no QR code.
    expect(await page.locator('#plan-qr').isHidden()).toBe(true);

    // The code for a speaker, said by another channel's user on the same store.
    await page.getByRole('button', { name: 'Code for a speaker' }).click();
    // The code comes from the server: wait for it (a loaded machine answers later than the click).
    await page.locator('#plan-code', { hasText: /the code is \d/ }).waitFor();
    const line = await page.locator('#plan-code').innerText();
    const digits = /the code is ((?:\d ){5}\d)/.exec(line)?.[1];
    expect(digits).toBeDefined();
    const turn = await new Conversation(suite.store).handle({
      userId: 'alexa:speaker',
      sessionId: 's',
      requestId: 'r',
      snapshot: null,
      event: { type: 'LINK_PLAN', code: digits!.replace(/ /g, '') },
      locale: 'de-DE',
      platform: 'alexa',
      now: suite.clock.time,
      newSession: true,
    });
    expect(turn.speech.text).toMatch(/^Verknüpft: Nacken und Brust für Bürotage, von Anna Weber\./);
    expect((await suite.store.loadPlan!('alexa:speaker'))?.id).toBe('desk-neck');

    // Kept across a reload; removed on request.
    await page.reload();
    await page.locator('#plan-state[data-state="valid"]').waitFor();
    await page.getByRole('button', { name: 'Remove plan' }).click();
    await page.locator('#plan-state[data-state="none"]').waitFor();
    expect(await suite.store.loadPlan!(userId)).toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
    await coach.context.close();
  });

  it('opens a plan by a same-origin link, shows its QR code, and refuses any other link', async () => {
    const coach = await openCoach(suite.browser, suite.server.baseUrl, suite.clock, {
      path: '/?plan=/plans/shoulders-chest.json&locale=de-DE',
    });
    const { page } = coach;
    await page.locator('#plan-state[data-state="valid"]').waitFor();
    expect(await page.locator('#plan-state').innerText()).toMatch(/^Gespeichert: .+, von Massage Coach\./);
    await page.locator('#plan-qr').waitFor();
    expect(await page.locator('#plan-link').innerText()).toBe(
      `${suite.server.baseUrl}/?plan=/plans/shoulders-chest.json`,
    );
    // The QR code is an image of this origin, an SVG without a style attribute.
    const image = await page.locator('#plan-qr-image').evaluate((element: any) => ({
      loaded: element.complete && element.naturalWidth > 0,
      src: element.getAttribute('src'),
    }));
    expect(image).toEqual({ loaded: true, src: '/plans/shoulders-chest.qr.svg' });
    const svg = await (await fetch(`${suite.server.baseUrl}/plans/shoulders-chest.qr.svg`)).text();
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/style/);

    for (const link of [
      'https://elsewhere.example/plan.json',
      '//elsewhere.example/plans/a.json',
      '/plans/../x.json',
    ]) {
      await page.goto(`${suite.server.baseUrl}/?plan=${encodeURIComponent(link)}`);
      await page.locator('#plan-state[data-state="invalid"]').waitFor();
      expect(await page.locator('#plan-state').innerText()).toMatch(/^That link was not opened: only a plan from/);
      // The plan kept before stays kept, ready to start.
      expect(await page.locator('#plan-actions').isVisible()).toBe(true);
    }
    await coach.context.close();
  });
});
