// @ts-check
// The report for a physiotherapist, made in the person's browser from their own journal: sessions
// per week (against the plan's days per week when a plan is set), tension before and after per
// area and per marked spot, and the sessions cut short with why. Pure: no DOM, no fetch, so the
// page and the tests build the same report. Only ids, dates, numbers and reasons: never what a
// person said about a symptom (the journal keeps none).

/**
 * One entry of what POST /console/journal answers (src/server/console-journal.ts), oldest first:
 * spot is a marked spot's id when the journal keeps one; cutShort the journal's reason
 * ("stopped", "silence", "red-flag"); ratings 0 to 10 or null; resumed marks the rest of an
 * interrupted session.
 * @typedef {{ date: string, routine: string, spot: string | null, stepsCompleted: number, totalSteps: number,
 *   completed: boolean, cutShort: string | null, ratingBefore: number | null, ratingAfter: number | null,
 *   resumed: boolean }} JournalEntry
 */
/**
 * A marked spot's tension in one session, from the knot map: spot is the spot's name in the locale.
 * @typedef {{ date: string, routine: string, spot: string, ratingBefore: number | null,
 *   ratingAfter: number | null }} SpotTension
 */
/**
 * What POST /console/journal answers: format "massage-coach-journal/1", the server's time, the
 * locale, the goal, each routine's name in the locale, the entries, and the marked spots'
 * tensions when the knot map has spots (then the spot table is made from them).
 * @typedef {{ format: string, now: string, locale: string, goal: string, areas: Record<string, string>,
 *   entries: JournalEntry[], spots?: SpotTension[] }} Journal
 */
/**
 * A plan the person follows: its title and days per week.
 * @typedef {{ title: string, daysPerWeek: number, author?: string }} ReportPlan
 */
/**
 * A label in the person's language, as strings.js's t gives it.
 * @typedef {(key: string, params?: Record<string, unknown>) => string} Translate
 */
/**
 * A Monday-to-Sunday week: sessions, days with a session, against the plan's days when one is set.
 * @typedef {{ start: string, end: string, sessions: number, days: number, completed: number,
 *   target: number | null, met: boolean | null }} ReportWeek
 */
/**
 * Tension before and after (0 to 10) in one area, or one marked spot of it.
 * @typedef {{ routine: string, name: string, spot: string | null, sessions: number, rated: number,
 *   before: number | null, after: number | null, change: number | null }} ReportArea
 */
/**
 * A session ended early, and why (a reason key under report.reason).
 * @typedef {{ date: string, routine: string, name: string, stepsCompleted: number, totalSteps: number,
 *   reason: string }} ReportCut
 */
/**
 * One session, as a row of the CSV.
 * @typedef {{ date: string, time: string, week: string, routine: string, name: string, spot: string | null,
 *   stepsCompleted: number, totalSteps: number, completed: boolean, resumed: boolean, reason: string | null,
 *   before: number | null, after: number | null }} ReportSession
 */
/**
 * The whole report: the period (local dates), the plan, and its tables.
 * @typedef {{ from: string | null, to: string, plan: ReportPlan | null, weeks: ReportWeek[], areas: ReportArea[],
 *   spots: ReportArea[], cutShort: ReportCut[], sessions: ReportSession[],
 *   totals: { sessions: number, completed: number, cutShort: number } }} Report
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Why a session ended early, as the report names it: the journal's reason, never its words.
 * Reasons a later journal may add ("time", "pain-eased") are named too; anything else is "other".
 */
export const CUT_SHORT_REASONS = /** @type {const} */ ({
  stopped: 'stopped',
  silence: 'silence',
  time: 'time',
  'pain-eased': 'painEased',
  'red-flag': 'safetyStop',
});

/** @param {string | null} cutShort */
export function reasonOf(cutShort) {
  if (!cutShort) return null;
  return /** @type {Record<string, string>} */ (CUT_SHORT_REASONS)[cutShort] ?? 'other';
}

