// @ts-check
// The report on the page: asks POST /console/journal for this browser's own journal, builds the
// report with report.js, shows it as one printable sheet (print CSS hides the rest of the page;
// the browser's print saves a PDF) and offers the CSV as a download. Nothing leaves the browser.
import { $, locale, t } from './strings.js';
import { postJson, postPlain } from './api.js';
import { buildReport, csvFileName, reportCsv } from './report.js';

const PLAN_KEY = 'massage-coach.report-plan';

/** The plan last counted against on this browser (its title, days per week and author: no health data). */
function savedPlan() {
  try {
    const saved = JSON.parse(localStorage.getItem(PLAN_KEY) ?? 'null');
    return saved && typeof saved.title === 'string' && Number.isInteger(saved.daysPerWeek) ? saved : null;
  } catch {
    return null;
  }
}
/** @type {import('./report.js').ReportPlan | null} */
let plan = savedPlan();

/**
 * The plan the person follows: the weeks are counted against its days. Kept on this browser for
 * the next report. The page's plan loader calls it too.
 * @param {import('./report.js').ReportPlan | null} followed
 */
export function setReportPlan(followed) {
  plan = followed;
  try {
    if (followed) localStorage.setItem(PLAN_KEY, JSON.stringify(followed));
    else localStorage.removeItem(PLAN_KEY);
  } catch {
    /* storage blocked: this page only */
  }
}

/**
 * A plan file the person chooses on the sheet: checked as `npm run plan -- check` checks it, then
 * its title (in the page's language), days per week and author are what the report counts against.
 * @param {File} file
 * @returns {Promise<string | null>} why it was refused, or null
 */
async function usePlanFile(file) {
  const text = await file.text();
  const response = await postPlain('/plan/check', { text }).catch(() => null);
  /** @type {{ ok: boolean, problems?: Array<{ path: string, message: string }> } | null} */
  const check = response?.ok ? await response.json() : null;
  if (!check) return t('log.offline');
  if (!check.ok) return (check.problems ?? []).map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  /** @type {{ title: Record<string, string>, daysPerWeek: number, author: { name: string } }} */
  const written = JSON.parse(text);
  setReportPlan({
    title: written.title[locale] ?? Object.values(written.title)[0] ?? '',
    daysPerWeek: written.daysPerWeek,
    author: written.author.name,
  });
  return null;
}

/** @type {import('./report.js').Report | null} */
let current = null;

/** A local date (YYYY-MM-DD) in the person's words. @param {string} day */
const dateLabel = (day) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
/** @param {number | null} value */
const number = (value) => (value === null ? '–' : value.toLocaleString(locale));

/**
 * @param {string} tag
 * @param {string} [text]
 * @param {string} [className]
 */
function element(tag, text, className) {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className) made.className = className;
  return made;
}

/**
 * A table with a caption, header cells and rows of text (cells in `numeric` columns align right).
 * @param {string} caption
 * @param {string[]} headers
 * @param {string[][]} rows
 * @param {number[]} [numeric]
 * @param {string} [id]
 */
function table(caption, headers, rows, numeric = [], id = '') {
  const made = /** @type {HTMLTableElement} */ (element('table', undefined, 'report-table'));
  if (id) made.id = id;
  made.createCaption().textContent = caption;
  const head = made.createTHead().insertRow();
  headers.forEach((header, index) => {
    const cell = element('th', header, numeric.includes(index) ? 'num' : undefined);
    cell.setAttribute('scope', 'col');
    head.append(cell);
  });
  const body = made.createTBody();
  for (const row of rows) {
    const line = body.insertRow();
    row.forEach((text, index) => {
      const cell = line.insertCell();
      cell.textContent = text;
      if (numeric.includes(index)) cell.className = 'num';
    });
  }
  return made;
}

