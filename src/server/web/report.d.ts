// Generated from report.js by scripts/web-declarations.ts: do not edit.
/** @param {string | null} cutShort */
export function reasonOf(cutShort: string | null): string | null;
/**
 * The report from a journal. Weeks run Monday to Sunday in the person's time zone, from the week
 * of the first session to the week that holds `journal.now`. The rest of an interrupted session
 * counts with its first part, as one session (as the spoken progress counts it).
 * @param {Journal} journal
 * @param {{ plan?: ReportPlan | null, offsetMinutes?: number }} [options] offsetMinutes: the
 *   person's time zone, minutes east of UTC (the page passes -new Date().getTimezoneOffset())
 * @returns {Report}
 */
export function buildReport(journal: Journal, options?: {
    plan?: ReportPlan | null;
    offsetMinutes?: number;
}): Report;
/**
 * The report as CSV: one row per session, the header in the person's language, CRLF line ends
 * (RFC 4180). Spreadsheets sum and chart it; the printed page summarises it.
 * @param {Report} report
 * @param {Translate} t
 */
export function reportCsv(report: Report, t: Translate): string;
/** The CSV's file name: the period it covers. @param {Report} report */
export function csvFileName(report: Report): string;
/**
 * Why a session ended early, as the report names it: the journal's reason, never its words.
 * Reasons a later journal may add ("time", "pain-eased") are named too; anything else is "other".
 */
export const CUT_SHORT_REASONS: {
    readonly stopped: "stopped";
    readonly silence: "silence";
    readonly time: "time";
    readonly 'pain-eased': "painEased";
    readonly 'red-flag': "safetyStop";
};
/**
 * One entry of what POST /console/journal answers (src/server/console-journal.ts), oldest first:
 * spot is a marked spot's id when the journal keeps one; cutShort the journal's reason
 * ("stopped", "silence", "red-flag"); ratings 0 to 10 or null; resumed marks the rest of an
 * interrupted session.
 */
export type JournalEntry = {
    date: string;
    routine: string;
    spot: string | null;
    stepsCompleted: number;
    totalSteps: number;
    completed: boolean;
    cutShort: string | null;
    ratingBefore: number | null;
    ratingAfter: number | null;
    resumed: boolean;
};
/**
 * A marked spot's tension in one session, from the knot map: spot is the spot's name in the locale.
 */
export type SpotTension = {
    date: string;
    routine: string;
    spot: string;
    ratingBefore: number | null;
    ratingAfter: number | null;
};
/**
 * What POST /console/journal answers: format "massage-coach-journal/1", the server's time, the
 * locale, the goal, each routine's name in the locale, the entries, and the marked spots'
 * tensions when the knot map has spots (then the spot table is made from them).
 */
export type Journal = {
    format: string;
    now: string;
    locale: string;
    goal: string;
    areas: Record<string, string>;
    entries: JournalEntry[];
    spots?: SpotTension[];
};
/**
 * A plan the person follows: its title and days per week.
 */
export type ReportPlan = {
    title: string;
    daysPerWeek: number;
    author?: string;
};
/**
 * A label in the person's language, as strings.js's t gives it.
 */
export type Translate = (key: string, params?: Record<string, unknown>) => string;
/**
 * A Monday-to-Sunday week: sessions, days with a session, against the plan's days when one is set.
 */
export type ReportWeek = {
    start: string;
    end: string;
    sessions: number;
    days: number;
    completed: number;
    target: number | null;
    met: boolean | null;
};
/**
 * Tension before and after (0 to 10) in one area, or one marked spot of it.
 */
export type ReportArea = {
    routine: string;
    name: string;
    spot: string | null;
    sessions: number;
    rated: number;
    before: number | null;
    after: number | null;
    change: number | null;
};
/**
 * A session ended early, and why (a reason key under report.reason).
 */
export type ReportCut = {
    date: string;
    routine: string;
    name: string;
    stepsCompleted: number;
    totalSteps: number;
    reason: string;
};
/**
 * One session, as a row of the CSV.
 */
export type ReportSession = {
    date: string;
    time: string;
    week: string;
    routine: string;
    name: string;
    spot: string | null;
    stepsCompleted: number;
    totalSteps: number;
    completed: boolean;
    resumed: boolean;
    reason: string | null;
    before: number | null;
    after: number | null;
};
/**
 * The whole report: the period (local dates), the plan, and its tables.
 */
export type Report = {
    from: string | null;
    to: string;
    plan: ReportPlan | null;
    weeks: ReportWeek[];
    areas: ReportArea[];
    spots: ReportArea[];
    cutShort: ReportCut[];
    sessions: ReportSession[];
    totals: {
        sessions: number;
        completed: number;
        cutShort: number;
    };
};
