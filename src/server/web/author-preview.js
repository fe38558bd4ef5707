// @ts-check
// The author's preview: the plan as the coach will coach it (POST /plan/preview), its real length
// and a time-stamped transcript, played line by line with the real timing on the page's clock.
import { $, locale, t } from './strings.js';
import { postPlain } from './api.js';

/**
 * What POST /plan/preview answers.
 * @typedef {{ at: number, seconds: number, who: 'coach' | 'you', text: string }
 *   | { at: number, seconds: number, who: 'silence' }} Line
 * @typedef {{ locale: string, seconds: number, minutes: number, lines: Line[] }} Preview
 */

const languages = $('preview-locale', HTMLSelectElement);
const button = $('preview', HTMLButtonElement);
const play = $('preview-play', HTMLButtonElement);
const stop = $('preview-stop', HTMLButtonElement);
const length = $('preview-length');
const clock = $('preview-clock');
const list = $('preview-lines');
/** @type {Preview | null} */
let shown = null;
/** @type {Array<ReturnType<typeof setTimeout>>} */
let timers = [];

/** m:ss. @param {number} seconds */
const time = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** @param {Line} line */
function item(line) {
  const li = document.createElement('li');
  li.dataset.who = line.who;
  const when = document.createElement('time');
  when.textContent = time(line.at);
  const words =
    line.who === 'silence'
      ? t('author.silence', { seconds: line.seconds.toLocaleString(locale) })
      : `${t(line.who === 'you' ? 'author.you' : 'author.coach')}: ${line.text}`;
  li.append(when, ` ${words}`);
  return li;
}

function halt() {
  for (const timer of timers) clearTimeout(timer);
  timers = [];
  stop.disabled = true;
  play.disabled = !shown;
}

/** The plan's languages to preview in, the page's own first when the plan speaks it. @param {string[]} spoken */
export function setPreviewLanguages(spoken) {
  const current = languages.value || locale;
  languages.replaceChildren(
    ...spoken.map((code) => {
      const option = document.createElement('option');
      option.value = code;
      option.textContent = code;
      option.selected = code === current;
      return option;
    }),
  );
  button.disabled = spoken.length === 0;
}

/** @param {() => string} text the plan's JSON as it stands in the editor */
export function initPreview(text) {
  button.addEventListener('click', async () => {
    halt();
    const response = await postPlain('/plan/preview', { text: text(), locale: languages.value || locale }).catch(
      () => null,
    );
    /** @type {{ ok: boolean, preview?: Preview } | null} */
    const body = response?.ok ? await response.json() : null;
    shown = body?.ok && body.preview ? body.preview : null;
    list.replaceChildren(...(shown?.lines ?? []).map(item));
    clock.textContent = '';
    length.textContent = shown
      ? t('author.length', { minutes: shown.minutes, time: time(shown.seconds), count: shown.lines.length })
      : t('author.previewFailed');
    play.disabled = !shown;
  });
  play.addEventListener('click', () => {
    if (!shown) return;
    halt();
    const preview = shown;
    list.replaceChildren();
    play.disabled = true;
    stop.disabled = false;
    // Each line appears when the coach would say it; the clock ticks every second to the last line's end.
    const last = preview.lines.at(-1);
    const end = Math.max(preview.seconds, last ? Math.ceil(last.at + last.seconds) : 0);
    for (const line of preview.lines) timers.push(setTimeout(() => list.append(item(line)), line.at * 1000));
    for (let second = 0; second <= end; second += 1)
      timers.push(
        setTimeout(() => {
          clock.textContent = `${time(second)} / ${time(end)}`;
          if (second === end) halt();
        }, second * 1000),
      );
  });
  stop.addEventListener('click', halt);
}
