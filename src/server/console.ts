import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { z } from 'zod';
import { Simulator } from '../cli/simulator';
import { resolveLocale } from '../i18n';
import type { Conversation } from '../runtime/conversation';

const PAGE = readFileSync(join(__dirname, 'console-page.html'), 'utf8');
const sayRequest = z.object({
  session: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8 to 64 letters, digits or hyphens'),
  text: z.string().min(1).max(500),
  locale: z.string().max(10).optional(),
});

/**
 * The web console: the terminal simulator in a browser, on the same conversation (and store) as the
 * platforms, on the real clock. One simulator a browser session, the oldest dropped beyond a bound.
 */
export function consoleRoutes(conversation: Conversation, maxSessions = 500): Router {
  const sessions = new Map<string, Simulator>();
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.post('/console/say', express.json({ limit: '8kb' }), async (req, res) => {
    const parsed = sayRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`).join('; ') });
      return;
    }
    const { session, text } = parsed.data;
    const locale = resolveLocale(parsed.data.locale ?? 'en-US');
    const key = `${session}:${locale}`;
    let simulator = sessions.get(key);
    if (!simulator) {
      simulator = new Simulator(conversation, { locale, userId: `console:${session}`, fast: false });
      sessions.set(key, simulator);
      while (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value!);
    }
    const result = await simulator.say(text);
    const plan = result?.response.speech.plan;
    res.json(result ? { line: result.line, segments: plan!.segments, holds: plan!.holds } : { line: null, segments: [], holds: [] });
  });
  return router;
}
