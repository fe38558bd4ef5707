// @ts-check
// My plan: a physiotherapist's plan taken by file or by a link (/?plan=/plans/<id>.json, served
// by this same server), checked as `npm run plan -- check` checks it, and kept in the person's
// profile (POST /console/plan), so "start my plan" runs it. The page shows a QR code for a plan's
// link and a short code that links the kept plan to a voice assistant.
import { $, locale, t } from './strings.js';
import { postJson, postPlain } from './api.js';
import { setReportPlan } from './report-view.js';

/**
 * A kept plan as the server outlines it.
 * @typedef {{ id: string, title: Record<string, string>, author: { name: string }, languages: string[],
 *   daysPerWeek: number, steps: number }} PlanOutline
 * @typedef {{ path: string, message: string }} Problem
 */

/** The only links taken: a plan file in this server's plans folder, by a path on this origin. */
const PLAN_LINK = /^\/plans\/[a-z][a-z0-9-]{0,63}\.json$/;
/** Where this browser keeps the link its plan came from (for the QR code after a reload). */
const LINK_KEY = 'massage-coach.plan-link';

const state = $('plan-state');
const problems = $('plan-problems');
const actions = $('plan-actions');
const code = $('plan-code');
const qr = $('plan-qr');

/** @param {string} key */
function kept(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
/** @param {string | null} link */
function keepLink(link) {
  try {
    if (link) localStorage.setItem(LINK_KEY, link);
    else localStorage.removeItem(LINK_KEY);
  } catch {
    /* storage blocked: this page only */
  }
}

/** @param {PlanOutline} plan */
const titleOf = (plan) => plan.title[locale] ?? plan.title[plan.languages[0] ?? ''] ?? plan.id;

/**
 * The panel as it stands: the kept plan (with its link's QR code) or none, and any problems.
 * @param {PlanOutline | null} plan
 * @param {string} [message] what happened, in place of the plan's line
 * @param {Problem[]} [found]
 */
function show(plan, message, found = []) {
  problems.replaceChildren(
    ...found.map((problem) => {
      const item = document.createElement('li');
      const where = document.createElement('code');
      where.textContent = problem.path;
      item.append(where, `: ${problem.message}`);
      return item;
    }),
  );
  state.dataset.state = found.length || message ? 'invalid' : plan ? 'valid' : 'none';
  state.textContent =
    message ?? (plan ? t('plan.kept', { title: titleOf(plan), author: plan.author.name }) : t('plan.none'));
  actions.hidden = !plan;
  code.textContent = '';
  const link = plan ? kept(LINK_KEY) : null;
  qr.hidden = !link;
  if (link) {
    const image = $('plan-qr-image', HTMLImageElement);
    image.src = link.replace(/\.json$/, '.qr.svg');
    image.alt = t('plan.qrAlt', { title: plan ? titleOf(plan) : '' });
    $('plan-link').textContent = new URL(`/?plan=${link}`, location.origin).toString();
  }
}

/**
 * Checks a plan's text as the command line does, then keeps it for this person.
 * @param {string} text
 * @param {string | null} link the same-origin path it came from, if any
 */
async function keep(text, link) {
  state.dataset.state = 'checking';
  state.textContent = t('plan.checking');
  const checked = await postPlain('/plan/check', { text }).catch(() => null);
  /** @type {{ ok: boolean, problems?: Problem[] } | null} */
  const check = checked?.ok ? await checked.json() : null;
  if (!check) return show(null, t('log.offline'));
  if (!check.ok) return show(null, t('plan.refused', { count: check.problems?.length ?? 0 }), check.problems);
  const response = await postJson('/console/plan', { plan: JSON.parse(text) }).catch(() => null);
  /** @type {{ plan?: PlanOutline, problems?: Problem[], error?: string } | null} */
  const body = response ? await response.json().catch(() => null) : null;
  if (!response?.ok || !body?.plan) {
    const found = body?.problems ?? [];
    return show(null, found.length ? t('plan.refused', { count: found.length }) : t('plan.notKept'), found);
  }
  keepLink(link);
  const plan = body.plan;
  setReportPlan({ title: titleOf(plan), daysPerWeek: plan.daysPerWeek, author: plan.author.name });
  show(plan);
}

/** A ?plan= link: taken only as a path to this server's plans folder; anything else is refused, said why. */
async function fromLink() {
  const asked = new URL(location.href).searchParams.get('plan');
  if (asked === null) return false;
  // A link refused leaves the plan kept before as it was, and says why.
  if (!PLAN_LINK.test(asked)) {
    await showKept(t('plan.linkRefused'));
    return true;
  }
  const response = await fetch(asked, { credentials: 'same-origin' }).catch(() => null);
  if (!response?.ok) {
    await showKept(t('plan.linkMissing', { link: asked }));
    return true;
  }
  await keep(await response.text(), asked);
  return true;
}

/** The plan this person keeps, as the server has it. @param {string} [message] said in place of its line */
async function showKept(message) {
  const response = await postJson('/console/plan/kept', {}).catch(() => null);
  /** @type {{ plan: PlanOutline | null } | null} */
  const body = response?.ok ? await response.json() : null;
  show(body?.plan ?? null, message);
}

export function initPlan() {
  const file = $('plan-file', HTMLInputElement);
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (chosen) await keep(await chosen.text(), null);
  });
  $('plan-pair').addEventListener('click', async () => {
    const response = await postJson('/console/plan/pairing', {}).catch(() => null);
    /** @type {{ code: string, expiresInSeconds: number } | null} */
    const issued = response?.ok ? await response.json() : null;
    code.textContent = issued
      ? t('plan.code', { code: issued.code.split('').join(' '), minutes: Math.round(issued.expiresInSeconds / 60) })
      : t('plan.noCode');
  });
  $('plan-unlink').addEventListener('click', async () => {
    const response = await postJson('/console/plan', { plan: null }).catch(() => null);
    if (!response?.ok) return;
    keepLink(null);
    setReportPlan(null);
    show(null);
  });
  void fromLink().then((handled) => (handled ? undefined : showKept()));
}
