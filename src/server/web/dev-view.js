// @ts-check
// The developer view: each turn's matched event, state and step, and what each platform would get.
import { $, t } from './strings.js';

/**
 * What /console/say adds for developers.
 * @typedef {{ event: unknown, state: string, routine: unknown, step: unknown, holdSeconds: unknown,
 *   endSession: unknown, ssml: string, alexa: unknown, dialogflowCx: unknown, dialogflowEs: unknown }} Inspect
 */

/**
 * Adds a turn on top, open; the earlier ones close. Thirty are kept.
 * @param {number} number
 * @param {string} input
 * @param {Inspect | null} inspect
 */
export function showTurn(number, input, inspect) {
  if (!inspect) return;
  $('dev-empty').hidden = true;
  const li = document.createElement('li');
  const details = document.createElement('details');
  details.open = true;
  const summary = document.createElement('summary');
  summary.textContent = t('dev.turn', { number, input });
  details.append(summary);
  const list = document.createElement('dl');
  /**
   * @param {string} label
   * @param {unknown} value
   * @param {boolean} [code]
   */
  const entry = (label, value, code) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    const content = document.createElement(code ? 'pre' : 'span');
    content.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    if (code) {
      // A long body scrolls: keyboard users reach it with Tab and scroll it with the arrows.
      content.tabIndex = 0;
      content.setAttribute('aria-label', label);
    }
    dd.append(content);
    list.append(dt, dd);
  };
  entry(t('dev.event'), JSON.stringify(inspect.event));
  entry(t('dev.state'), inspect.state);
  entry(
    t('dev.step'),
    JSON.stringify({
      routine: inspect.routine,
      step: inspect.step,
      holdSeconds: inspect.holdSeconds,
      endSession: inspect.endSession,
    }),
  );
  entry(t('dev.ssml'), inspect.ssml, true);
  entry(t('dev.alexa'), inspect.alexa, true);
  entry(t('dev.dialogflowCx'), inspect.dialogflowCx, true);
  entry(t('dev.dialogflowEs'), inspect.dialogflowEs, true);
  details.append(list);
  li.append(details);
  const turns = $('turns');
  for (const open of turns.querySelectorAll('details[open]')) /** @type {HTMLDetailsElement} */ (open).open = false;
  turns.prepend(li);
  while (turns.children.length > 30) turns.lastElementChild?.remove();
}
