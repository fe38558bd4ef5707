import { readFileSync } from 'node:fs';
import { browserSuite, openCoach } from './helpers/browser';
import { fakeDateOnly } from './helpers/clock';
import { startServer } from './helpers/server';
import { AlexaUnderstanding } from './helpers/virtual-alexa';

/**
 * Issue 22's proof: a plan written only in the author's view (typed here, in a browser), kept on
 * the coach's page, runs by voice through /alexa in en-US and de-DE once linked by the code the
 * page shows ("link my plan, the code is …", "start my plan"), said as words to the shipped models.
 */
const WRITTEN = {
  format: 'massage-coach-plan/1',
  id: 'evening-calves',
  author: { name: 'Jonas Berger', role: 'physiotherapist' },
  languages: ['en-US', 'de-DE'],
  title: { 'en-US': 'calves after running', 'de-DE': 'Waden nach dem Laufen' },
  daysPerWeek: 3,
  cautions: [],
  steps: [
    {
      id: 'wall-calf-stretch',
      technique: null,
      area: 'calves',
      equipment: ['hands'],
      setUpSeconds: 10,
      dose: { type: 'hold', seconds: 30, sides: ['right', 'left'] },
      text: {
        'en-US': {
          title: 'wall calf stretch',
          instruction: 'Hands on a wall, one foot back, heel down, and lean in until the calf stretches.',
          switch: 'Switch sides: the other foot back, heel down.',
        },
        'de-DE': {
          title: 'Wadendehnung an der Wand',
          instruction: 'Hände an die Wand, ein Fuß nach hinten, Ferse am Boden, und lehn dich vor, bis die Wade dehnt.',
          switch: 'Seitenwechsel: der andere Fuß nach hinten, Ferse am Boden.',
        },
      },
    },
    { from: { routine: 'calves-hamstrings', step: 'stretch-release' } },
  ],
};

const suite = browserSuite(Date.UTC(2026, 10, 30, 19, 0, 0));
jest.setTimeout(180_000);

describe('a plan written in the author view runs by voice', () => {
  it('is typed in /author, kept on the page, run there by voice, and linked and started on an Echo in both languages', async () => {
    // 1. Written only in the author's view: typed, checked, downloaded.
    const context = await suite.browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
    const author = await context.newPage();
    await author.goto(`${suite.server.baseUrl}/author`);
    const editor = author.getByLabel('Plan (JSON)');
    await editor.fill('');
    await editor.pressSequentially(JSON.stringify(WRITTEN, null, 2), { delay: 0 });
    await author.locator('#check-state[data-state="valid"]', { hasText: 'evening-calves' }).waitFor();
    const [download] = await Promise.all([
      author.waitForEvent('download'),
      author.getByRole('button', { name: 'Download plan' }).click(),
    ]);
    const downloaded = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(downloaded)).toEqual(WRITTEN);
    await context.close();

    // 2. The person keeps it on the coach's page.
    const coach = await openCoach(suite.browser, suite.server.baseUrl, suite.clock);
    const { page } = coach;
    await page.locator('#plan-file').setInputFiles({
      name: download.suggestedFilename(),
      mimeType: 'application/json',
      buffer: Buffer.from(downloaded),
    });
    await page.locator('#plan-state[data-state="valid"]').waitFor();

    // 3. It runs by voice on the page: "start my plan", a rating, "ready", and the plan's own first step is coached.
    const said = async () => ((await coach.spoken()) as Array<{ text: string }>).map((entry) => entry.text).join(' ');
    const saidMatches = (pattern: RegExp) => async () => pattern.test(await said());
    await page.getByRole('button', { name: /Start coaching/ }).click();
    await coach.until(async () => (await page.locator('#mic-state').getAttribute('data-state')) === 'listening');
    await coach.until(saidMatches(/Welcome to Massage Coach/));
    await coach.hear('start my plan');
    await coach.until(saidMatches(/calves after running/));
    await coach.hear("it's a six");
    await coach.until(saidMatches(/We'll compare at the end/));
    await coach.hear('ready');
    await coach.until(saidMatches(/Hands on a wall, one foot back, heel down/));
    await coach.until(saidMatches(/30 seconds, starting now/));
    await coach.hear('stop');

    // 4. Linked and started by voice on an Echo, in each language: spoken words, resolved by the
    // shipped interaction model (virtual-alexa), posted to /alexa of a server on the same store.
    const voiceServer = await startServer({ store: suite.store, alexa: { verify: false } });
    fakeDateOnly();
    try {
      for (const [locale, words, linked, first, hold] of [
        [
          'en-US',
          { link: 'link my plan the code is', start: 'start my plan', ready: 'ready' },
          'Linked: calves after running, from Jonas Berger.',
          /calves after running/,
          /Hands on a wall, one foot back/,
        ],
        [
          'de-DE',
          { link: 'verknüpfe meinen Plan mit Code', start: 'starte meinen Plan', ready: 'bereit' },
          'Verknüpft: Waden nach dem Laufen, von Jonas Berger.',
          /Waden nach dem Laufen/,
          /Hände an die Wand, ein Fuß nach hinten/,
        ],
      ] as const) {
        const before = await page.locator('#plan-code').innerText();
        await page.getByRole('button', { name: 'Code for a speaker' }).click();
        await page.waitForFunction(
          (shown) => (globalThis as any).document.getElementById('plan-code').textContent !== shown,
          before,
        );
        const code = /the code is ((?:\d ){5}\d)/.exec(await page.locator('#plan-code').innerText())![1]!;
        // The Echo hears the page's time: the code was issued on the page's clock.
        jest.setSystemTime(suite.clock.time);
        const echo = new AlexaUnderstanding(voiceServer.baseUrl, locale);
        await echo.open();
        // Alexa fills the number slot with the digits run together, as it hears "four seven one …".
        expect((await echo.talk(`${words.link} ${code.replace(/ /g, '')}`)).speech).toContain(linked);
        const started = await echo.talk(words.start);
        expect(started.speech).toMatch(first);
        expect((await echo.talk(words.ready)).speech).toMatch(hold);
      }
    } finally {
      jest.useRealTimers();
      await voiceServer.close();
      AlexaUnderstanding.releaseHttp();
    }
    await coach.context.close();
  });
});
