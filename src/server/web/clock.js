// @ts-check
// The hold clock: seconds left in big digits and a ring, the step it belongs to, and a paused
// state that keeps the seconds left on show.
import { $, t } from './strings.js';
import { chime } from './speech-out.js';

/**
 * The step on screen, as the server sends it with each turn.
 * @typedef {{ routine: string, step: string, instruction: string, side: string | null,
 *   stepIndex: number, stepCount: number, holdSeconds: number | null }} StepView
 */

const clock = {
  /** @type {'idle' | 'running' | 'paused'} */
  state: 'idle',
  startedAt: 0,
  /** The hold's whole length in seconds. */
  seconds: 0,
  /** Seconds left when the hold stopped (shown while paused). */
  left: 0,
  /** @type {ReturnType<typeof setInterval> | null} */
  timer: null,
  announced: /** @type {Set<number>} */ (new Set()),
};

/** @param {StepView | null} view */
export function setView(view) {
  $('step-name').textContent = view ? view.step : '';
  $('step-side').textContent = view?.side ?? '';
  $('step-count').textContent = view
    ? `${view.routine} · ${t('clock.stepOf', { index: view.stepIndex + 1, count: view.stepCount })}`
    : '';
  $('instruction').textContent = view ? view.instruction : '';
  // The floor view: a routine on screen makes the clock the page (see style.css).
  document.body.dataset.routine = view ? 'on' : 'off';
}

/** Said by screen readers (the clock itself is not a live region: it changes four times a second). @param {string} text */
export function announce(text) {
  $('announce').textContent = text;
}

/** Seconds left in the running hold, or the paused one. */
export function secondsLeft() {
  if (clock.state === 'running') return Math.max(0, Math.ceil(clock.seconds - (Date.now() - clock.startedAt) / 1000));
  return clock.state === 'paused' ? clock.left : 0;
}

export function clockState() {
  return clock.state;
}

function drawClock() {
  const face = $('clock');
  face.dataset.state = clock.state;
  const ring = $('ring', SVGCircleElement);
  if (clock.state === 'idle') {
    $('seconds').textContent = '–';
    $('clock-unit').textContent = t('clock.idle');
    ring.setAttribute('stroke-dashoffset', '100');
    return;
  }
  const left = secondsLeft();
  $('seconds').textContent = String(left);
  $('clock-unit').textContent = clock.state === 'paused' ? t('clock.paused') : t('clock.secondsLeft');
  // The ring shows what is left: full at the start, empty at the end.
  ring.setAttribute('stroke-dashoffset', String(Math.round(100 - (100 * left) / clock.seconds)));
  if (clock.state !== 'running') return;
  for (const boundary of [30, 10]) {
    if (left === boundary && clock.seconds > boundary && !clock.announced.has(boundary)) {
      clock.announced.add(boundary);
      announce(t('clock.announce', { seconds: boundary, count: boundary }));
    }
  }
}

/** @param {number} seconds */
export function startHold(seconds) {
  stopTimer();
  clock.state = 'running';
  clock.seconds = seconds;
  clock.startedAt = Date.now();
  clock.announced = new Set();
  clock.timer = setInterval(drawClock, 250);
  drawClock();
  announce(t('clock.holdStarts', { seconds: Math.round(seconds), count: Math.round(seconds) }));
  chime('start');
}

function stopTimer() {
  if (clock.timer) clearInterval(clock.timer);
  clock.timer = null;
}

/**
 * Ends the hold: `finished` when its time ran out (a chime marks it), otherwise it was cut short.
 * @param {boolean} finished
 */
export function stopHold(finished) {
  stopTimer();
  const was = clock.state === 'running';
  clock.state = 'idle';
  drawClock();
  if (was && finished) {
    announce(t('clock.holdEnds'));
    chime('end');
  }
}

/**
 * The coach paused: the clock keeps the seconds that were left on show, marked "paused".
 * @param {number} left seconds left when the hold stopped
 * @param {number} whole the hold's whole length
 */
export function pauseHold(left, whole) {
  stopTimer();
  clock.state = 'paused';
  clock.left = left;
  clock.seconds = Math.max(whole, left, 1);
  drawClock();
  announce(t('clock.pausedAt', { seconds: left, count: left }));
}

drawClock();
