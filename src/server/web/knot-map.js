// @ts-check
// The knot map on the Progress view: the spots the person marked, per area, and how their tension
// went, drawn beside the weekly chart, with the same facts as a list (the drawing's text alternative).
import { t } from './strings.js';
import { svgElement } from './svg.js';

/**
 * A spot as POST /console/progress answers it (src/server/console-knots.ts): ids, numbers, dates.
 * @typedef {{ id: string, area: string, side: 'left' | 'right' | null, step: string, sessions: number,
 *   marked: number, first: number | null, latest: number | null,
 *   trend: 'better' | 'worse' | 'same' | 'too-few', from: number | null, to: number | null,
 *   since: string, last: string }} Spot
 */

/** A spot's name: its side (where it has one) and its step's title, in the page's language. @param {Spot} spot */
export function spotName(spot) {
  const step = t(`knotNames.steps.${spot.area}/${spot.step}`);
  return spot.side ? t('knots.spot', { side: t(`knotNames.sides.${spot.side}`), step }) : step;
}

/** What a spot's line says: its trend, or its sessions when too few to tell. @param {Spot} spot */
export function spotLine(spot) {
  const name = spotName(spot);
  if (spot.trend === 'too-few')
    return spot.latest === null
      ? t('knots.unrated', { spot: name, count: spot.sessions })
      : t('knots.tooFew', { spot: name, count: spot.sessions, level: spot.latest });
  return t(`knots.${spot.trend}`, { spot: name, from: spot.from, to: spot.to, count: spot.sessions });
}

/** The spots grouped by area, in the order they came (the guide's order of areas). @param {Spot[]} spots */
function byArea(spots) {
  /** @type {Map<string, Spot[]>} */
  const areas = new Map();
  for (const spot of spots) areas.set(spot.area, [...(areas.get(spot.area) ?? []), spot]);
  return areas;
}

/**
 * Each area a heading, each spot a line on 0–10: a ring where it started, a dot where it is now,
 * joined; the colour says the trend (a real change only: "better" or "worse"; else "same").
 * @param {Spot[]} spots
 */
function drawing(spots) {
  const [width, label, track, areaRow] = [320, 14, 22, 18];
  const areas = byArea(spots);
  const height = areas.size * areaRow + spots.length * (label + track) + 22;
  /** @param {number} value */
  const x = (value) => 8 + ((width - 40) * value) / 10;
  const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('knots.summary') });
  let y = 0;
  for (const [area, list] of areas) {
    y += areaRow;
    svg.append(svgElement('text', { class: 'knot-area', x: 0, y: y - 4 }, t(`knotNames.areas.${area}`)));
    for (const spot of list) {
      y += label;
      svg.append(svgElement('text', { x: 8, y: y - 3 }, spotName(spot)));
      const mid = y + track / 2;
      svg.append(svgElement('line', { class: 'knot-track', x1: x(0), x2: x(10), y1: mid, y2: mid }));
      const start = spot.from ?? spot.first;
      const end = spot.to ?? spot.latest;
      const kind = `knot ${spot.trend}`;
      if (start !== null && end !== null && start !== end)
        svg.append(svgElement('line', { class: `${kind} knot-change`, x1: x(start), x2: x(end), y1: mid, y2: mid }));
      if (start !== null && spot.trend !== 'too-few')
        svg.append(svgElement('circle', { class: `${kind} knot-from`, cx: x(start), cy: mid, r: 5 }));
      if (end !== null) {
        svg.append(svgElement('circle', { class: `${kind} knot-to`, cx: x(end), cy: mid, r: 5, 'data-spot': spot.id }));
        // The number on the far side from where it started, clear of the line.
        const leftward = start !== null && end < start;
        const anchor = { x: x(end) + (leftward ? -8 : 8), y: mid + 4, 'text-anchor': leftward ? 'end' : 'start' };
        svg.append(svgElement('text', anchor, String(end)));
      }
      y += track;
    }
  }
  // The scale's ends, and which mark is which: a ring where it started, a dot where it is now.
  const legend = height - 6;
  svg.append(svgElement('text', { class: 'legend', x: x(0) - 4, y: legend }, '0'));
  svg.append(svgElement('text', { class: 'legend', x: x(10) - 6, y: legend }, '10'));
  svg.append(svgElement('circle', { class: 'knot same knot-from key', cx: x(1.5), cy: legend - 4, r: 4 }));
  svg.append(svgElement('text', { class: 'legend', x: x(1.5) + 8, y: legend }, t('knots.then')));
  svg.append(svgElement('circle', { class: 'knot same knot-to key', cx: x(6.5), cy: legend - 4, r: 4 }));
  svg.append(svgElement('text', { class: 'legend', x: x(6.5) + 8, y: legend }, t('knots.now')));
  return svg;
}

/**
 * Draws the knot map into `chart` and lists it in `list`: every fact of the drawing is in the list,
 * so nothing is only seen (or only on hover).
 * @param {Spot[]} spots @param {HTMLElement} chart @param {HTMLElement} list
 */
export function showKnotMap(spots, chart, list) {
  list.replaceChildren();
  if (!spots.length) {
    chart.replaceChildren();
    const empty = document.createElement('li');
    empty.textContent = t('knots.none');
    list.append(empty);
    return;
  }
  chart.replaceChildren(drawing(spots));
  for (const [area, group] of byArea(spots)) {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = t(`knotNames.areas.${area}`);
    const lines = document.createElement('ul');
    for (const spot of group) {
      const line = document.createElement('li');
      line.textContent = spotLine(spot);
      line.dataset.trend = spot.trend;
      lines.append(line);
    }
    item.append(name, lines);
    list.append(item);
  }
}
