// @ts-check
// The Progress view: sessions per week against the goal, the knot map, tension before and after, a summary.
// The browser's id travels in a POST body, never in a URL (URLs end up in logs and history).
import { $, locale, t } from './strings.js';
import { adoptCode, postJson } from './api.js';
import { showKnotMap } from './knot-map.js';
import { svgElement } from './svg.js';

/**
 * What POST /console/progress answers.
 * @typedef {{ start: string, sessions: number }} Week
 * @typedef {{ name: string, sessions: number, rated: number, before: number, after: number }} Area
 * @typedef {{ goal: { name: string, min: number, max: number }, weeks: Week[], areas: Area[],
 *   totalSessions: number, streakDays: number, spots: import('./knot-map.js').Spot[] }} Progress
 */

/** @param {string} iso */
function weekLabel(iso) {
  return new Date(iso).toLocaleDateString(locale, { day: 'numeric', month: 'short' });
}

/** Sessions per week as bars, the goal as a band. @param {Progress} progress */
function weeksChart(progress) {
  const [width, height, left, right, bottom, top] = [320, 160, 24, 18, 22, 8];
  const most = Math.max(progress.goal.max, ...progress.weeks.map((w) => w.sessions), 1);
  /** @param {number} value */
  const y = (value) => top + (height - top - bottom) * (1 - value / most);
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('progress.weeks') });
  svg.append(
    svgElement('rect', {
      class: 'goal',
      x: left,
      y: y(progress.goal.max),
      width: width - left,
      height: Math.max(2, y(progress.goal.min) - y(progress.goal.max)),
    }),
  );
  svg.append(
    svgElement('line', { class: 'goal-line', x1: left, x2: width, y1: y(progress.goal.min), y2: y(progress.goal.min) }),
  );
  svg.append(svgElement('line', { class: 'axis', x1: left, x2: width, y1: y(0), y2: y(0) }));
  svg.append(svgElement('text', { x: 0, y: y(progress.goal.min) + 4 }, String(progress.goal.min)));
  const slot = (width - left - right) / progress.weeks.length;
  progress.weeks.forEach((week, index) => {
    const x = left + index * slot + slot * 0.2;
    const bar = svgElement('rect', {
      class: week.sessions >= progress.goal.min ? 'bar met' : 'bar',
      x,
      y: y(week.sessions),
      width: slot * 0.6,
      height: Math.max(0, y(0) - y(week.sessions)),
      'data-sessions': week.sessions,
    });
    bar.append(svgElement('title', {}, t('progress.weekOf', { date: weekLabel(week.start), count: week.sessions })));
    svg.append(bar);
    if (week.sessions)
      svg.append(
        svgElement(
          'text',
          { x: x + slot * 0.3, y: y(week.sessions) - 2, 'text-anchor': 'middle' },
          String(week.sessions),
        ),
      );
    if (index % 2 === 1 || progress.weeks.length <= 4)
      svg.append(
        svgElement('text', { x: x + slot * 0.3, y: height - 6, 'text-anchor': 'middle' }, weekLabel(week.start)),
      );
  });
  return svg;
}

/** Average tension before and after, per area, as pairs of bars on 0–10. @param {Progress} progress */
function ratingsChart(progress) {
  const rated = progress.areas.filter((area) => area.rated > 0);
  const [row, width] = [48, 320];
  const height = Math.max(1, rated.length) * row + 22;
  /** @param {number} value */
  const x = (value) => ((width - 28) * value) / 10;
  const svg = svgElement('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': t('progress.ratings'),
  });
  rated.forEach((area, index) => {
    // The area's name on its own line: German names are long.
    svg.append(svgElement('text', { x: 0, y: index * row + 12 }, area.name));
    const top = index * row + 16;
    svg.append(svgElement('rect', { class: 'before', x: 0, y: top, width: x(area.before), height: 12 }));
    svg.append(svgElement('rect', { class: 'after', x: 0, y: top + 14, width: x(area.after), height: 12 }));
    svg.append(svgElement('text', { x: x(area.before) + 3, y: top + 10 }, String(area.before)));
    svg.append(svgElement('text', { x: x(area.after) + 3, y: top + 24 }, String(area.after)));
  });
  const legend = height - 6;
  svg.append(svgElement('rect', { class: 'before', x: 0, y: legend - 9, width: 10, height: 10 }));
  svg.append(svgElement('text', { class: 'legend', x: 14, y: legend }, t('progress.before')));
  svg.append(svgElement('rect', { class: 'after', x: 90, y: legend - 9, width: 10, height: 10 }));
  svg.append(svgElement('text', { class: 'legend', x: 104, y: legend }, t('progress.after')));
  return svg;
}

/** Fetches and draws the progress of this browser's user. */
export async function showProgress() {
  const response = await postJson('/console/progress', { locale });
  if (!response.ok) return;
  /** @type {Progress} */
  const progress = await response.json();
  $('goal-line').textContent =
    progress.goal.name === 'daily' ? t('progress.goalDaily') : t('progress.goal', progress.goal);
  $('weeks-chart').replaceChildren(weeksChart(progress));
  $('ratings-chart').replaceChildren(ratingsChart(progress));
  showKnotMap(progress.spots ?? [], $('knot-chart'), $('knot-list'));
  const list = $('progress-list');
  list.replaceChildren();
  /** @param {string} text */
  const item = (text) => {
    const li = document.createElement('li');
    li.textContent = text;
    list.append(li);
  };
  if (!progress.totalSessions) item(t('progress.none'));
  else
    item(
      t('progress.total', {
        sessions: t('progress.sessions', { count: progress.totalSessions }),
        streak: t('progress.streak', { count: progress.streakDays }),
      }),
    );
  for (const area of progress.areas) {
    item(
      area.rated
        ? t('progress.areaRating', { area: area.name, before: area.before, after: area.after, count: area.rated })
        : t('progress.notRated', { area: area.name, count: area.sessions }),
    );
  }
}

/** "On another device": a one-time code here, or a code from the other device taken on. */
export function initTransfer() {
  $('make-code').addEventListener('click', async () => {
    const response = await postJson('/console/transfer', {});
    if (!response.ok) return;
    /** @type {{ code: string }} */
    const { code } = await response.json();
    $('transfer-code').textContent = t('progress.codeShown', { code: `${code.slice(0, 4)}-${code.slice(4)}` });
  });
  $('use-code', HTMLFormElement).addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('code-input', HTMLInputElement);
    const worked = await adoptCode(input.value);
    $('transfer-code').textContent = worked ? t('progress.codeUsed') : t('progress.codeBad');
    if (worked) {
      input.value = '';
      void showProgress();
    }
  });
}
