// @ts-check
// Speech in: continuous recognition while the person wants to be heard, honest about every way it
// can fail (each has a state on screen and a line spoken once), restarting with a back-off and
// giving up after repeated hard errors, on the device where the browser offers it.
import { $, locale, t } from './strings.js';
import { isEcho } from './speech-out.js';

/**
 * The parts of the Web Speech API's SpeechRecognition the page uses (TypeScript's DOM library has
 * none of it; processLocally, phrases and available() are Chrome's on-device additions).
 * @typedef {{ transcript: string }} Alternative
 * @typedef {ArrayLike<Alternative> & { isFinal: boolean }} Result
 * @typedef {{ resultIndex: number, results: ArrayLike<Result> }} ResultEvent
 * @typedef {{ error: string }} ErrorEvent
 * @typedef {{
 *   lang: string, continuous: boolean, interimResults: boolean, maxAlternatives: number,
 *   processLocally?: boolean, phrases?: unknown[],
 *   onresult: ((event: ResultEvent) => void) | null, onerror: ((event: ErrorEvent) => void) | null,
 *   onend: (() => void) | null, start(): void, stop(): void }} Recognizer
 * @typedef {{ new (): Recognizer,
 *   available?: (options: { langs: string[], processLocally: boolean }) => Promise<string> }} RecognizerClass
 */

const w = /** @type {any} */ (window);
/** @type {RecognizerClass | null} */
const Recognition = w.SpeechRecognition || w.webkitSpeechRecognition || null;
/** @type {(new (phrase: string, boost: number) => unknown) | null} */
const Phrase = w.SpeechRecognitionPhrase || null;

export const canListen = Boolean(Recognition);

/** Errors that the next start will most likely meet again: backed off, and given up after a few. */
const HARD = new Set(['audio-capture', 'network', 'language-not-supported']);
const DENIED = new Set(['not-allowed', 'service-not-allowed']);
/** The state each error shows (and says once): a key under mic. in web.json. */
const STATE_OF = /** @type {Record<string, string>} */ ({
  'audio-capture': 'noMic',
  network: 'network',
  'no-speech': 'noSpeech',
  'language-not-supported': 'gaveUp',
  'not-allowed': 'denied',
  'service-not-allowed': 'denied',
});
const GIVE_UP_AFTER = 3;
/** Starts allowed within a second before the next waits; a failing microphone is not hammered. */
const STARTS_PER_SECOND = 3;

const mic = {
  /** @type {Recognizer | null} */
  recognizer: null,
  /** The person wants the microphone on. */
  listening: false,
  /** Held "hold to talk". */
  pushing: false,
  running: false,
  /** The error state on show until something is heard or the person toggles the microphone. @type {string | null} */
  problem: null,
  hardErrors: 0,
  /** @type {number[]} */
  starts: [],
  /** @type {ReturnType<typeof setTimeout> | null} */
  restart: null,
  onDevice: false,
  usePhrases: true,
  /** What the page shows besides an error: listening, speaking, off. */
  shown: 'off',
};

/** @type {{ onHeard: (text: string) => void, notify: (text: string) => void, phrases: () => string[] }} */
let hooks = { onHeard: () => undefined, notify: () => undefined, phrases: () => [] };
const spokenOnce = /** @type {Set<string>} */ (new Set());

/**
 * Shows what the microphone is doing. An error stays on show over "listening" and "speaking".
 * @param {string} state listening, speaking or off
 */
export function setMic(state) {
  mic.shown = state;
  const element = $('mic-state');
  const effective = !Recognition ? 'unsupported' : (mic.problem ?? state);
  element.dataset.state = effective;
  element.textContent = t(`mic.${effective}`);
}

/** @param {string} state a key under mic. */
function showProblem(state) {
  mic.problem = state;
  setMic(mic.shown);
  // Heard as well as seen, once a page: the person may be lying on the floor, not looking.
  if (!spokenOnce.has(state)) {
    spokenOnce.add(state);
    hooks.notify(t(`mic.${state}`));
  }
}

function clearProblem() {
  if (!mic.problem) return;
  mic.problem = null;
  setMic(mic.shown);
}

