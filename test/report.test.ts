import { readFileSync } from 'node:fs';
import { setLogSink } from '../src/log';
import { journalBody, type JournalBody } from '../src/server/console-journal';
import { buildReport, reportCsv, type Translate } from '../src/server/web/report.js';
import { webStrings } from '../src/i18n/web-strings';
import { emptyUser } from '../src/store/types';
import { MemoryStore } from '../src/store/memory-store';
import { DECLARED_MODULES, webDeclaration } from '../scripts/web-declarations';
import { consoleClient } from './helpers/console-client';
import { postJson, startServer } from './helpers/server';
import { parseCsv, symptomWordsIn, THREE_WEEKS_NOW, threeWeekJournal } from './helpers/report-journal';

/**
 * The report for a physiotherapist: made from the journal the server hands the page, by the
 * page's own pure module (src/server/web/report.js), as the browser makes it.
 */

/** The page's t() over the same labels the page gets (plural forms are not used by the report). */
function translate(locale: string): Translate {
  const strings = webStrings(locale);
  return (key, params = {}) => {
    let node: unknown = strings;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (typeof node !== 'string') throw new Error(`no label ${key} in ${locale}`);
    return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
  };
}

const journal = (locale = 'en-US', spots = true): JournalBody =>
  journalBody({ ...emptyUser(), journal: threeWeekJournal({ spots }) }, THREE_WEEKS_NOW, locale);

