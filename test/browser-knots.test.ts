import { markEntry, tensionEntry, type KnotEntry, type Spot } from '../src/coach/knots';
import { browserSuite, openCoach, seriousViolations, type CoachPage } from './helpers/browser';

/**
 * The knot map on the Progress view, in a real browser (Debian's Chromium): a map seeded through
 * the store, read as the person sees it, in both languages, by keyboard, and checked with axe.
 */
const NOW = Date.UTC(2026, 10, 25, 9, 0, 0);
const suite = browserSuite(NOW);
jest.setTimeout(120_000);

const DAY = 24 * 60 * 60 * 1000;
const neckRight: Spot = { area: 'neck', side: 'right', step: 'compression' };
const neckLeft: Spot = { area: 'neck', side: 'left', step: 'compression' };
const shoulderLeft: Spot = { area: 'shoulders', side: 'left', step: 'wall-release' };
const calfRight: Spot = { area: 'calves', side: 'right', step: 'foam-roller' };

/** A spot marked in one session per tension given, a day apart, the latest yesterday. */
function visits(spot: Spot, tensions: Array<number | null>, tag: string): KnotEntry[] {
  return tensions.flatMap((before, n) => {
    const at = { date: new Date(NOW - (tensions.length - n) * DAY).toISOString(), session: `${tag}-${n}` };
    return [
      markEntry(spot, { ...at, id: `${tag}-mark-${n}` }),
      ...(before === null ? [] : [tensionEntry(spot, { before }, { ...at, id: `${tag}-tension-${n}` })]),
    ];
  });
}

const seededMap: KnotEntry[] = [
  // 7, 6, 4, 3: the first two average 6.5, the last two 3.5, 3 points and 46% down: a real change.
  ...visits(neckRight, [7, 6, 4, 3], 'nr'),
  // 5, 5, 4: one point down is no real change.
  ...visits(neckLeft, [5, 5, 4], 'nl'),
  // 3, 4, 6: up by 3 points and 100%: worse.
  ...visits(shoulderLeft, [3, 4, 6], 'sl'),
  // One session: too few to tell.
  ...visits(calfRight, [6], 'cr'),
  // Dated after the server's clock: never shown.
  markEntry(
    { area: 'glutes', side: 'left', step: 'ball-release' },
    {
      id: 'future',
      date: new Date(NOW + 5 * DAY).toISOString(),
      session: 'future',
    },
  ),
];

async function seededCoach(options: { path?: string; viewport?: { width: number; height: number } } = {}) {
  const coach = await openCoach(suite.browser, suite.server.baseUrl, suite.clock, options);
  const id: string = await coach.page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'));
  for (const entry of seededMap) await suite.store.appendKnot!(`console:${id}`, entry);
  return { coach, id };
}

const listText = (coach: CoachPage) => coach.page.locator('#knot-list').innerText();

/** Opens Progress and waits for the knot map's answer; resolves with the spots the server sent. */
async function openProgress(coach: CoachPage, button: string): Promise<Array<Record<string, unknown>>> {
  const answer = coach.page.waitForResponse((response) => response.url().endsWith('/console/progress'));
  await coach.page.getByRole('button', { name: button }).click();
  const body = await (await answer).json();
  await coach.page.locator('#knot-list li').first().waitFor();
  return body.spots;
}

