// @ts-check
// Massage Coach in a browser: sends each utterance to /console/say and plays the answer, timing
// holds on the page's own clock. Plain ES modules, no build: speech in (speech-in.js), speech out
// (speech-out.js), the clock (clock.js), progress (progress.js), the report (report-view.js) and the
// developer view (dev-view.js).
import { $, locale, t } from './strings.js';
import { greetServer, postJson } from './api.js';
import { keepAwake } from './wake-lock.js';
import { speak, synth, unlockAudio, wait, watchVoices } from './speech-out.js';
import { announce, clockState, pauseHold, secondsLeft, setView, startHold, stopHold } from './clock.js';
import { canListen, initListening, isListening, setListening, setMic } from './speech-in.js';
import { initTransfer, showProgress } from './progress.js';
import { initReport, openReport } from './report-view.js';
import { initPlan } from './plan-view.js';
import { showTurn } from './dev-view.js';

/**
 * What /console/say answers.
 * @typedef {{ kind: 'speech' | 'pause', text?: string, seconds: number }} Segment
 * @typedef {{ start: number, end: number }} Hold
 * @typedef {{ event: { type: string }, endSession: boolean, routine: string | null }} Line
 * @typedef {{ line: Line | null, segments: Segment[], holds: Hold[], view: import('./clock.js').StepView | null,
 *   inspect: import('./dev-view.js').Inspect | null, error?: string }} TurnBody
 */

greetServer();

// ---------------------------------------------------------------- the log

const log = $('log');
/**
 * @param {string} kind
 * @param {string} who
 * @param {string} [text]
 */
function bubble(kind, who, text = '') {
  const li = document.createElement('li');
  li.className = kind;
  if (who) {
    const label = document.createElement('span');
    label.className = 'who';
    label.textContent = who;
    li.append(label);
  }
  const body = document.createElement('span');
  body.className = 'words';
  body.textContent = text;
  li.append(body);
  log.append(li);
  follow(li);
  return {
    /** @param {string} more */
    add: (more) => {
      body.textContent = `${body.textContent} ${more}`.trim();
      follow(li);
    },
  };
}
/** Keeps the newest words in view above the input bar as they grow (when the conversation shows). @param {Element} element */
function follow(element) {
  requestAnimationFrame(() => {
    if (element instanceof HTMLElement && element.offsetParent) element.scrollIntoView({ block: 'end' });
  });
}
/** The platform events a developer can send, as words in the log (never the raw `<launch>` token). */
const EVENT_LABELS = /** @type {Record<string, string>} */ ({
  '<launch>': 'session.open',
  '<silence>': 'session.silence',
  '<end>': 'session.close',
});

// ---------------------------------------------------------------- playing a turn

/** @type {AbortController | null} */
let playing = null;
/** The coach is paused (after "wait"): the floor button offers Resume. */
let coachPaused = false;
/** What takes the coach out of a pause (the routine machine's paused state). */
const LEAVES_PAUSE = new Set(['NEXT', 'YES', 'RESUME']);

/**
 * Plays a response: words through speechSynthesis one after another; inside a hold, every cue is
 * placed by the page's clock from the hold's start, so the hold lasts what the guide says however
 * fast or slow the voice is.
 * @param {TurnBody & { line: Line }} body
 * @param {AbortSignal} signal
 */
