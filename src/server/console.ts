import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { fieldReasons } from '../zod-issues';
import { loadCatalogue } from '../content/load';
import { DEFAULT_LOCALE, resolveLocale, supportedLocales, translator } from '../i18n';
import { Conversation, type TurnResponse } from '../runtime/conversation';
import { Simulator } from '../runtime/simulator';
import { ConsoleUsers, keepsAnything } from './console-users';
import { inspectTurn } from './console-inspect';
import { heading, progressBody } from './console-progress';
import { knotNames, spotsOf } from './console-knots';
import { journalRoutes } from './console-journal';
import { CONTENT_PLANS_DIR, planRoutes } from './console-plan';
import { webStrings, webText } from '../i18n/web-strings';
import { SnapshotKeys } from '../runtime/snapshot-seal';
import { refuseCode, TransferCodes } from './console-transfer';
import {
  addressOf,
  BrowserIds,
  consoleGuards,
  DEFAULT_LIMITS,
  TOKEN_HEADER,
  type ConsoleLimits,
} from './console-guard';

/** The page and its assets: plain HTML, CSS and one script module, copied as they are by the build. */
export const WEB_DIR = join(__dirname, 'web');
const PAGE = readFileSync(join(WEB_DIR, 'page.html'), 'utf8');

export interface ConsoleOptions {
  /** Console users kept in the store; the one unused longest is deleted beyond it. */
  maxUsers?: number;
  /** Browsers with a conversation in memory; the oldest is dropped beyond it. */
  maxSessions?: number;
  /** The clock turns run on (tests pass the same test clock the page runs on). */
  now?: () => number;
  /** Signs the browser ids and their tokens (SNAPSHOT_KEYS); a key of this process when absent. */
  keys?: SnapshotKeys;
  /** Request limits per address and per browser. */
  limits?: Partial<ConsoleLimits>;
  /** An operator's folder of plan files (DATA_DIR/plans), served at /plans/<id>.json after content/plans. */
  plansDir?: string;
}

const browserId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8 to 64 letters, digits or hyphens');
const sayRequest = z.object({
  session: browserId,
  text: z.string().min(1).max(500),
  locale: z.string().max(10).optional(),
});
const deleteRequest = z.object({ session: browserId, locale: z.string().max(10).optional() });
const progressRequest = deleteRequest;
const helloRequest = z.object({
  session: browserId.optional(),
  /** A code from another device of the same person (console-transfer.ts). */
  code: z.string().min(4).max(20).optional(),
});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The locale a page is for: ?locale= first, then the browser's languages, then English. */
function pageLocale(req: Request): string {
  const asked = typeof req.query.locale === 'string' ? req.query.locale : undefined;
  if (asked) return resolveLocale(asked);
  // English first, so "*" or no preference gets the default.
  const offered = [DEFAULT_LOCALE, ...supportedLocales().filter((code) => code !== DEFAULT_LOCALE)];
  return resolveLocale(req.acceptsLanguages(...offered) || undefined);
}

/** The page with its labels filled in through i18next: `{{key}}` is a web.json label, `{{@name}}` a block. */
function renderPage(locale: string): string {
  const tr = translator(locale);
  const routines = [...loadCatalogue().routines.keys()]
    .map(
      (id) =>
        `<li><button type="button" class="chip" data-say="${escapeHtml(tr.t(`routine.${id}.name`))}">${escapeHtml(heading(tr.t(`routine.${id}.name`), locale))}</button></li>`,
    )
    .join('');
  const languages = supportedLocales()
    .map(
      (code) =>
        `<option value="${code}"${code === locale ? ' selected' : ''}>${escapeHtml(new Intl.DisplayNames([code], { type: 'language' }).of(code.split('-')[0]!) ?? code)}</option>`,
    )
    .join('');
  const blocks: Record<string, string> = {
    lang: locale,
    routines,
    languages,
    strings: escapeHtml(JSON.stringify({ ...webStrings(locale), knotNames: knotNames(locale) })),
  };
  return PAGE.replace(/\{\{(@?)([\w.]+)\}\}/g, (_match, block: string, key: string) =>
    block ? (blocks[key] ?? '') : escapeHtml(webText(locale, key)),
  );
}

/** What the on-screen clock shows beside the numbers: the step's words in the page's language. */
function clockView(turn: TurnResponse) {
  const view = turn.view;
  if (!view) return null;
  const tr = translator(turn.locale);
  const head = (text: string) => heading(text, turn.locale);
  return {
    routine: head(tr.t(`routine.${view.routine}.name`)),
    step: head(tr.t(`routine.${view.routine}.step.${view.stepId}.title`)),
    instruction: tr.t(`routine.${view.routine}.step.${view.stepId}.instruction`),
    side: view.side ? head(tr.t(`side.${view.side}`)) : null,
    stepIndex: view.stepIndex,
    stepCount: view.stepCount,
    holdSeconds: view.holdSeconds,
  };
}

/**
 * The coach in a browser: the page, its assets, and the turns it sends, on the same dialogue as
 * the platforms. A browser is known by a random id it keeps; its user reaches the store only once
 * a routine starts, and the number of console users kept is bounded.
 */
