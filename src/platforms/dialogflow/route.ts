import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { translator } from '../../i18n';
import { log } from '../../log';
import type { Conversation, TurnResponse } from '../../runtime/conversation';
import { LIMITS } from '../../speech/limits';
import { requireAuth, type AuthSetting } from './auth';
import { cxRequestSchema, cxResponse, readCxRequest, type CxRequest } from './cx';
import { esRequestSchema, esResponse, readEsRequest, type EsRequest } from './es';
import { ReplayCache } from './replay';

/** Answer a second before Dialogflow gives up (5 s for ES and CX by default: speech/limits.ts). */
const DEADLINE_MS = Math.min(LIMITS.dialogflowEs.timeoutMs, LIMITS.dialogflowCx.timeoutMs) - 1000;

function parse<T>(schema: z.ZodType<T>, req: Request, res: Response, platform: string): T | null {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const reason = `Not a Dialogflow ${platform} webhook request: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`).join('; ')}`;
  log.warn('dialogflow request refused', { platform, status: 400, reason });
  res.status(400).json({ error: reason });
  return null;
}

/** Runs the turn, or gives up in time with a spoken "say that again" and the old snapshot. */
async function withinDeadline(work: Promise<TurnResponse>, late: () => unknown): Promise<{ body: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), DEADLINE_MS)));
  const result = await Promise.race([work, deadline]);
  clearTimeout(timer);
  return result === 'late' ? { body: late() } : { body: result };
}

/** POST /dialogflow (ES v2) and POST /dialogflow-cx (CX v3): authenticated, idempotent per request id. */
export function dialogflowRoutes(conversation: Conversation, auth: AuthSetting): { es: Router; cx: Router } {
  const esReplies = new ReplayCache<unknown>();
  const cxReplies = new ReplayCache<unknown>();
  const json = express.json({ limit: '512kb' });

  const es = express.Router();
  es.post('/', requireAuth(auth), json, async (req, res) => {
    const request = parse<EsRequest>(esRequestSchema, req, res, 'ES');
    if (!request) return;
    const turn = readEsRequest(request);
    const body = await esReplies.answer(turn.requestId || undefined, async () => {
      const work = conversation.handle({ ...turn, platform: 'dialogflowEs', now: Date.now() });
      const { body: result } = await withinDeadline(work, () => null);
      if (!result) return slowEs(turn.locale);
      return esResponse(request, turn, result as TurnResponse);
    });
    res.json(body);
  });

  const cx = express.Router();
  cx.post('/', requireAuth(auth), json, async (req, res) => {
    const request = parse<CxRequest>(cxRequestSchema, req, res, 'CX');
    if (!request) return;
    const turn = readCxRequest(request);
    const body = await cxReplies.answer(turn.requestId || undefined, async () => {
      const work = conversation.handle({ ...turn, platform: 'dialogflowCx', now: Date.now() });
      const { body: result } = await withinDeadline(work, () => null);
      if (!result) return slowCx(turn.locale);
      return cxResponse(request, result as TurnResponse);
    });
    res.json(body);
  });
  return { es, cx };
}

function slowEs(locale: string) {
  const text = translator(locale).t('dialogflow.slow');
  log.warn('dialogflow turn too slow', { platform: 'dialogflow-es' });
  // No outputContexts: Dialogflow keeps the request's contexts, so the snapshot stays as it was.
  return { fulfillmentText: text, fulfillmentMessages: [{ text: { text: [text] } }] };
}

function slowCx(locale: string) {
  const text = translator(locale).t('dialogflow.slow');
  log.warn('dialogflow turn too slow', { platform: 'dialogflow-cx' });
  return { fulfillmentResponse: { messages: [{ text: { text: [text] } }], mergeBehavior: 'REPLACE' } };
}