async function play(body, signal) {
  const { segments, holds } = body;
  // A warning sign that ended the session is marked; a caution ("I'm pregnant") is answered and the routine goes on.
  const stopped = body.line.event.type === 'RED_FLAG' && body.line.endSession;
  const coach = bubble(stopped ? 'coach red-flag' : 'coach', stopped ? t('log.redFlag') : t('log.coach'));
  let at = 0;
  /** @type {Hold | null} */
  let hold = null;
  let holdWall = 0;
  const epsilon = 0.01;
  for (const segment of segments) {
    if (signal.aborted) return;
    const inHold = holds.find((span) => at >= span.start - epsilon && at < span.end - epsilon) || null;
    if (inHold && inHold !== hold) {
      hold = inHold;
      holdWall = Date.now();
      startHold(hold.end - hold.start);
      setMic(isListening() ? 'listening' : 'off'); // the coach is quiet in a hold but for its cues
    }
    if (hold) {
      await wait(holdWall + (at - hold.start) * 1000 - Date.now(), signal);
      if (signal.aborted) return;
      if (segment.kind === 'speech' && segment.text) {
        coach.add(segment.text);
        void speak(segment.text, signal, segment.seconds);
      }
      at += segment.seconds;
      if (at >= hold.end - epsilon) {
        await wait(holdWall + (hold.end - hold.start) * 1000 - Date.now(), signal);
        if (signal.aborted) return;
        stopHold(true);
        hold = null;
      }
      continue;
    }
    if (segment.kind === 'speech' && segment.text) {
      coach.add(segment.text);
      setMic('speaking');
      await speak(segment.text, signal, segment.seconds);
    } else {
      await wait(segment.seconds * 1000, signal);
    }
    at += segment.seconds;
  }
  if (!signal.aborted) setMic(isListening() ? 'listening' : 'off');
}

let turnNumber = 0;
/** @param {string} said */
async function say(said) {
  const text = said.trim();
  if (!text) return;
  // Talking over the coach stops it, as on a speaker; what was left of a hold is kept for "paused".
  const left = clockState() === 'idle' ? null : secondsLeft();
  playing?.abort();
  synth?.cancel();
  stopHold(false);
  const controller = new AbortController();
  playing = controller;
  const event = EVENT_LABELS[text];
  if (event) bubble('event', '', t(event));
  else bubble('user', t('log.you'), text);
  let response;
  try {
    response = await postJson('/console/say', { text, locale });
  } catch {
    bubble('event', '', t('log.offline'));
    return;
  }
  /** @type {TurnBody} */
  const body = await response.json().catch(() => ({ error: String(response.status) }));
  if (!response.ok) {
    bubble('event', '', t('log.error', { reason: body.error || response.status }));
    return;
  }
  const line = body.line;
  if (!line) return;
  turnNumber += 1;
  showTurn(turnNumber, text, body.inspect);
  setView(body.view);
  showPaused(body, left);
  if (body.view || line.routine) void keepAwake(true);
  if (line.endSession) void keepAwake(false);
  // "Make a report for my physio": the coach says where it is, and here it opens.
  if (line.event.type === 'PHYSIO_REPORT') void openReport();
  if (controller.signal.aborted) return;
  await play({ ...body, line }, controller.signal);
  if (controller.signal.aborted) return;
  if (line.endSession) bubble('event', '', t('log.ended'));
  if (!$('progress').hidden) void showProgress();
}

/**
 * While the coach is paused the clock shows the seconds that were left, and the floor button
 * offers Resume.
 * @param {TurnBody} body
 * @param {number | null} left seconds left of the hold that was cut short
 */
function showPaused(body, left) {
  // The coach stays paused through other talk ("how much longer"), until it moves on or plays a hold.
  const type = body.line?.event.type ?? '';
  const stillPaused = coachPaused && !LEAVES_PAUSE.has(type) && body.holds.length === 0;
  coachPaused = Boolean(body.view) && !body.line?.endSession && (type === 'PAUSE' || stillPaused);
  if (coachPaused) {
    const whole = body.view?.holdSeconds ?? left ?? 0;
    pauseHold(left ?? whole, whole);
  }
  const button = $('floor-pause');
  button.textContent = coachPaused ? t('floor.resume') : t('floor.pause');
  button.setAttribute('aria-pressed', String(coachPaused));
  if ('mediaSession' in navigator) navigator.mediaSession.playbackState = coachPaused ? 'paused' : 'playing';
}

// ---------------------------------------------------------------- wiring

/**
 * @param {HTMLElement} button
 * @param {HTMLElement} panel
 * @param {() => void} [onOpen]
 */