describe('the knot map on the Progress view', () => {
  it('shows each marked spot by area with its trend, a real change only where there is one', async () => {
    const { coach } = await seededCoach();
    const spots = await openProgress(coach, 'Progress');
    const text = await listText(coach);
    // Areas head to foot as the guide orders them, each spot under its area.
    expect(text.split('\n')).toEqual([
      'Neck release',
      'Left side, Knuckle compression: about the same over 3 sessions (5, then 4)',
      'Right side, Knuckle compression: from 6.5 to 3.5 over 4 sessions, a real change for the better',
      'Shoulder and chest release',
      'Left side, Tennis ball wall release: from 3 to 6 over 3 sessions, more tense',
      'Calf and hamstring release',
      'Right side, Foam roller calves: at 6, 1 session so far, too few to tell a trend',
    ]);
    expect(text).not.toMatch(/glute|Ball release/i);
    // Drawn: a dot where each spot is now, coloured by its trend; a ring where it started, where there is a trend.
    const dots = await coach.page
      .locator('#knot-chart circle.knot-to:not(.key)')
      .evaluateAll((circles) => circles.map((circle: any) => [circle.dataset.spot, circle.getAttribute('class')]));
    expect(dots).toEqual([
      ['neck/left/compression', 'knot same knot-to'],
      ['neck/right/compression', 'knot better knot-to'],
      ['shoulders/left/wall-release', 'knot worse knot-to'],
      ['calves/right/foam-roller', 'knot too-few knot-to'],
    ]);
    expect(await coach.page.locator('#knot-chart circle.knot-from:not(.key)').count()).toBe(3);
    expect(await coach.page.locator('#knot-chart svg').getAttribute('aria-label')).toMatch(/marked spots by area/);
    // The answer carries ids, sides, step ids, numbers and dates: no words.
    expect(spots[1]).toEqual({
      id: 'neck/right/compression',
      area: 'neck',
      side: 'right',
      step: 'compression',
      sessions: 4,
      marked: 4,
      first: 7,
      latest: 3,
      trend: 'better',
      from: 6.5,
      to: 3.5,
      since: new Date(NOW - 4 * DAY).toISOString(),
      last: new Date(NOW - DAY).toISOString(),
    });
    for (const spot of spots)
      for (const value of Object.values(spot))
        expect(String(value)).toMatch(/^([a-z-]+(\/[a-z-]+){0,2}|\d+(\.\d)?|null|\d{4}-\d\d-\d\dT[\d:.]+Z)$/);
    await coach.context.close();
  });

  it('sits beside the weekly chart on a wide screen and under it on a phone', async () => {
    for (const [width, beside] of [
      [1280, true],
      [390, false],
    ] as const) {
      const { coach } = await seededCoach({ viewport: { width, height: 900 } });
      await openProgress(coach, 'Progress');
      const weeks = (await coach.page.locator('#weeks-chart').boundingBox())!;
      const knots = (await coach.page.locator('#knot-chart').boundingBox())!;
      expect({ width, beside: knots.x >= weeks.x + weeks.width && Math.abs(knots.y - weeks.y) < 120 }).toEqual({
        width,
        beside,
      });
      await coach.context.close();
    }
  });

  it('speaks German on the German page', async () => {
    const { coach } = await seededCoach({ path: '/?locale=de-DE' });
    await openProgress(coach, 'Fortschritt');
    expect(await coach.page.locator('#knots-title').innerText()).toBe('Knotenkarte');
    const text = await listText(coach);
    expect(text).toMatch(
      /Rechte Seite, Druck mit dem Knöchel: von 6\.5 auf 3\.5 in 4 Einheiten, eine echte Verbesserung/,
    );
    expect(text).toMatch(/erst 1 Einheit, zu wenig für einen Trend/);
    await coach.context.close();
  });

  it('is reached by keyboard alone, and has no serious accessibility issue in either language', async () => {
    for (const path of ['/', '/?locale=de-DE']) {
      const { coach } = await seededCoach({ path, viewport: { width: 390, height: 844 } });
      let focused = '';
      for (let presses = 0; presses < 40 && focused !== 'show-progress'; presses += 1) {
        await coach.page.keyboard.press('Tab');
        focused = await coach.page.evaluate(() => (globalThis as any).document.activeElement?.id ?? '');
      }
      expect(focused).toBe('show-progress');
      await coach.page.keyboard.press('Enter');
      await coach.page.locator('#knot-list li li').first().waitFor();
      expect(await coach.page.locator('#knot-list li li').count()).toBe(4);
      expect({ path, serious: await seriousViolations(coach.page) }).toEqual({ path, serious: [] });
      await coach.context.close();
    }
  });

  it('says how to start one when there is no spot yet', async () => {
    const coach = await openCoach(suite.browser, suite.server.baseUrl, suite.clock);
    await openProgress(coach, 'Progress');
    expect(await listText(coach)).toMatch(/No spots yet\. During a hold, say "that's the spot"/);
    expect(await coach.page.locator('#knot-chart svg').count()).toBe(0);
    await coach.context.close();
  });
});