function createRecognizer() {
  if (!Recognition) return null;
  const r = new Recognition();
  r.lang = locale;
  r.continuous = true;
  r.interimResults = false;
  r.maxAlternatives = 1;
  if (mic.onDevice) {
    r.processLocally = true;
    // The coach's own phrases as hints, where the browser takes them (Chrome, on the device).
    if (mic.usePhrases && Phrase && 'phrases' in r) r.phrases = hooks.phrases().map((words) => new Phrase(words, 3));
  }
  r.onresult = (event) => {
    mic.hardErrors = 0;
    clearProblem();
    for (let i = event.resultIndex; i < event.results.length; i += 1) {
      const result = event.results[i];
      if (!result?.isFinal) continue;
      const heard = result[0]?.transcript ?? '';
      if (heard && !isEcho(heard)) hooks.onHeard(heard);
    }
  };
  r.onerror = (event) => onError(event.error);
  // Browsers end a continuous session after a silence or an error: start again, backing off.
  r.onend = () => {
    mic.running = false;
    scheduleRestart();
  };
  return r;
}

/** @param {string} error */
function onError(error) {
  if (error === 'aborted') return;
  if (error === 'phrases-not-supported') {
    mic.usePhrases = false; // the hints were refused: listen without them
    mic.recognizer = null;
    return;
  }
  if (DENIED.has(error)) {
    mic.listening = false;
    updateButton();
    showProblem('denied');
    return;
  }
  if (HARD.has(error)) {
    mic.hardErrors += 1;
    if (mic.hardErrors >= GIVE_UP_AFTER || error === 'language-not-supported') {
      mic.listening = false;
      mic.pushing = false;
      updateButton();
      showProblem('gaveUp');
      return;
    }
  }
  showProblem(STATE_OF[error] ?? 'network');
}

function scheduleRestart() {
  if (!(mic.listening || mic.pushing) || mic.restart || mic.running) return;
  const now = Date.now();
  mic.starts = mic.starts.filter((at) => now - at < 1000);
  // After a hard error: half a second, then one, two... up to eight. Otherwise at once, unless
  // the recognizer keeps ending straight away.
  const delay = mic.hardErrors
    ? Math.min(8000, 500 * 2 ** (mic.hardErrors - 1))
    : mic.starts.length >= STARTS_PER_SECOND
      ? 1000
      : 0;
  mic.restart = setTimeout(() => {
    mic.restart = null;
    if (mic.listening || mic.pushing) start();
  }, delay);
}

function start() {
  if (mic.running) return;
  mic.recognizer = mic.recognizer || createRecognizer();
  if (!mic.recognizer) return;
  try {
    mic.starts.push(Date.now());
    mic.recognizer.start();
    mic.running = true;
  } catch {
    /* already started */
  }
}

function stop() {
  if (mic.restart) clearTimeout(mic.restart);
  mic.restart = null;
  if (mic.running && !mic.pushing) mic.recognizer?.stop();
}

/** @param {boolean} on */
export function setListening(on) {
  mic.listening = on && Boolean(Recognition);
  if (mic.listening) {
    // Trying again by hand starts afresh: the errors counted so far are forgiven.
    mic.hardErrors = 0;
    mic.problem = null;
    start();
  } else stop();
  updateButton();
  setMic(mic.listening ? 'listening' : 'off');
}

export function isListening() {
  return mic.listening;
}

function updateButton() {
  const button = $('mic-toggle');
  button.setAttribute('aria-pressed', String(mic.listening));
  button.textContent = mic.listening ? t('mic.toggleOff') : t('mic.toggleOn');
}

/**
 * Chrome can recognise on the device for some languages: then speech never leaves it, and the
 * page says so. Asked once; a recognizer made before the answer is made again.
 */
async function preferOnDevice() {
  if (!Recognition?.available) return;
  try {
    mic.onDevice = (await Recognition.available({ langs: [locale], processLocally: true })) === 'available';
  } catch {
    mic.onDevice = false; // blocked by a permissions policy, or an older browser
  }
  if (!mic.onDevice) return;
  $('mic-local').hidden = false;
  if (!mic.running) mic.recognizer = null;
}

/**
 * Wires the microphone: what is heard goes to onHeard, error lines to notify (spoken), and the
 * coach's own phrases are hints for on-device recognition.
 * @param {typeof hooks} options
 */
export function initListening(options) {
  hooks = options;
  if (!Recognition) {
    for (const id of ['mic-toggle', 'push-to-talk']) $(id).hidden = true;
  }
  $('mic-toggle').addEventListener('click', () => setListening(!mic.listening));
  const push = $('push-to-talk');
  // Holding the button listens (what is heard interrupts the coach, as any utterance does).
  push.addEventListener('pointerdown', () => {
    mic.pushing = true;
    start();
  });
  const release = () => {
    if (!mic.pushing) return;
    mic.pushing = false;
    if (!mic.listening) stop();
  };
  push.addEventListener('pointerup', release);
  push.addEventListener('pointerleave', release);
  setMic('off');
  updateButton();
  void preferOnDevice();
}
