// @ts-check
// Speech out: the coach's words through speechSynthesis, and the chimes that mark a hold even
// where the browser has no voice.
import { locale } from './strings.js';

/** @type {AudioContext | null} */
let audio = null;

/** Sound needs a tap (or a key) first: the first tap makes the audio context. */
export function unlockAudio() {
  if (audio) return;
  try {
    const Context = window.AudioContext || /** @type {any} */ (window).webkitAudioContext;
    audio = new Context();
    void audio.resume();
  } catch {
    audio = null;
  }
}

/**
 * A soft two-note chime: rising when a hold starts, falling when it ends.
 * @param {'start' | 'end'} kind
 */
export function chime(kind) {
  window.dispatchEvent(new CustomEvent('coach:chime', { detail: kind }));
  if (!audio) return;
  const notes = kind === 'start' ? [660, 880] : [880, 587];
  const start = audio.currentTime + 0.02;
  notes.forEach((frequency, index) => {
    if (!audio) return;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const at = start + index * 0.18;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.45);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + 0.5);
  });
}

export const synth = 'speechSynthesis' in window ? window.speechSynthesis : null;
/** @type {SpeechSynthesisVoice | null} */
let voice = null;
let voiceCount = 0;
function pickVoice() {
  if (!synth) return;
  const voices = synth.getVoices();
  voiceCount = voices.length;
  const language = locale.split('-')[0] ?? locale;
  voice =
    voices.find((v) => v.lang === locale) || voices.find((v) => v.lang.replace('_', '-').startsWith(language)) || null;
}

/**
 * Calls back once it is known whether the coach can be heard: `false` where the browser has no
 * speech synthesis or no voice at all (voices may arrive late, so it waits for them a little).
 * @param {(canSpeak: boolean) => void} report
 * @param {number} [patienceMs]
 */
export function watchVoices(report, patienceMs = 2500) {
  if (!synth) return report(false);
  pickVoice();
  if (voiceCount) return report(true);
  synth.addEventListener?.('voiceschanged', () => {
    pickVoice();
    report(voiceCount > 0);
  });
  setTimeout(() => report(voiceCount > 0), patienceMs);
}

/** Normalised words, to compare what the microphone heard with what the coach said. @param {string} text */
export function normal(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the coach said lately, so the microphone does not take the coach's own voice for the user. */
const recentSpeech = /** @type {string[]} */ ([]);

/** Is this what the coach itself just said, heard back through the speaker? @param {string} heard */
export function isEcho(heard) {
  const words = normal(heard);
  // Short commands ("ready", "wait") always count: the coach's sentences come back longer.
  if (words.split(' ').length < 3) return false;
  return Boolean(synth?.speaking) && recentSpeech.some((said) => said.includes(words));
}

/**
 * Waits, or less if the signal aborts.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
export function wait(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Speaks a line in the page's language; resolves when it has been said (or could not be). Without
 * speech synthesis it takes as long as the words would.
 * @param {string} text
 * @param {AbortSignal | undefined} signal
 * @param {number} estimate seconds the words take
 * @returns {Promise<void>}
 */
export function speak(text, signal, estimate) {
  recentSpeech.push(normal(text));
  if (recentSpeech.length > 12) recentSpeech.shift();
  if (!synth) return wait(estimate * 1000, signal);
  const speaker = synth;
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = locale;
    if (voice) utterance.voice = voice;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      resolve();
    };
    utterance.onend = finish;
    utterance.onerror = finish;
    // Some engines never fire "end": never wait much longer than the words take.
    const guard = setTimeout(finish, (estimate * 1.6 + 3) * 1000);
    signal?.addEventListener('abort', finish, { once: true });
    speaker.speak(utterance);
  });
}