function toggle(button, panel, onOpen) {
  button.addEventListener('click', () => {
    const open = panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      onOpen?.();
      panel.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
  });
}

/** Sound needs a tap (or a key) first: any tap unlocks it. */
function unlock() {
  $('start-panel').hidden = true;
  unlockAudio();
}
/** The one tap to start: sound on, microphone on, and the coach opens as "open Massage Coach" does. */
function begin() {
  unlock();
  setListening(true);
  void say('<launch>');
}

/** The floor buttons and a headset's buttons say what the person would say. */
const pauseOrResume = () => void say(coachPaused ? t('quick.resume') : t('quick.wait'));
const next = () => void say(t('quick.next'));

$('start').addEventListener('click', begin);
$('say').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('text', HTMLInputElement);
  const text = input.value;
  input.value = '';
  unlock(); // typing first counts as the tap that lets the page speak
  if (text.trim()) void say(text);
});
document.body.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-say]') : null;
  if (!(target instanceof HTMLElement) || !target.dataset.say) return;
  unlock();
  void say(target.dataset.say);
});
$('floor-pause').addEventListener('click', () => {
  unlock();
  pauseOrResume();
});
$('floor-next').addEventListener('click', () => {
  unlock();
  next();
});
// The conversation is one tap away from the floor view on a phone.
const talkToggle = $('show-talk');
talkToggle.addEventListener('click', () => {
  const open = document.body.dataset.talk !== 'open';
  document.body.dataset.talk = open ? 'open' : 'closed';
  talkToggle.setAttribute('aria-expanded', String(open));
  talkToggle.textContent = open ? t('floor.hideTalk') : t('floor.showTalk');
});
$('locale', HTMLSelectElement).addEventListener('change', (event) => {
  const url = new URL(location.href);
  url.searchParams.set('locale', /** @type {HTMLSelectElement} */ (event.target).value);
  location.assign(url.toString());
});
toggle($('show-progress'), $('progress'), () => void showProgress());
initTransfer();
toggle($('show-dev'), $('dev'));
initReport();
initPlan();
$('delete-data').addEventListener('click', async () => {
  if (!window.confirm(t('progress.confirmDelete'))) return;
  playing?.abort();
  synth?.cancel();
  stopHold(false);
  setView(null);
  const response = await postJson('/console/delete', { locale });
  if (!response.ok) return;
  /** @type {{ speech: string }} */
  const body = await response.json();
  bubble('coach', t('log.coach'), body.speech);
  void speak(body.speech, undefined, 3);
  announce(t('progress.deleted'));
  void showProgress();
});

// Headset and lock-screen buttons: play and pause as "resume" and "wait", next track as "next".
if ('mediaSession' in navigator) {
  navigator.mediaSession.metadata = new MediaMetadata({ title: t('title') });
  const actions = /** @type {Array<[MediaSessionAction, () => void]>} */ ([
    ['play', () => void say(t('quick.resume'))],
    ['pause', () => void say(t('quick.wait'))],
    ['nexttrack', next],
  ]);
  for (const [action, handler] of actions) {
    try {
      navigator.mediaSession.setActionHandler(action, handler);
    } catch {
      /* an action this browser does not offer */
    }
  }
}

/** The coach's own phrases, as hints to on-device recognition: every chip's words. */
const coachPhrases = () =>
  [...document.querySelectorAll('[data-say]')]
    .map((element) => (element instanceof HTMLElement ? (element.dataset.say ?? '') : ''))
    .filter((words) => words && !words.startsWith('<'));

initListening({
  onHeard: (heard) => void say(heard),
  notify: (line) => void speak(line, undefined, 4),
  phrases: coachPhrases,
});
// No voice: the person reads the screen, and the chimes still mark each hold.
watchVoices((canSpeak) => {
  $('no-voice').hidden = canSpeak;
});
if (!canListen) setMic('off');

// A reload starts at the top, with Start in view (not scrolled under the clock).
history.scrollRestoration = 'manual';
window.scrollTo(0, 0);
document.body.dataset.routine = 'off';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
