import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { translator } from '../../i18n';
import { log } from '../../log';
import type { Conversation, TurnResponse } from '../../runtime/conversation';
import { LIMITS, type PlatformName } from '../../speech/limits';
import { requireAuth, type AuthSetting } from './auth';
import { cxRequestSchema, cxResponse, readCxRequest } from './cx';
import { esRequestSchema, esResponse, readEsRequest } from './es';
import type { DialogflowTurn } from './events';
import { ReplayCache } from '../../runtime/replay-cache';
import { formatIssues } from '../../zod-issues';
import type { SnapshotKeys } from '../../runtime/snapshot-seal';

export interface DialogflowOptions {
  auth: AuthSetting;
  /** Seal and open the snapshots that travel in session parameters and contexts. */
  keys: SnapshotKeys;
  /** DIALOGFLOW_CX_TRUST_CALLER_ID=on: the CX phone gateway is the agent's only client (see ./user.ts). */
  trustCxCallerId: boolean;
}

/** Answer a second before Dialogflow gives up (5 s for ES and CX by default: speech/limits.ts). */
const DEADLINE_MS = Math.min(LIMITS.dialogflowEs.timeoutMs, LIMITS.dialogflowCx.timeoutMs) - 1000;

/** The turn, or null when it would not be ready before the deadline. */
async function withinDeadline(work: Promise<TurnResponse>): Promise<TurnResponse | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), DEADLINE_MS)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

interface Webhook<R, T extends DialogflowTurn> {
  label: string;
  platform: PlatformName;
  schema: z.ZodType<R>;
  read(request: R): T;
  respond(request: R, turn: T, result: TurnResponse): unknown;
  /** The answer when the turn is too slow: words only, the snapshot left as it was. */
  slow(text: string): unknown;
}

/**
 * One webhook: authenticated, validated (400 with the reason), idempotent per request id (a
 * retry gets the same answer without the turn running again), answered within the deadline.
 */
function webhook<R, T extends DialogflowTurn>(
  conversation: Conversation,
  { auth, keys }: DialogflowOptions,
  hook: Webhook<R, T>,
): Router {
  // Kept as JSON text: a flat string per answer for the garbage collector (see the Alexa route).
  const replies = new ReplayCache<string>();
  const router = express.Router();
  router.post('/', requireAuth(auth), express.json({ limit: '512kb' }), async (req: Request, res: Response) => {
    const parsed = hook.schema.safeParse(req.body);
    if (!parsed.success) {
      const reason = `Not a Dialogflow ${hook.label} webhook request: ${formatIssues(parsed.error)}`;
      log.warn('dialogflow request refused', { platform: hook.platform, status: 400, reason });
      res.status(400).json({ error: reason });
      return;
    }
    const request = parsed.data;
    const turn = hook.read(request);
    const opened = keys.open(turn.carried, turn.sessionId, turn.userId);
    // A snapshot made for another session or user, or edited, never runs: the person hears that
    // the coach starts afresh, and nothing of theirs (or anyone's) changes on the way.
    if (opened.kind === 'refused')
      log.warn('dialogflow snapshot refused', { platform: hook.platform, reason: opened.reason });
    const refused = opened.kind === 'refused';
    const body = await replies.answer(turn.requestId || undefined, async () => {
      const result = await withinDeadline(
        conversation.handle({
          ...turn,
          snapshot: opened.kind === 'ok' ? opened.snapshot : null,
          // A warning sign is answered whatever came with it; anything else starts at the welcome.
          ...(refused && turn.event.type !== 'RED_FLAG'
            ? { event: { type: 'LAUNCH' }, newSession: false, notice: 'coach.snapshotRefused' }
            : {}),
          platform: hook.platform,
          now: Date.now(),
        }),
      );
      if (result)
        return JSON.stringify(
          hook.respond(request, turn, { ...result, snapshot: keys.seal(result.snapshot, turn.sessionId, turn.userId) }),
        );
      log.warn('dialogflow turn too slow', { platform: hook.platform });
      return JSON.stringify(hook.slow(translator(turn.locale).t('dialogflow.slow')));
    });
    res.type('json').send(body);
  });
  return router;
}

/** POST /dialogflow (ES v2) and POST /dialogflow-cx (CX v3). */
export function dialogflowRoutes(conversation: Conversation, options: DialogflowOptions): { es: Router; cx: Router } {
  return {
    es: webhook(conversation, options, {
      label: 'ES',
      platform: 'dialogflowEs',
      schema: esRequestSchema,
      read: readEsRequest,
      respond: esResponse,
      // No outputContexts: Dialogflow keeps the request's contexts, so the snapshot stays as it was.
      slow: (text) => ({ fulfillmentText: text, fulfillmentMessages: [{ text: { text: [text] } }] }),
    }),
    cx: webhook(conversation, options, {
      label: 'CX',
      platform: 'dialogflowCx',
      schema: cxRequestSchema,
      read: (request) => readCxRequest(request, options.trustCxCallerId),
      respond: (request, _turn, result) => cxResponse(request, result),
      slow: (text) => ({ fulfillmentResponse: { messages: [{ text: { text: [text] } }], mergeBehavior: 'REPLACE' } }),
    }),
  };
}