/** The sheet's content. @param {import('./report.js').Report} report */
function render(report) {
  const parts = [];
  if (report.from)
    parts.push(
      element('p', t('report.period', { from: dateLabel(report.from), to: dateLabel(report.to) }), 'report-period'),
    );
  parts.push(
    element(
      'p',
      report.plan
        ? t(report.plan.author ? 'report.planBy' : 'report.plan', {
            title: report.plan.title,
            author: report.plan.author,
            days: report.plan.daysPerWeek,
          })
        : t('report.noPlan'),
    ),
  );
  if (!report.sessions.length) {
    parts.push(element('p', t('report.empty')));
    return parts;
  }
  parts.push(
    element(
      'p',
      t('report.totals', {
        sessions: report.totals.sessions,
        completed: report.totals.completed,
        cut: report.totals.cutShort,
      }),
      'report-totals',
    ),
  );
  const planned = report.plan !== null;
  parts.push(
    table(
      t('report.weeks'),
      [
        t('report.week'),
        t('report.sessions'),
        t('report.days'),
        t('report.completedCol'),
        ...(planned ? [t('report.target'), t('report.met')] : []),
      ],
      report.weeks.map((week) => [
        `${dateLabel(week.start)} – ${dateLabel(week.end)}`,
        String(week.sessions),
        String(week.days),
        String(week.completed),
        ...(planned ? [String(week.target), t(week.met ? 'report.yes' : 'report.no')] : []),
      ]),
      [1, 2, 3, 4],
      'report-weeks',
    ),
  );
  const ratingHeaders = [
    t('report.sessions'),
    t('report.rated'),
    t('report.before'),
    t('report.after'),
    t('report.change'),
  ];
  /** @param {import('./report.js').ReportArea} area */
  const ratingCells = (area) => [
    String(area.sessions),
    String(area.rated),
    number(area.before),
    number(area.after),
    area.change === null ? '–' : `${area.change > 0 ? '+' : ''}${number(area.change)}`,
  ];
  parts.push(
    table(
      t('report.areas'),
      [t('report.area'), ...ratingHeaders],
      report.areas.map((area) => [area.name, ...ratingCells(area)]),
      [1, 2, 3, 4, 5],
      'report-areas',
    ),
  );
  if (report.spots.length)
    parts.push(
      table(
        t('report.spots'),
        [t('report.area'), t('report.spot'), ...ratingHeaders],
        report.spots.map((spot) => [spot.name, spot.spot ?? '', ...ratingCells(spot)]),
        [2, 3, 4, 5, 6],
        'report-spots',
      ),
    );
  parts.push(
    report.cutShort.length
      ? table(
          t('report.cutShort'),
          [t('report.date'), t('report.area'), t('report.steps'), t('report.reasonCol')],
          report.cutShort.map((cut) => [
            dateLabel(cut.date),
            cut.name,
            t('report.stepsOf', { done: cut.stepsCompleted, total: cut.totalSteps }),
            t(`report.reason.${cut.reason}`),
          ]),
          [],
          'report-cut',
        )
      : element('p', t('report.noneCut')),
  );
  return parts;
}

/** Fetches this browser's journal and opens the report over the page. */
export async function openReport() {
  const sheet = $('report');
  const body = $('report-body');
  let response;
  try {
    response = await postJson('/console/journal', { locale });
  } catch {
    response = null;
  }
  /** @type {import('./report.js').Journal & { error?: string }} */
  const journal = response
    ? await response.json().catch(() => ({ error: String(response?.status) }))
    : { error: t('log.offline') };
  if (!response?.ok || journal.error) {
    current = null;
    body.replaceChildren(element('p', t('report.failed', { reason: journal.error ?? response?.status })));
  } else {
    current = buildReport(journal, { plan, offsetMinutes: -new Date().getTimezoneOffset() });
    const made = element('p', t('report.made', { date: dateLabel(current.to) }), 'report-made');
    body.replaceChildren(...render(current), made);
  }
  $('report-csv').hidden = !current?.sessions.length;
  sheet.hidden = false;
  document.body.dataset.report = 'open';
  behindSheet(true);
  $('report-title').focus();
}

/** The page under the open sheet: out of reach of the keyboard and screen readers while it is open. @param {boolean} covered */
function behindSheet(covered) {
  for (const child of document.body.children)
    if (child instanceof HTMLElement && child.id !== 'report') child.inert = covered;
}

function closeReport() {
  $('report').hidden = true;
  delete document.body.dataset.report;
  behindSheet(false);
  $('show-report').focus();
}

function downloadCsv() {
  if (!current) return;
  // A byte-order mark first: spreadsheets then read the file as UTF-8 (umlauts, dashes).
  const blob = new Blob(['\uFEFF', reportCsv(current, t)], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = csvFileName(current);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The Report button in Progress, and the sheet's own buttons. */
export function initReport() {
  $('show-report').addEventListener('click', () => void openReport());
  $('report-print').addEventListener('click', () => window.print());
  $('report-csv').addEventListener('click', downloadCsv);
  $('report-close').addEventListener('click', closeReport);
  const planFile = $('report-plan-file', HTMLInputElement);
  $('report-choose-plan').addEventListener('click', () => planFile.click());
  planFile.addEventListener('change', async () => {
    const file = planFile.files?.[0];
    planFile.value = '';
    if (!file) return;
    const refused = await usePlanFile(file);
    await openReport();
    if (refused) $('report-body').prepend(element('p', t('report.planInvalid', { reason: refused }), 'report-refused'));
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !$('report').hidden) closeReport();
  });
}
