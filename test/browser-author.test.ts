import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlanText } from '../src/plan/files';
import { previewPlan } from '../src/coach/plan-preview';
import { browserSuite, seriousViolations } from './helpers/browser';

/** The author's view in a real browser: a physiotherapist types a plan, sees its problems, then a valid result. */
const EXAMPLE = readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'), 'utf8');
const suite = browserSuite(Date.UTC(2026, 10, 30, 9, 0, 0));
jest.setTimeout(120_000);

describe('the author view, in the browser', () => {
  it('checks a plan as it is typed: a problem by field, then valid, then a download', async () => {
    const context = await suite.browser.newContext({ acceptDownloads: true, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`${suite.server.baseUrl}/author`);
    const state = page.locator('#check-state');
    // The starting plan (the guide's neck routine) is valid.
    await page.locator('#check-state[data-state="valid"]').waitFor();
    expect(await page.locator('#download-plan').isDisabled()).toBe(false);

    const editor = page.getByLabel('Plan (JSON)');
    await editor.fill('');
    // Typed, key by key: a plan whose second step holds the ball far too long.
    await editor.pressSequentially(EXAMPLE.replace('"seconds": 40', '"seconds": 400'), { delay: 0 });
    // (A check of a half-typed plan may answer first: wait for the one of the whole text.)
    await page.locator('#problems li', { hasText: 'dose.seconds' }).waitFor();
    expect(await state.innerText()).toBe('1 problem to fix:');
    expect(await page.locator('#problems').innerText()).toBe(
      'steps[1] (neck/compression).dose.seconds: 400 s is outside the safe range for trigger-point-compression: 30–60 s',
    );
    expect(await page.locator('#download-plan').isDisabled()).toBe(true);

    // Fixed: the extra zero goes.
    const at = EXAMPLE.replace('"seconds": 40', '"seconds": 400').indexOf('"seconds": 400') + '"seconds": 400'.length;
    await editor.evaluate((element: any, end: number) => element.setSelectionRange(end, end), at);
    await editor.press('Backspace');
    await page.locator('#check-state[data-state="valid"]').waitFor();
    expect(await state.innerText()).toBe('Valid: plan desk-neck, 4 steps, en-US, de-DE, 5 days a week.');
    expect(await page.locator('#problems li').count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download plan' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('desk-neck.json');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(EXAMPLE);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('previews the plan with its real length and plays what the coach says with the real timing', async () => {
    const context = await suite.browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.clock.install({ time: suite.clock.time });
    await page.goto(`${suite.server.baseUrl}/author?locale=de-DE`);
    const editor = page.getByLabel('Plan (JSON)');
    await editor.fill(EXAMPLE);
    await page.locator('#check-state[data-state="valid"]').waitFor();
    // The length the coach itself computes for this plan, in German.
    const checked = checkPlanText(EXAMPLE);
    if (!checked.ok) throw new Error('the example is valid');
    const expected = previewPlan(checked.plan, 'de-DE');
    expect(await page.locator('#preview-locale').inputValue()).toBe('de-DE');
    // From here the page's clock moves only when the test moves it.
    await page.clock.pauseAt(suite.clock.time + 60_000);
    await page.getByRole('button', { name: 'Vorschau', exact: true }).click();
    const minutes = Math.floor(expected.seconds / 60);
    const time = `${minutes}:${String(expected.seconds % 60).padStart(2, '0')}`;
    await page.locator('#preview-length', { hasText: time }).waitFor();
    expect(await page.locator('#preview-length').innerText()).toBe(
      `Echte Länge: ${expected.minutes} Min. (${time}), ${expected.lines.length} Zeilen.`,
    );
    expect(await page.locator('#preview-lines li').first().innerText()).toMatch(
      /^0:00 Coach: Die Einheit „Nacken und Brust für Bürotage“ dauert etwa \d+ Minuten\./,
    );

    // Played: a line appears when the coach says it, not before.
    await page.getByRole('button', { name: 'Im echten Takt abspielen' }).click();
    const lines = page.locator('#preview-lines li');
    const third = expected.lines[3]!;
    await page.clock.runFor(Math.floor(third.at * 1000) - 100);
    expect(await lines.count()).toBe(3);
    await page.clock.runFor(200);
    expect(await lines.count()).toBe(4);
    expect(await lines.nth(3).getAttribute('data-who')).toBe(third.who);
    // The person's "weiter" between steps comes at its time too.
    const answer = expected.lines.findIndex((line, index) => index > 3 && line.who === 'you');
    await page.clock.runFor(Math.ceil(expected.lines[answer]!.at * 1000) - Math.floor(third.at * 1000) + 100);
    expect(await lines.nth(answer).innerText()).toMatch(/^\d:\d\d Du: weiter$/);
    await page.clock.runFor((expected.seconds + 60) * 1000);
    expect(await lines.count()).toBe(expected.lines.length);
    // The clock runs to the end of the last line (the wrap-up's question), past the announced length.
    const last = expected.lines.at(-1)!;
    const end = Math.ceil(last.at + last.seconds);
    const ending = `${Math.floor(end / 60)}:${String(end % 60).padStart(2, '0')}`;
    expect(await page.locator('#preview-clock').innerText()).toBe(`${ending} / ${ending}`);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