/** The local calendar day of a time, as YYYY-MM-DD. @param {number} time @param {number} offsetMinutes */
function dayOf(time, offsetMinutes) {
  return new Date(time + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
/** The Monday of a local day's week. @param {string} day */
function mondayOf(day) {
  const time = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(time).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(time - weekday * DAY_MS).toISOString().slice(0, 10);
}
/** @param {string} day @param {number} days */
const addDays = (day, days) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** One decimal, or null for none. @param {number[]} values */
function average(values) {
  if (!values.length) return null;
  return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10;
}

/**
 * Tension before and after over the entries rated both times.
 * @param {Array<{ ratingBefore: number | null, ratingAfter: number | null, resumed?: boolean }>} entries
 * @param {string} routine @param {string} name @param {string | null} spot
 * @returns {ReportArea}
 */
function ratingsOf(entries, routine, name, spot) {
  const rated = entries.filter((entry) => entry.ratingBefore !== null && entry.ratingAfter !== null);
  const before = average(rated.map((entry) => /** @type {number} */ (entry.ratingBefore)));
  const after = average(rated.map((entry) => /** @type {number} */ (entry.ratingAfter)));
  return {
    routine,
    name,
    spot,
    sessions: entries.filter((entry) => !entry.resumed).length,
    rated: rated.length,
    before,
    after,
    change: before === null || after === null ? null : Math.round((after - before) * 10) / 10,
  };
}

/**
 * The report from a journal. Weeks run Monday to Sunday in the person's time zone, from the week
 * of the first session to the week that holds `journal.now`. The rest of an interrupted session
 * counts with its first part, as one session (as the spoken progress counts it).
 * @param {Journal} journal
 * @param {{ plan?: ReportPlan | null, offsetMinutes?: number }} [options] offsetMinutes: the
 *   person's time zone, minutes east of UTC (the page passes -new Date().getTimezoneOffset())
 * @returns {Report}
 */
export function buildReport(journal, options = {}) {
  const offset = options.offsetMinutes ?? 0;
  const plan = options.plan ?? null;
  const now = Date.parse(journal.now);
  const entries = journal.entries
    .filter((entry) => Number.isFinite(Date.parse(entry.date)) && Date.parse(entry.date) <= now)
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const nameOf = (/** @type {string} */ routine) => journal.areas[routine] ?? routine;
  const sessions = entries.map((entry) => {
    const local = new Date(Date.parse(entry.date) + offset * 60_000).toISOString();
    const date = local.slice(0, 10);
    return {
      date,
      time: local.slice(11, 16),
      week: mondayOf(date),
      routine: entry.routine,
      name: nameOf(entry.routine),
      spot: entry.spot,
      stepsCompleted: entry.stepsCompleted,
      totalSteps: entry.totalSteps,
      completed: entry.completed,
      resumed: entry.resumed,
      reason: reasonOf(entry.cutShort),
      before: entry.ratingBefore,
      after: entry.ratingAfter,
    };
  });
  const to = dayOf(now, offset);
  const from = sessions[0]?.date ?? null;
  /** @type {ReportWeek[]} */
  const weeks = [];
  if (from) {
    for (let start = mondayOf(from); start <= to; start = addDays(start, 7)) {
      const end = addDays(start, 6);
      const inWeek = sessions.filter((session) => session.week === start && !session.resumed);
      const days = new Set(inWeek.map((session) => session.date)).size;
      weeks.push({
        start,
        end,
        sessions: inWeek.length,
        days,
        completed: sessions.filter((session) => session.week === start && session.completed).length,
        target: plan ? plan.daysPerWeek : null,
        met: plan ? days >= plan.daysPerWeek : null,
      });
    }
  }
  const routines = [...new Set(entries.map((entry) => entry.routine))].sort((a, b) =>
    nameOf(a).localeCompare(nameOf(b), journal.locale),
  );
  const areas = routines.map((routine) =>
    ratingsOf(
      entries.filter((entry) => entry.routine === routine),
      routine,
      nameOf(routine),
      null,
    ),
  );
  // Per marked spot: from the knot map when it has spots, else from spots the journal keeps.
  /** @type {Array<{ routine: string, spot: string | null, ratingBefore: number | null, ratingAfter: number | null, resumed?: boolean }>} */
  const marked = journal.spots?.length ? journal.spots.filter((row) => row.date <= journal.now) : entries;
  const spots = [...new Set([...routines, ...marked.map((row) => row.routine)])].flatMap((routine) =>
    [...new Set(marked.filter((row) => row.routine === routine && row.spot).map((row) => row.spot))]
      .sort()
      .map((spot) =>
        ratingsOf(
          marked.filter((row) => row.routine === routine && row.spot === spot),
          routine,
          nameOf(routine),
          spot,
        ),
      ),
  );
  const cutShort = sessions
    .filter((session) => session.reason !== null)
    .map((session) => ({
      date: session.date,
      routine: session.routine,
      name: session.name,
      stepsCompleted: session.stepsCompleted,
      totalSteps: session.totalSteps,
      reason: /** @type {string} */ (session.reason),
    }));
  return {
    from,
    to,
    plan,
    weeks,
    areas,
    spots,
    cutShort,
    sessions,
    totals: {
      sessions: sessions.filter((session) => !session.resumed).length,
      completed: sessions.filter((session) => session.completed).length,
      cutShort: cutShort.length,
    },
  };
}

/** The CSV's columns, in order: a label key (report.csv.*) and the cell of a session. */
const COLUMNS = /** @type {Array<[string, (session: ReportSession, t: Translate) => string]>} */ ([
  ['date', (session) => session.date],
  ['time', (session) => session.time],
  ['week', (session) => session.week],
  ['area', (session) => session.name],
  ['spot', (session) => session.spot ?? ''],
  ['stepsDone', (session) => String(session.stepsCompleted)],
  ['stepsTotal', (session) => String(session.totalSteps)],
  ['completed', (session, t) => t(session.completed ? 'report.yes' : 'report.no')],
  ['resumed', (session, t) => t(session.resumed ? 'report.yes' : 'report.no')],
  ['cutShort', (session, t) => (session.reason ? t(`report.reason.${session.reason}`) : '')],
  ['before', (session) => (session.before === null ? '' : String(session.before))],
  ['after', (session) => (session.after === null ? '' : String(session.after))],
]);

/**
 * One cell as RFC 4180 writes it; a cell a spreadsheet would run as a formula starts with a quote mark.
 * @param {string} value
 */
function csvCell(value) {
  const safe = /^[=+@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The report as CSV: one row per session, the header in the person's language, CRLF line ends
 * (RFC 4180). Spreadsheets sum and chart it; the printed page summarises it.
 * @param {Report} report
 * @param {Translate} t
 */
export function reportCsv(report, t) {
  const rows = [
    COLUMNS.map(([key]) => t(`report.csv.${key}`)),
    ...report.sessions.map((session) => COLUMNS.map(([, cell]) => cell(session, t))),
  ];
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The CSV's file name: the period it covers. @param {Report} report */
export function csvFileName(report) {
  return `massage-coach-report-${report.from ?? report.to}-to-${report.to}.csv`;
}
