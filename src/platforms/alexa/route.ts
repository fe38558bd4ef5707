import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Skill as CustomSkill } from 'ask-sdk-core';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { z } from 'zod';
import { log } from '../../log';
import { translator } from '../../i18n';
import { ReplayCache } from '../../runtime/replay-cache';
import { formatIssues } from '../../zod-issues';
import { AlexaRequestVerifier, VerificationError } from './verify';
import { VERIFY_LIMITS } from './verify/limits';
import { responseJson } from './response-json';

export interface AlexaRouteOptions {
  skill: CustomSkill;
  /** Signature and timestamp checks: off only for local development. */
  verify: boolean;
  /** The skill id requests must carry; unset accepts any. */
  skillId: string | undefined;
  /** The verifier (tests pass one with a counting or stalling download). */
  verifier?: AlexaRequestVerifier;
}

const user = z.object({ userId: z.string().optional() }).loose().optional();
const application = z.object({ applicationId: z.string() }).optional();
const envelopeSchema = z.object({
  version: z.string(),
  request: z.object({ type: z.string().min(1), requestId: z.string().min(1), timestamp: z.string().min(1) }).loose(),
  context: z
    .object({ System: z.object({ application, user }).loose() })
    .loose()
    .optional(),
  session: z.object({ application, user }).loose().optional(),
});

/**
 * A first answer kept for replays: the body it answered, so another body under the same id is
 * refused, and the answer as JSON text. Text, not the response's objects: 2000 answers kept for
 * 150 s are one flat string each for the garbage collector, not a graph it traces again and again.
 */
interface Answer {
  bodyHash: string;
  json: string;
}

/**
 * POST /alexa: the raw body is kept for the signature check (no JSON parser before it), then each
 * check in turn answers 4xx with its reason: JSON, envelope, signature and timestamp (our verifier,
 * ./verify), skill id; a request id seen in the last 150 s gets its first answer again and the
 * turn does not run twice.
 */
export function alexaRoute({
  skill,
  verify,
  skillId,
  verifier = new AlexaRequestVerifier(),
}: AlexaRouteOptions): Router {
  const answers = new ReplayCache<Answer>(2000, VERIFY_LIMITS.timestampToleranceMs);
  const router = express.Router();
  router.post('/', express.raw({ type: () => true, limit: '512kb' }), async (req: Request, res: Response) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const refuse = (reason: string, status = 400) => {
      log.warn('alexa request refused', { platform: 'alexa', status, reason });
      res.status(status).json({ error: reason });
    };
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      refuse('Malformed JSON body');
      return;
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      refuse(`Not an Alexa request envelope: ${formatIssues(envelope.error)}`);
      return;
    }
    if (verify) {
      try {
        await verifier.verify(raw, req.headers, envelope.data.request.timestamp, req.ip, envelope.data.request.type);
      } catch (error) {
        // Only our own reasons go back; anything else is logged by type and answered generically.
        if (error instanceof VerificationError) {
          refuse(`Request verification failed: ${error.message}`, error.status);
          return;
        }
        log.error('alexa verification failed', { platform: 'alexa', errorType: (error as Error).name });
        refuse('Request verification failed');
        return;
      }
    }
    const applicationId =
      envelope.data.context?.System.application?.applicationId ?? envelope.data.session?.application?.applicationId;
    if (skillId && applicationId !== skillId) {
      refuse('Request is for another skill id');
      return;
    }
    if (!skillId) log.debug('alexa skill id not checked: ALEXA_SKILL_ID is unset', { platform: 'alexa' });
    const bodyHash = createHash('sha256').update(raw).digest('hex');
    const answer = await answers.answer(envelope.data.request.requestId, async () => ({
      bodyHash,
      json: responseJson(await invoke(skill, json as RequestEnvelope, envelope.data.request as { locale?: unknown })),
    }));
    if (answer.bodyHash !== bodyHash) {
      refuse('Request id was already used for another request');
      return;
    }
    res.type('json').send(answer.json);
  });
  return router;
}

async function invoke(
  skill: CustomSkill,
  envelope: RequestEnvelope,
  request: { locale?: unknown },
): Promise<ResponseEnvelope> {
  try {
    return await skill.invoke(envelope);
  } catch (error) {
    // The skill's own error handler answers handler failures; this is a failure around it.
    log.error('alexa dispatch failed', { platform: 'alexa', errorType: (error as Error).name });
    const locale = typeof request.locale === 'string' ? request.locale : 'en-US';
    const text = translator(locale).t('alexa.error');
    return { version: '1.0', response: { outputSpeech: { type: 'PlainText', text }, shouldEndSession: false } };
  }
}
