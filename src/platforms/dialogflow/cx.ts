import { z } from 'zod';
import { resolveLocale } from '../../i18n';
import type { TurnResponse } from '../../runtime/conversation';
import { eventFromDialogflow, type DialogflowTurn } from './events';
import { cxUserId } from './user';

/** The parts of a CX v3 WebhookRequest we read; unknown fields are ignored. */
export const cxRequestSchema = z.object({
  detectIntentResponseId: z.string().optional(),
  languageCode: z.string().optional(),
  fulfillmentInfo: z.object({ tag: z.string().optional() }).loose().optional(),
  intentInfo: z
    .object({
      displayName: z.string().optional(),
      lastMatchedIntent: z.string().optional(),
      parameters: z
        .record(
          z.string(),
          z.object({ originalValue: z.unknown().optional(), resolvedValue: z.unknown().optional() }).loose(),
        )
        .optional(),
    })
    .loose()
    .optional(),
  pageInfo: z.object({ currentPage: z.string().optional() }).loose().optional(),
  sessionInfo: z
    .object({ session: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() })
    .loose()
    .optional(),
  text: z.string().optional(),
  transcript: z.string().optional(),
  triggerEvent: z.string().optional(),
  payload: z.unknown().optional(),
});
export type CxRequest = z.infer<typeof cxRequestSchema>;

export type CxTurn = DialogflowTurn;

/**
 * Reads a CX request: the event from the webhook tag and matched intent, the sealed snapshot from
 * session parameters (opened by the route), the caller only where the operator trusts it (./user.ts).
 */
export function readCxRequest(request: CxRequest, trustCallerId = false): CxTurn {
  const locale = resolveLocale(request.languageCode);
  const session = request.sessionInfo?.session ?? `no-session/${request.detectIntentResponseId ?? ''}`;
  const coach = request.sessionInfo?.parameters?.coach;
  const parameters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request.intentInfo?.parameters ?? {}))
    parameters[name] = value.resolvedValue ?? value.originalValue;
  const caller = cxUserId(request.payload, trustCallerId);
  return {
    userId: caller ?? `dialogflow-cx:${session}`,
    sessionOnly: caller === null,
    sessionId: session,
    requestId: request.detectIntentResponseId ?? '',
    locale,
    carried: coach ?? null,
    event: eventFromDialogflow({
      names: [request.fulfillmentInfo?.tag, request.intentInfo?.displayName, request.triggerEvent],
      parameters,
      text: request.text ?? request.transcript,
      locale,
    }),
    newSession: coach === undefined || coach === null,
  };
}

/** The flow's END_SESSION page, to hang up or close when the coach ends the session. */
function endPage(request: CxRequest): string | undefined {
  const page = request.pageInfo?.currentPage;
  const flow = page?.match(/^(.*\/flows\/[^/]+)/)?.[1];
  return flow ? `${flow}/pages/END_SESSION` : undefined;
}

/** The CX WebhookResponse: SSML for voice (outputAudioText), text for chat, the snapshot in session parameters. */
export function cxResponse(request: CxRequest, result: TurnResponse) {
  const end = result.output.endSession;
  const target = end ? endPage(request) : undefined;
  return {
    fulfillmentResponse: {
      messages: [{ text: { text: [result.speech.text] } }, { outputAudioText: { ssml: result.speech.ssml } }],
      mergeBehavior: 'REPLACE',
    },
    // null removes the parameter: an ended session leaves nothing behind.
    sessionInfo: { parameters: { coach: end ? null : result.snapshot } },
    ...(target ? { targetPage: target } : {}),
  };
}
