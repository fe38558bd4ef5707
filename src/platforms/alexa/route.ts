import express, { type Request, type Response, type Router } from 'express';
import { SkillRequestSignatureVerifier, TimestampVerifier, type Verifier } from 'ask-sdk-express-adapter';
import type { Skill as CustomSkill } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { z } from 'zod';
import { log } from '../../log';
import { translator } from '../../i18n';
import { formatIssues } from '../../zod-issues';

export interface AlexaRouteOptions {
  skill: CustomSkill;
  /** Signature and timestamp checks: off only for local development. */
  verify: boolean;
  /** The skill id requests must carry; unset accepts any. */
  skillId: string | undefined;
}

const envelopeSchema = z.object({
  version: z.string(),
  request: z.object({ type: z.string().min(1), requestId: z.string().min(1), timestamp: z.string().min(1) }).passthrough(),
  context: z.object({ System: z.object({ application: z.object({ applicationId: z.string() }).optional() }).passthrough() }).passthrough().optional(),
  session: z.object({ application: z.object({ applicationId: z.string() }).optional() }).passthrough().optional(),
});

/**
 * POST /alexa: the raw body is kept for the signature check (no JSON parser before it), then each
 * check in turn answers 400 with its reason: JSON, envelope, signature and timestamp
 * (ask-sdk-express-adapter's verifiers), skill id (ours: the adapter does not check it).
 */
export function alexaRoute({ skill, verify, skillId }: AlexaRouteOptions): Router {
  const verifiers: Verifier[] = verify ? [new SkillRequestSignatureVerifier(), new TimestampVerifier()] : [];
  const router = express.Router();
  router.post('/', express.text({ type: '*/*', limit: '512kb' }), async (req: Request, res: Response) => {
    const raw = typeof req.body === 'string' ? req.body : '';
    const refuse = (reason: string) => {
      log.warn('alexa request refused', { platform: 'alexa', status: 400, reason });
      res.status(400).json({ error: reason });
    };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return refuse('Malformed JSON body');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      return refuse(`Not an Alexa request envelope: ${formatIssues(envelope.error)}`);
    }
    try {
      for (const verifier of verifiers) await verifier.verify(raw, req.headers as Record<string, string>);
    } catch (error) {
      return refuse(`Request verification failed: ${(error as Error).message}`);
    }
    const applicationId = envelope.data.context?.System.application?.applicationId ?? envelope.data.session?.application?.applicationId;
    if (skillId && applicationId !== skillId) return refuse('Request is for another skill id');
    try {
      res.json(await skill.invoke(json as RequestEnvelope));
    } catch (error) {
      // The skill's own error handler answers handler failures; this is a failure around it.
      log.error('alexa dispatch failed', { platform: 'alexa', errorType: (error as Error).name });
      const locale = (envelope.data.request as { locale?: string }).locale ?? 'en-US';
      const text = translator(locale).t('alexa.error');
      res.json({ version: '1.0', response: { outputSpeech: { type: 'PlainText', text }, shouldEndSession: false } });
    }
  });
  return router;
}
