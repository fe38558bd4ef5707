import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { catalogue } from '../content/load';
import { supportedLocales } from '../i18n';
import { checkPlan } from '../plan/validate';
import type { Plan } from '../plan/schema';
import type { PlanPairing } from '../runtime/plan-pairing';
import type { Store } from '../store/types';
import { fieldReasons } from '../zod-issues';
import { qrSvg } from './plan-qr';

/** The guide's own routines written as plans: served at /plans/<id>.json beside an operator's. */
export const CONTENT_PLANS_DIR = join(__dirname, '..', '..', 'content', 'plans');
/** Twelve steps with words in two languages fit well inside this (as the author's check allows). */
export const MAX_PLAN_BODY = '128kb';
/** A plan file's name in a plans folder: the plan's id and .json, nothing that walks elsewhere. */
const PLAN_FILE = /^[a-z][a-z0-9-]{0,63}\.json$/;
/** The QR code of a served plan's link: /plans/<id>.qr.svg. */
const PLAN_QR = /^([a-z][a-z0-9-]{0,63})\.qr\.svg$/;
/** Bytes a QR code of error correction M holds (version 40); a longer link cannot be drawn. */
const MAX_QR_LINK = 2331;

/** A plan file's text from the first folder that has it; null when none does. */
async function planText(dirs: readonly string[], file: string): Promise<string | null> {
  for (const dir of dirs) {
    const text = await fs.readFile(join(dir, file), 'utf8').catch(() => null);
    if (text !== null) return text;
  }
  return null;
}

const browserId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8 to 64 letters, digits or hyphens');
const keepRequest = z.object({ session: browserId, plan: z.unknown() });
const sessionRequest = z.object({ session: browserId });

/** What a plan route answers about the kept plan: enough for the page to show it and run it. */
const outline = (plan: Plan) => ({
  id: plan.id,
  title: plan.title,
  author: plan.author,
  languages: plan.languages,
  daysPerWeek: plan.daysPerWeek,
  steps: plan.steps.length,
});

export interface PlanRouteOptions {
  /** The store as the console sees it (ConsoleUsers): a kept plan admits its visitor. */
  store: Store;
  pairing: PlanPairing;
  userOf: (session: string) => string;
  now: () => number;
  /** Whether the request holds this browser id's token (answered 403 or 429 when not). */
  owned: (session: string, req: Request, res: Response) => boolean;
  /** Folders of plan files served at /plans/<name>.json, searched in order (content/plans, then DATA_DIR/plans). */
  plansDirs: readonly string[];
}

/**
 * The person's plan in the browser: GET /plans/<id>.json (plans served from this origin, for
 * /?plan= links and their QR codes), POST /console/plan {session, plan} keeps a checked plan in
 * the person's profile (plan null unlinks it), POST /console/plan/kept {session} says which one
 * is kept, POST /console/plan/pairing {session} gives a code to say to a voice channel.
 */
export function planRoutes(options: PlanRouteOptions): Router {
  const { store, pairing, userOf, now, owned } = options;
  const router = express.Router();

  router.get('/plans/:file', async (req, res) => {
    const file = req.params.file;
    const qr = PLAN_QR.exec(file);
    const text = PLAN_FILE.test(file) || qr ? await planText(options.plansDirs, qr ? `${qr[1]}.json` : file) : null;
    if (text === null) {
      res
        .status(404)
        .json({ error: 'No such plan: a plan is /plans/<id>.json, its id in lower-case words joined by hyphens' });
      return;
    }
    res.set('Cache-Control', 'no-cache');
    if (!qr) {
      res.type('json').send(text);
      return;
    }
    // The page's own address with the plan's link: what a phone camera opens.
    const link = `${req.protocol}://${req.get('host')}/?plan=/plans/${qr[1]}.json`;
    // A QR code holds at most 2,331 bytes at this error correction: a Host header can be longer.
    if (Buffer.byteLength(link) > MAX_QR_LINK) {
      res.status(400).json({ error: 'The link is too long for a QR code: the Host header is too long' });
      return;
    }
    res.type('image/svg+xml').send(qrSvg(link, link));
  });

  /** The request's parsed body when it is well-formed and its browser's; else answered. */
  const bodyOf = <T>(schema: z.ZodType<T>, req: Request, res: Response): T | null => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: fieldReasons(parsed.error) });
      return null;
    }
    return owned((parsed.data as { session: string }).session, req, res) ? parsed.data : null;
  };

  router.post('/console/plan', express.json({ limit: MAX_PLAN_BODY }), async (req, res) => {
    const body = bodyOf(keepRequest, req, res);
    if (!body) return;
    const userId = userOf(body.session);
    if (body.plan === null) {
      await store.savePlan?.(userId, null);
      res.json({ plan: null });
      return;
    }
    // The check `npm run plan -- check` runs: each problem by field, nothing kept.
    const checked = checkPlan(body.plan, catalogue(), supportedLocales());
    if (!checked.ok) {
      res.status(400).json({ error: 'The plan has problems: nothing was kept', problems: checked.problems });
      return;
    }
    await store.savePlan?.(userId, checked.plan);
    res.json({ plan: outline(checked.plan) });
  });

  router.post('/console/plan/kept', express.json({ limit: '1kb' }), async (req, res) => {
    const body = bodyOf(sessionRequest, req, res);
    if (!body) return;
    const plan = await store.loadPlan?.(userOf(body.session));
    res.set('Cache-Control', 'no-store').json({ plan: plan ? outline(plan) : null });
  });

  router.post('/console/plan/pairing', express.json({ limit: '1kb' }), async (req, res) => {
    const body = bodyOf(sessionRequest, req, res);
    if (!body) return;
    const issued = await pairing.issue(userOf(body.session), now());
    if ('refused' in issued && issued.refused === 'wait') {
      res.status(429).json({ error: 'Too many codes for this plan: use the last one, or wait ten minutes' });
      return;
    }
    if ('refused' in issued) {
      res.status(409).json({ error: 'Keep a plan first: a code links the kept plan' });
      return;
    }
    res.set('Cache-Control', 'no-store').json(issued);
  });
  return router;
}
