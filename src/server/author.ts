import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import { DEFAULT_LOCALE, resolveLocale, supportedLocales } from '../i18n';
import { webStrings, webText } from '../i18n/web-strings';
import { checkPlanText } from '../plan/files';
import type { PlanProblem } from '../plan/validate';
import { previewPlan } from '../coach/plan-preview';
import { RateLimit } from '../runtime/rate-limit';
import { addressOf, tooMany } from './console-guard';

/** The author's view: a plain page (its script is web/author.js) and the check it calls as the author types. */
const PAGE = readFileSync(join(__dirname, 'author-page.html'), 'utf8');
/** What the editor starts with: the guide's neck routine written as a plan, to edit or replace. */
const STARTING_PLAN = readFileSync(join(__dirname, '..', '..', 'content', 'plans', 'neck.json'), 'utf8');
/** Twelve steps with words in two languages fit well inside this. */
const MAX_PLAN_BYTES = 64 * 1024;
/** Previews per address per window: a twelve-step preview takes ~30 ms of a core; an author asks now and then. */
export const PREVIEW_LIMIT = { perAddress: 20, windowMs: 10_000 };

/** What POST /plan/check answers: the per-field problems `npm run plan -- check` prints, or the plan's outline. */
export type PlanCheckBody =
  | { ok: true; plan: { id: string; steps: number; languages: string[]; daysPerWeek: number } }
  | { ok: false; problems: PlanProblem[] };

const checkRequest = z.object({ text: z.string().max(MAX_PLAN_BYTES) });
const previewRequest = checkRequest.extend({ locale: z.string().max(10).optional() });

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function renderAuthorPage(asked: string | undefined, acceptsLanguage: (...languages: string[]) => string | false) {
  const offered = [DEFAULT_LOCALE, ...supportedLocales().filter((code) => code !== DEFAULT_LOCALE)];
  const locale = resolveLocale(asked ?? (acceptsLanguage(...offered) || undefined));
  const blocks: Record<string, string> = {
    lang: locale,
    strings: escapeHtml(JSON.stringify(webStrings(locale))),
    plan: escapeHtml(STARTING_PLAN),
  };
  return PAGE.replace(/\{\{(@?)([\w.]+)\}\}/g, (_match, block: string, key: string) =>
    block ? (blocks[key] ?? '') : escapeHtml(webText(locale, key)),
  );
}

/** GET /author (the page) and POST /plan/check {text}: the plan's JSON text, checked as the CLI checks a file. */
export function authorRoutes(): Router {
  const router = express.Router();
  router.get('/author', (req, res) => {
    const asked = typeof req.query.locale === 'string' ? req.query.locale : undefined;
    res
      .type('html')
      .set('Cache-Control', 'no-cache')
      .send(renderAuthorPage(asked, (...languages) => req.acceptsLanguages(...languages)));
  });
  router.post('/plan/check', express.json({ limit: MAX_PLAN_BYTES * 2 }), (req, res) => {
    const parsed = checkRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: `text ${parsed.error.issues[0]!.message}` });
      return;
    }
    const result = checkPlanText(parsed.data.text);
    const body: PlanCheckBody = result.ok
      ? {
          ok: true,
          plan: {
            id: result.plan.id,
            steps: result.plan.steps.length,
            languages: result.plan.languages,
            daysPerWeek: result.plan.daysPerWeek,
          },
        }
      : { ok: false, problems: result.problems };
    res.json(body);
  });
  // The plan as the coach will coach it: its real length and a time-stamped transcript, in one of its languages.
  const previews = new RateLimit(PREVIEW_LIMIT.perAddress, PREVIEW_LIMIT.windowMs);
  router.post('/plan/preview', express.json({ limit: MAX_PLAN_BYTES * 2 }), (req, res) => {
    const wait = previews.take(addressOf(req));
    if (wait) {
      tooMany(res, wait, 'Too many previews from this address: wait a moment');
      return;
    }
    const parsed = previewRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: `text ${parsed.error.issues[0]!.message}` });
      return;
    }
    const result = checkPlanText(parsed.data.text);
    if (!result.ok) {
      res.json({ ok: false, problems: result.problems });
      return;
    }
    const asked = parsed.data.locale;
    const locale = asked && result.plan.languages.includes(asked) ? asked : result.plan.languages[0]!;
    res.json({ ok: true, preview: previewPlan(result.plan, locale) });
  });
  return router;
}
