import { readFileSync } from 'node:fs';
import { Conversation } from '../src/runtime/conversation';
import type { PersistedCoach } from '../src/coach/turn';
import { browserSuite, openCoach } from './helpers/browser';

/**
 * Issue 22's proof: a plan written only in the author's view (typed here, in a browser) runs by
 * for a voice user in en-US and de-DE once linked by the page's code (LINK_PLAN, START_PLAN).
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
  it('is typed in /author, kept on the page, linked and started for a voice user in both languages', async () => {
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

    // 3. Linked to a voice user by the page's code and started, in each language, through the
    // runtime the voice channels share (the words for both events are U4's to add to the models).
    for (const [locale, linked, first] of [
      ['en-US', 'Linked: calves after running, from Jonas Berger.', /calves after running/],
      ['de-DE', 'Verknüpft: Waden nach dem Laufen, von Jonas Berger.', /Waden nach dem Laufen/],
    ] as const) {
      const before = await page.locator('#plan-code').innerText();
      await page.getByRole('button', { name: 'Code for a speaker' }).click();
      await page.waitForFunction(
        (shown) => (globalThis as any).document.getElementById('plan-code').textContent !== shown,
        before,
      );
      const code = /the code is ((?:\d ){5}\d)/.exec(await page.locator('#plan-code').innerText())![1]!;
      const voice = new Conversation(suite.store);
      const turn = (event: object, snapshot: PersistedCoach | null, requestId: string) =>
        voice.handle({
          userId: `alexa:${locale}`,
          sessionId: `s-${locale}`,
          requestId,
          snapshot,
          event,
          locale,
          platform: 'alexa',
          now: suite.clock.time,
          newSession: snapshot === null,
        });
      const launched = await turn({ type: 'LAUNCH' }, null, 'r0');
      const link = await turn({ type: 'LINK_PLAN', code: code.replace(/ /g, '') }, launched.snapshot, 'r1');
      expect(link.speech.text).toContain(linked);
      const started = await turn({ type: 'START_PLAN' }, link.snapshot, 'r2');
      expect(started.speech.text).toMatch(first);
      const ready = await turn({ type: 'YES' }, started.snapshot, 'r3');
      expect(ready.state).toBe('routine.wall-calf-stretch.active');
    }
    await coach.context.close();
  });
});
