import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { resolveLocale, translator } from '../i18n';
import type { UserState } from '../store/types';
import { catalogue } from '../content/load';
import type { KnotEntry } from '../coach/knots';
import { fieldReasons } from '../zod-issues';
import { heading } from './console-progress';
import type { Journal } from './web/report.js';

/** The shape POST /console/journal answers, versioned so a saved report can say what it was made from. */
export const JOURNAL_FORMAT = 'massage-coach-journal/1';

/**
 * The body POST /console/journal answers: the report module's own Journal type (documented in
 * src/server/web/report.js), so the page and the route cannot drift apart. Only ids, dates,
 * numbers and the reason a session was cut short: nothing a person said.
 */
export type JournalBody = Journal;

const journalRequest = z.object({
  session: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8 to 64 letters, digits or hyphens'),
  locale: z.string().max(10).optional(),
});

/** A journal entry's spot, for stores that keep one (the journal's type has none yet). */
const spotOf = (entry: object): string | null =>
  'spot' in entry && typeof entry.spot === 'string' && entry.spot ? entry.spot : null;

/**
 * The knot map's tensions as the report reads them: per marked spot and session, the routine it
 * belongs to and the spot named in the locale ("Compression, left"). Dates, numbers and names only.
 */
function spotTensions(knots: readonly KnotEntry[], now: number, locale: string): NonNullable<JournalBody['spots']> {
  const tr = translator(locale);
  const routines = [...catalogue().routines.values()];
  return knots.flatMap((entry) => {
    if (entry.kind !== 'tension' || Date.parse(entry.date) > now) return [];
    const { area, side, step } = entry.spot;
    const routine = routines.find((r) => r.area === area && r.steps.some((s) => s.id === step));
    if (!routine) return [];
    const title = heading(tr.t(`routine.${routine.id}.step.${step}.title`), locale);
    const spot = side ? `${title}, ${tr.t(`side.${side}`)}` : title;
    return [{ date: entry.date, routine: routine.id, spot, ratingBefore: entry.before, ratingAfter: entry.after }];
  });
}

/** The journal as the report reads it: the person's own entries up to now, in a documented shape. */
export function journalBody(
  user: UserState,
  now: number,
  locale: string,
  knots: readonly KnotEntry[] = [],
): JournalBody {
  const tr = translator(locale);
  const entries = user.journal
    .filter((entry) => Date.parse(entry.date) <= now)
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const spots = spotTensions(knots, now, locale);
  const areas = Object.fromEntries(
    [...new Set([...entries.map((entry) => entry.routine), ...spots.map((row) => row.routine)])].map((routine) => [
      routine,
      heading(tr.t(`routine.${routine}.name`), locale),
    ]),
  );
  return {
    format: JOURNAL_FORMAT,
    now: new Date(now).toISOString(),
    locale,
    goal: user.goal,
    areas,
    entries: entries.map((entry) => ({
      date: entry.date,
      routine: entry.routine,
      spot: spotOf(entry),
      stepsCompleted: entry.stepsCompleted,
      totalSteps: entry.totalSteps,
      completed: entry.completed,
      cutShort: entry.cutShort,
      ratingBefore: entry.ratingBefore ?? null,
      ratingAfter: entry.ratingAfter ?? null,
      resumed: entry.resumed ?? false,
    })),
    ...(spots.length ? { spots } : {}),
  };
}

/**
 * POST /console/journal {session, locale}: the browser's own journal, for the report it makes
 * itself. The id travels in the body (never in a URL); a plain JSON POST like every /console route.
 */
export function journalRoutes(
  load: (session: string) => Promise<UserState>,
  now: () => number,
  /** Whether the request holds the token of this browser id (answered 403 or 429 when not). */
  owned: (session: string, req: Request, res: Response) => boolean,
  /** The browser's knot map, where the store keeps one: the report's per-spot figures come from it. */
  knots: (session: string) => Promise<KnotEntry[]> = async () => [],
): Router {
  const router = express.Router();
  router.post('/console/journal', express.json({ limit: '1kb' }), async (req, res) => {
    const parsed = journalRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: fieldReasons(parsed.error) });
      return;
    }
    if (!owned(parsed.data.session, req, res)) return;
    res
      .set('Cache-Control', 'no-store')
      .json(
        journalBody(
          await load(parsed.data.session),
          now(),
          resolveLocale(parsed.data.locale),
          await knots(parsed.data.session),
        ),
      );
  });
  return router;
}
