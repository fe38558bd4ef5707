// @ts-check
// The author's view: a physiotherapist writes or edits a plan's JSON; each pause in typing checks
// it on the server (POST /plan/check, the same per-field problems as `npm run plan -- check`);
// a valid plan downloads as a file to share.
import { $, t } from './strings.js';
import { postPlain } from './api.js';
import { initPreview, setPreviewLanguages } from './author-preview.js';

/**
 * What POST /plan/check answers.
 * @typedef {{ path: string, message: string }} Problem
 * @typedef {{ ok: true, plan: { id: string, steps: number, languages: string[], daysPerWeek: number } }
 *   | { ok: false, problems: Problem[] }} Check
 */

const editor = $('plan-text', HTMLTextAreaElement);
const state = $('check-state');
const list = $('problems');
const download = $('download-plan', HTMLButtonElement);
/** Checks answer in order; an answer to older text than the newest asked is dropped. */
let asked = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let pending;
/** The checked plan's id, for the file name; null while the text has problems. */
let validId = /** @type {string | null} */ (null);

/** @param {Check} check */
function show(check) {
  list.replaceChildren();
  if (check.ok) {
    validId = check.plan.id;
    state.dataset.state = 'valid';
    state.textContent = t('author.valid', {
      id: check.plan.id,
      count: check.plan.steps,
      languages: check.plan.languages.join(', '),
      days: check.plan.daysPerWeek,
    });
  } else {
    validId = null;
    state.dataset.state = 'invalid';
    state.textContent = t('author.problems', { count: check.problems.length });
    for (const problem of check.problems) {
      const item = document.createElement('li');
      const where = document.createElement('code');
      where.textContent = problem.path;
      item.append(where, `: ${problem.message}`);
      list.append(item);
    }
  }
  download.disabled = !check.ok;
  setPreviewLanguages(check.ok ? check.plan.languages : []);
}

async function check() {
  const mine = ++asked;
  state.dataset.state = 'checking';
  state.textContent = t('author.checking');
  let response;
  try {
    response = await postPlain('/plan/check', { text: editor.value });
  } catch {
    response = null;
  }
  if (mine !== asked) return;
  if (!response?.ok) {
    state.dataset.state = 'error';
    state.textContent = t('author.failed', { reason: response?.status ?? t('log.offline') });
    return;
  }
  show(/** @type {Check} */ (await response.json()));
}

editor.addEventListener('input', () => {
  clearTimeout(pending);
  download.disabled = true;
  pending = setTimeout(() => void check(), 300);
});
download.addEventListener('click', () => {
  if (!validId) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([editor.value], { type: 'application/json' }));
  link.download = `${validId}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
});
initPreview(() => editor.value);
void check();