export function consoleRoutes(conversation: Conversation, options: ConsoleOptions = {}): Router {
  const maxSessions = options.maxSessions ?? 500;
  const users = new ConsoleUsers(conversation.store, options.maxUsers ?? 1000, maxSessions * 2);
  const console = new Conversation(users);
  const now = options.now ?? Date.now;
  const simulators = new Map<string, Simulator>();
  const userOf = (session: string) => `console:${session}`;
  const ids = new BrowserIds(options.keys ?? SnapshotKeys.fromEnv(undefined));
  const guards = consoleGuards({ ...DEFAULT_LIMITS, ...options.limits });
  const transfers = new TransferCodes();

  /** The request's browser, when its token is the one this server gave that id; else answered 403. */
  const owned = (session: string, req: Request, res: express.Response): boolean => {
    if (!ids.tokenFits(session, req.get(TOKEN_HEADER))) {
      res.status(403).json({ error: 'This browser id is not yours or not issued here: ask /console/hello again' });
      return false;
    }
    return guards.perBrowser(session, res);
  };

  const router = express.Router();
  router.post('/console/*path', guards.sameOriginJson);
  // The author's check and preview (author.ts) cost the server work: same guards as the console's.
  router.post('/plan/*path', guards.sameOriginJson);
  router.get('/', (req, res) => {
    res
      .type('html')
      .set('Cache-Control', 'no-cache')
      .send(renderPage(pageLocale(req)));
  });
  router.get('/page.html', (_req, _res, next) => next('router')); // the template is served rendered, at /
  router.use(
    express.static(WEB_DIR, {
      index: false,
      fallthrough: true,
      setHeaders: (res) => res.set('Cache-Control', 'no-cache'),
    }),
  );

  // The page's id and its token: the id it kept (issued here, or from before ids were issued and
  // with something stored), or a new one, a limited number per address.
  router.post('/console/hello', express.json({ limit: '1kb' }), async (req, res) => {
    const parsed = helloRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: fieldReasons(parsed.error) });
      return;
    }
    if (parsed.data.code !== undefined) {
      const carried = transfers.take(parsed.data.code, req);
      if ('refused' in carried) {
        refuseCode(res, carried.refused);
        return;
      }
      res.json({ session: carried.session, token: ids.token(carried.session) });
      return;
    }
    const kept = parsed.data.session;
    if (kept && (ids.issued(kept) || (await keptSomething(userOf(kept))))) {
      res.json({ session: kept, token: ids.token(kept) });
      return;
    }
    const wait = guards.newIdWait(req);
    if (wait) {
      res.set('Retry-After', String(wait)).status(429).json({ error: 'Too many new browsers from this address' });
      return;
    }
    const session = ids.mint();
    res.json({ session, token: ids.token(session) });
  });
  // A code to open the same journal on another device (the id itself is never shown).
  router.post('/console/transfer', express.json({ limit: '1kb' }), (req, res) => {
    const parsed = deleteRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: fieldReasons(parsed.error) });
      return;
    }
    if (!owned(parsed.data.session, req, res)) return;
    res.set('Cache-Control', 'no-store').json(transfers.issue(parsed.data.session));
  });
  const keptSomething = async (userId: string) => keepsAnything(await users.load(userId));

  router.post('/console/say', express.json({ limit: '8kb' }), async (req, res) => {
    const parsed = sayRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: fieldReasons(parsed.error) });
      return;
    }
    const { session, text } = parsed.data;
    if (!owned(session, req, res)) return;
    const locale = resolveLocale(parsed.data.locale ?? 'en-US');
    let simulator = simulators.get(session);
    if (!simulator) {
      simulator = new Simulator(console, { locale, userId: userOf(session), fast: false, now });
      while (simulators.size >= maxSessions) simulators.delete(simulators.keys().next().value!);
    }
    simulators.delete(session); // most recently used last
    simulators.set(session, simulator);
    simulator.locale = locale; // a language switch keeps the conversation
    simulator.address = addressOf(req);
    const result = await simulator.say(text);
    if (!result) {
      res.json({ line: null, segments: [], holds: [], view: null, inspect: null });
      return;
    }
    if (result.response.routine) await users.admit(userOf(session));
    const plan = result.response.speech.plan;
    res.json({
      line: result.line,
      segments: plan.segments,
      holds: plan.holds,
      view: clockView(result.response),
      inspect: inspectTurn(result.line, result.response),
    });
  });

  // POST, the id in the body: a URL (and so every access log and proxy) never holds it.
  router.post('/console/progress', express.json({ limit: '1kb' }), async (req, res) => {
    const parsed = progressRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: fieldReasons(parsed.error) });
      return;
    }
    if (!owned(parsed.data.session, req, res)) return;
    const locale = resolveLocale(parsed.data.locale);
    const userId = userOf(parsed.data.session);
    res.json({ ...progressBody(await users.load(userId), now(), locale), spots: await spotsOf(users, userId, now()) });
  });

  const knotsOf = async (session: string) => (await conversation.store.loadKnots?.(userOf(session))) ?? [];
  router.use(journalRoutes((session) => users.load(userOf(session)), now, owned, knotsOf));
  const plansDirs = [CONTENT_PLANS_DIR, ...(options.plansDir ? [options.plansDir] : [])];
  router.use(planRoutes({ store: users, pairing: console.pairing, userOf, now, owned, plansDirs }));
  // The button does what "delete my data" does once confirmed: everything kept goes, the coach says so.
  router.post('/console/delete', express.json({ limit: '1kb' }), async (req, res) => {
    const parsed = deleteRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: fieldReasons(parsed.error) });
      return;
    }
    if (!owned(parsed.data.session, req, res)) return;
    simulators.delete(parsed.data.session);
    await users.deleteUser(userOf(parsed.data.session));
    res.json({ speech: translator(resolveLocale(parsed.data.locale)).t('coach.delete.done') });
  });
  return router;
}