describe('the report for a physiotherapist', () => {
  it('counts sessions and days per Monday-to-Sunday week against the plan, a resumed session once', () => {
    const report = buildReport(journal(), { plan: { title: 'Desk neck', daysPerWeek: 3 } });
    expect(report.from).toBe('2026-11-09');
    expect(report.to).toBe('2026-11-29');
    expect(report.weeks).toEqual([
      { start: '2026-11-09', end: '2026-11-15', sessions: 3, days: 3, completed: 3, target: 3, met: true },
      { start: '2026-11-16', end: '2026-11-22', sessions: 2, days: 2, completed: 1, target: 3, met: false },
      { start: '2026-11-23', end: '2026-11-29', sessions: 4, days: 4, completed: 3, target: 3, met: true },
    ]);
    expect(report.totals).toEqual({ sessions: 9, completed: 7, cutShort: 3 });
    // Without a plan: the counts alone.
    expect(buildReport(journal()).weeks.map((week) => [week.sessions, week.target, week.met])).toEqual([
      [3, null, null],
      [2, null, null],
      [4, null, null],
    ]);
  });

  it('averages tension before and after per area and per marked spot, over sessions rated both times', () => {
    const report = buildReport(journal());
    expect(report.areas).toEqual([
      {
        routine: 'calves-hamstrings',
        name: 'Calf and hamstring release',
        spot: null,
        sessions: 3,
        rated: 1,
        before: 5,
        after: 2,
        change: -3,
      },
      {
        routine: 'neck',
        name: 'Neck release',
        spot: null,
        sessions: 6,
        rated: 6,
        before: 5.5,
        after: 2.8,
        change: -2.7,
      },
    ]);
    expect(report.spots).toEqual([
      {
        routine: 'neck',
        name: 'Neck release',
        spot: 'base-of-skull',
        sessions: 1,
        rated: 1,
        before: 5,
        after: 3,
        change: -2,
      },
      {
        routine: 'neck',
        name: 'Neck release',
        spot: 'upper-trapezius',
        sessions: 3,
        rated: 3,
        before: 6,
        after: 3,
        change: -3,
      },
    ]);
    // A journal without spots has no spot table.
    expect(buildReport(journal('en-US', false)).spots).toEqual([]);
  });

  it("lists the sessions cut short with the date, the steps done and the journal's reason, never a symptom", () => {
    const report = buildReport(journal());
    expect(report.cutShort).toEqual([
      {
        date: '2026-11-17',
        routine: 'neck',
        name: 'Neck release',
        stepsCompleted: 2,
        totalSteps: 5,
        reason: 'stopped',
      },
      {
        date: '2026-11-21',
        routine: 'calves-hamstrings',
        name: 'Calf and hamstring release',
        stepsCompleted: 1,
        totalSteps: 5,
        reason: 'safetyStop',
      },
      {
        date: '2026-11-26',
        routine: 'calves-hamstrings',
        name: 'Calf and hamstring release',
        stepsCompleted: 3,
        totalSteps: 5,
        reason: 'silence',
      },
    ]);
  });

  it("dates sessions in the person's own time zone", () => {
    const late = { ...journal(), entries: [{ ...journal().entries[0]!, date: '2026-11-15T23:30:00.000Z' }] };
    expect(buildReport(late).weeks.map((week) => week.start)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    // In Berlin (UTC+1) that Sunday evening is Monday already: the first week is the 16th's.
    const berlin = buildReport(late, { offsetMinutes: 60 });
    expect(berlin.sessions[0]).toMatchObject({ date: '2026-11-16', time: '00:30', week: '2026-11-16' });
  });

  it.each(['en-US', 'de-DE'])(
    'writes a CSV (%s) that parses back to the same sessions, without symptom words',
    (locale) => {
      const t = translate(locale);
      const body = journal(locale);
      // A name with a comma and a quote, and one a spreadsheet would run as a formula: both come back as written.
      body.areas['neck'] = 'Neck, "upper"';
      body.areas['calves-hamstrings'] = '=calves';
      const report = buildReport(body);
      const csv = reportCsv(report, t);
      const [header, ...rows] = parseCsv(csv);
      expect(header).toEqual(
        [
          'date',
          'time',
          'week',
          'area',
          'spot',
          'stepsDone',
          'stepsTotal',
          'completed',
          'resumed',
          'cutShort',
          'before',
          'after',
        ].map((key) => t(`report.csv.${key}`)),
      );
      expect(rows).toHaveLength(10);
      const back = rows.map((row) => ({
        date: row[0],
        time: row[1],
        week: row[2],
        name: row[3],
        spot: row[4] || null,
        stepsCompleted: Number(row[5]),
        totalSteps: Number(row[6]),
        completed: row[7] === t('report.yes'),
        resumed: row[8] === t('report.yes'),
        reason: row[9] || null,
        before: row[10] ? Number(row[10]) : null,
        after: row[11] ? Number(row[11]) : null,
      }));
      expect(back).toEqual(
        report.sessions.map((session) => ({
          date: session.date,
          time: session.time,
          week: session.week,
          name: session.name === '=calves' ? "'=calves" : session.name,
          spot: session.spot,
          stepsCompleted: session.stepsCompleted,
          totalSteps: session.totalSteps,
          completed: session.completed,
          resumed: session.resumed,
          reason: session.reason ? t(`report.reason.${session.reason}`) : null,
          before: session.before,
          after: session.after,
        })),
      );
      expect(back.filter((row) => row.reason).map((row) => row.reason)).toEqual(
        ['stopped', 'safetyStop', 'silence'].map((reason) => t(`report.reason.${reason}`)),
      );
      expect(symptomWordsIn(csv, locale)).toEqual([]);
      // The check finds a symptom where there is one (a whole word, in either language).
      expect(symptomWordsIn(`${csv},${t('report.reason.safetyStop')} tingling Kribbeln`, locale)).not.toEqual([]);
    },
  );
});

describe('POST /console/journal', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const store = new MemoryStore();
  beforeAll(async () => {
    setLogSink('silent');
    server = await startServer({ store });
  });
  afterAll(() => server.close());
  const post = (body: unknown) => postJson(server.baseUrl, '/console/journal', body);
  /** As the page asks: its id in the body, the token for it in the header. */
  const asBrowser = (browser: string, locale?: string) =>
    consoleClient(server.baseUrl).post('/console/journal', { browser, ...(locale ? { locale } : {}) });

  it("answers the browser's own journal, ids, dates and numbers only, with the areas named in its language", async () => {
    const client = consoleClient(server.baseUrl);
    const userId = await client.userOf('report-browser-1');
    for (const entry of threeWeekJournal()) await store.appendJournal(userId, entry);
    const { status, body } = await client.post('/console/journal', { browser: 'report-browser-1', locale: 'de-DE' });
    expect(status).toBe(200);
    expect(body.format).toBe('massage-coach-journal/1');
    expect(body.locale).toBe('de-DE');
    expect(body.entries).toHaveLength(10);
    expect(body.areas['neck']).toMatch(/^Nacken/);
    expect(Object.keys(body.entries[0]!).sort()).toEqual(
      [
        'completed',
        'cutShort',
        'date',
        'ratingAfter',
        'ratingBefore',
        'resumed',
        'routine',
        'spot',
        'stepsCompleted',
        'totalSteps',
      ].sort(),
    );
    // Another browser sees its own (empty) journal; a request without the token sees nothing.
    expect((await asBrowser('report-browser-2')).body.entries).toEqual([]);
    const { session } = await client.identity('report-browser-1');
    expect((await post({ session })).status).toBe(403);
  });

  it('refuses a request without a valid browser id, with the reason', async () => {
    expect(await post({ locale: 'en-US' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^session /) },
    });
    expect(await post({ session: 'bad id!' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/8 to 64/) },
    });
  });
});

describe('the declarations of the page modules the tests import', () => {
  it.each(DECLARED_MODULES)('%s.d.ts is current (tsx scripts/web-declarations.ts rewrites it)', (module) => {
    const { path, text } = webDeclaration(module);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
