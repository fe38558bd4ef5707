import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserSuite, openCoach, seriousViolations, type CoachPage } from './helpers/browser';
import { parseCsv, symptomWordsIn, THREE_WEEKS_NOW, threeWeekJournal } from './helpers/report-journal';

/**
 * The report for a physiotherapist in a real browser (Debian's Chromium): three simulated weeks
 * seeded through the store, the sheet read as print media shows it, the CSV downloaded and read back.
 */
const suite = browserSuite(THREE_WEEKS_NOW);
jest.setTimeout(120_000);

/** A page in Berlin's time zone whose browser has the three weeks in its journal. */
async function seededCoach(path = '/'): Promise<CoachPage> {
  const context = await suite.browser.newContext({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
    timezoneId: 'Europe/Berlin',
    acceptDownloads: true,
  });
  const coach = await openCoach(suite.browser, suite.server.baseUrl, suite.clock, { path, context });
  const id = await coach.page.evaluate(() => (globalThis as any).localStorage.getItem('massage-coach.id'));
  for (const entry of threeWeekJournal({ spots: true })) await suite.store.appendJournal(`console:${id}`, entry);
  return coach;
}

/** A table's body cells, row by row. */
const cells = (coach: CoachPage, id: string) =>
  coach.page
    .locator(`#${id} tbody tr`)
    .evaluateAll((rows) => rows.map((row: any) => [...row.cells].map((cell: any) => cell.textContent.trim())));

