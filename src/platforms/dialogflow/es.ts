import { z } from 'zod';
import { resolveLocale } from '../../i18n';
import type { TurnResponse } from '../../runtime/conversation';
import { eventFromDialogflow, type DialogflowTurn } from './events';
import { esUserId } from './user';

/** The coach's snapshot travels in this output context (cloud.google.com/dialogflow/es/docs/contexts-overview). */
export const CONTEXT = 'massage-coach';
/** Queries the context lives for: enough for the turns between answers (a pause, a question). */
export const CONTEXT_LIFESPAN = 50;

const contextSchema = z.object({
  name: z.string(),
  lifespanCount: z.number().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
/** The parts of an ES v2 WebhookRequest we read (plain JSON: parameters are not protobuf Structs here). */
export const esRequestSchema = z.object({
  responseId: z.string().optional(),
  session: z.string().optional(),
  queryResult: z
    .object({
      queryText: z.string().optional(),
      action: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      outputContexts: z.array(contextSchema).optional(),
      intent: z.object({ displayName: z.string().optional(), name: z.string().optional() }).loose().optional(),
      languageCode: z.string().optional(),
    })
    .loose(),
  originalDetectIntentRequest: z
    .object({ source: z.string().optional(), version: z.string().optional(), payload: z.unknown().optional() })
    .loose()
    .optional(),
});
export type EsRequest = z.infer<typeof esRequestSchema>;

export interface EsTurn extends DialogflowTurn {
  legacyGoogle: boolean;
  telephony: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads an ES request: event, locale ("en-us" normalised), snapshot from our context, who is asking. */
export function readEsRequest(request: EsRequest): EsTurn {
  const query = request.queryResult;
  const locale = resolveLocale(query.languageCode);
  const session = request.session ?? `no-session/${request.responseId ?? ''}`;
  const context = query.outputContexts?.find((candidate) => candidate.name.endsWith(`/contexts/${CONTEXT}`));
  const coach = context?.parameters?.coach;
  const original = request.originalDetectIntentRequest;
  const source = original?.source;
  // The payload is whatever JSON the channel sent (z.unknown()): only an object can name a caller.
  const payload = isObject(original?.payload) ? original.payload : undefined;
  const caller = esUserId(source, payload);
  return {
    userId: caller ?? `dialogflow-es:${session}`,
    sessionOnly: caller === null,
    sessionId: session,
    requestId: request.responseId ?? '',
    locale,
    carried: coach ?? null,
    event: eventFromDialogflow({
      names: [query.action, query.intent?.displayName],
      parameters: query.parameters ?? {},
      text: query.queryText,
      locale,
    }),
    newSession: !context,
    legacyGoogle: source === 'google',
    telephony: source === 'GOOGLE_TELEPHONY' || !!(payload && 'telephony' in payload),
  };
}

/** The ES WebhookResponse: text for chat, telephony SSML for the phone gateway, legacy Assistant payload. */
export function esResponse(request: EsRequest, turn: EsTurn, result: TurnResponse) {
  const text = result.speech.text;
  const end = result.output.endSession;
  const session = request.session;
  const messages: unknown[] = [{ text: { text: [text] } }];
  if (turn.telephony) messages.push({ platform: 'TELEPHONY', telephonySynthesizeSpeech: { ssml: result.speech.ssml } });
  return {
    fulfillmentText: text,
    fulfillmentMessages: messages,
    ...(session
      ? {
          outputContexts: [
            {
              name: `${session}/contexts/${CONTEXT}`,
              lifespanCount: end ? 0 : CONTEXT_LIFESPAN,
              parameters: end ? {} : { coach: result.snapshot },
            },
          ],
        }
      : {}),
    ...(turn.legacyGoogle
      ? {
          payload: {
            google: {
              expectUserResponse: !end,
              richResponse: { items: [{ simpleResponse: { ssml: result.speech.ssml, displayText: text } }] },
              ...(!end && result.reprompt ? { noInputPrompts: [{ ssml: result.reprompt.ssml }] } : {}),
            },
          },
        }
      : {}),
  };
}