describe('the report for a physiotherapist, in the browser', () => {
  it('opens from Progress as one printable sheet with the counts of three weeks, and no symptom text', async () => {
    const coach = await seededCoach();
    await coach.page.getByRole('button', { name: 'Progress' }).click();
    await coach.page.getByRole('button', { name: 'Report for my physio' }).click();
    await coach.page.locator('#report-weeks').waitFor();
    // Open, the sheet is what the keyboard reaches: the page under it is inert.
    expect(await coach.page.locator('#say').evaluate((form: any) => form.inert)).toBe(true);
    expect(await coach.page.evaluate(() => (globalThis as any).document.activeElement.id)).toBe('report-title');
    await coach.page.emulateMedia({ media: 'print' });
    // Printed, the sheet is all there is: no conversation, clock, buttons or input bar.
    expect(await coach.page.locator('#report').isVisible()).toBe(true);
    for (const selector of ['.layout', '#say', '.top', '.report-actions'])
      expect(await coach.page.locator(selector).isVisible()).toBe(false);
    const weeks = await cells(coach, 'report-weeks');
    expect(weeks.map((row) => row.slice(1))).toEqual([
      ['3', '3', '3'],
      ['2', '2', '1'],
      ['4', '4', '3'],
    ]);
    expect(weeks[0]![0]).toMatch(/^Nov 9, 2026 – Nov 15, 2026$/);
    expect(await cells(coach, 'report-areas')).toEqual([
      ['Calf and hamstring release', '3', '1', '5', '2', '-3'],
      ['Neck release', '6', '6', '5.5', '2.8', '-2.7'],
    ]);
    expect(await cells(coach, 'report-spots')).toEqual([
      ['Neck release', 'base-of-skull', '1', '1', '5', '3', '-2'],
      ['Neck release', 'upper-trapezius', '3', '3', '6', '3', '-3'],
    ]);
    expect(await cells(coach, 'report-cut')).toEqual([
      ['Nov 17, 2026', 'Neck release', '2 of 5', 'stopped early'],
      ['Nov 21, 2026', 'Calf and hamstring release', '1 of 5', 'safety stop'],
      ['Nov 26, 2026', 'Calf and hamstring release', '3 of 5', 'no answer, ended after a silence'],
    ]);
    const sheet = await coach.page.locator('#report').innerText();
    expect(sheet).toContain('9 sessions, 7 completed, 3 cut short');
    expect(sheet).toContain('No plan set');
    expect(symptomWordsIn(sheet, 'en-US')).toEqual([]);
    await coach.page.emulateMedia({ media: 'screen' });
    expect(await seriousViolations(coach.page)).toEqual([]);
    await coach.context.close();
  });

  it('downloads a CSV of every session that parses back, in German too, and opens when asked by voice', async () => {
    const coach = await seededCoach('/?locale=de-DE');
    await coach.page.getByRole('button', { name: 'Coaching starten' }).click();
    await coach.page.locator('#text').fill('mach einen Bericht für meine Physiotherapeutin');
    await coach.page.locator('#text').press('Enter');
    await coach.page.locator('#report-weeks').waitFor();
    expect(await coach.page.locator('#report-title').innerText()).toBe('Bericht zur Selbstmassage');
    const [download] = await Promise.all([
      coach.page.waitForEvent('download'),
      coach.page.getByRole('button', { name: 'CSV herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('massage-coach-report-2026-11-09-to-2026-11-29.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header!.slice(0, 4)).toEqual(['Datum', 'Uhrzeit', 'Woche (Montag)', 'Bereich']);
    expect(rows).toHaveLength(10);
    // Berlin time: 08:00 UTC is 09:00 there.
    expect(rows[0]!.slice(0, 3)).toEqual(['2026-11-09', '09:00', '2026-11-09']);
    expect(rows.map((row) => row[9]).filter(Boolean)).toEqual([
      'vorzeitig beendet',
      'Sicherheitsstopp',
      'keine Antwort, nach Stille beendet',
    ]);
    expect(symptomWordsIn(csv, 'de-DE')).toEqual([]);
    expect(symptomWordsIn(await coach.page.locator('#report').innerText(), 'de-DE')).toEqual([]);
    await coach.page.getByRole('button', { name: 'Bericht schließen' }).click();
    expect(await coach.page.locator('#report').isHidden()).toBe(true);
    expect(await coach.page.locator('#say').evaluate((form: any) => form.inert)).toBe(false);
    await coach.context.close();
  });

  it('counts the weeks against a plan file the person chooses, and refuses a file that is not a valid plan', async () => {
    const coach = await seededCoach();
    await coach.page.getByRole('button', { name: 'Progress' }).click();
    await coach.page.getByRole('button', { name: 'Report for my physio' }).click();
    await coach.page.locator('#report-weeks').waitFor();
    const example = readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'));
    await coach.page
      .locator('#report-plan-file')
      .setInputFiles({ name: 'plan-desk-neck.json', mimeType: 'application/json', buffer: example });
    await coach.page.getByText('Plan: neck and chest for desk days by Anna Weber, 5 days a week').waitFor();
    // Five days a week planned: three, two and four days done.
    expect((await cells(coach, 'report-weeks')).map((row) => row.slice(1))).toEqual([
      ['3', '3', '3', '5', 'no'],
      ['2', '2', '1', '5', 'no'],
      ['4', '4', '3', '5', 'no'],
    ]);
    const unsafe = example.toString().replace('"seconds": 40', '"seconds": 400');
    await coach.page
      .locator('#report-plan-file')
      .setInputFiles({ name: 'unsafe.json', mimeType: 'application/json', buffer: Buffer.from(unsafe) });
    await coach.page.locator('.report-refused').waitFor();
    expect(await coach.page.locator('.report-refused').innerText()).toMatch(
      /^That file is not a valid plan: steps\[1\] \(neck\/compression\)\.dose\.seconds: 400 s is outside/,
    );
    // The plan counted against stays the valid one, on this browser, for the next report too.
    await coach.page.reload();
    await coach.page.getByRole('button', { name: 'Progress' }).click();
    await coach.page.getByRole('button', { name: 'Report for my physio' }).click();
    await coach.page.getByText('Plan: neck and chest for desk days by Anna Weber, 5 days a week').waitFor();
    await coach.context.close();
  });
});
