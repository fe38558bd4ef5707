import { randomUUID } from 'node:crypto';
import type { TranscriptLine } from '../../src/runtime/simulator';
import { matcherFor } from '../../src/nlu/matcher';
import { interactionModel } from '../../src/nlu/utterances';

export const TOKEN = 'test-token';
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** What the generated agent matches for an utterance: intent display name, action (event), parameters. */
export function agentMatch(utterance: string, locale: string) {
  const { event, intent } = matcherFor(locale).match(utterance);
  const definition = interactionModel(locale).intents.find((candidate) => candidate.name === intent);
  const parameters: Record<string, unknown> = {};
  for (const slot of Object.keys(definition?.slots ?? {})) {
    const value = (event as Record<string, unknown>)[slot];
    if (value !== undefined) parameters[slot] = value;
  }
  return {
    displayName: intent ?? 'Default Fallback Intent',
    action: event.type === 'FALLBACK' ? 'input.unknown' : event.type,
    parameters,
    type: event.type,
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = AUTH) {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, body: json };
}

const line = (input: string, type: string, text: string, ssml: string, end: boolean): TranscriptLine => ({
  input,
  event: { type },
  routine: null,
  step: null,
  holdSeconds: null,
  speech: text,
  ssml,
  endSession: end,
});

/** A Dialogflow ES agent in front of our webhook: contexts come back as Dialogflow returns them. */
export function esDevice(
  baseUrl: string,
  options: { locale?: string; languageCode?: string; source?: string; payload?: unknown; userId?: string } = {},
) {
  const locale = options.locale ?? 'en-US';
  let session = `projects/massage-coach/agent/sessions/${randomUUID()}`;
  let contexts: Array<{ name: string; lifespanCount: number; parameters?: Record<string, unknown> }> = [];
  const device = {
    last: null as any,
    lastRequest: null as any,
    async send(utterance: string, match: { displayName: string; action: string; parameters: Record<string, unknown> }) {
      const request = {
        responseId: randomUUID(),
        session,
        queryResult: {
          queryText: utterance,
          action: match.action,
          parameters: match.parameters,
          allRequiredParamsPresent: true,
          outputContexts: contexts,
          intent: { name: `projects/massage-coach/agent/intents/${match.displayName}`, displayName: match.displayName },
          intentDetectionConfidence: 1,
          languageCode: options.languageCode ?? locale.toLowerCase(),
        },
        originalDetectIntentRequest: { source: options.source ?? 'DIALOGFLOW_CONSOLE', payload: options.payload ?? {} },
      };
      const response = await postJson(`${baseUrl}/dialogflow`, request);
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
      device.lastRequest = request;
      device.last = response.body;
      // Dialogflow: returned contexts replace ours; each query uses up one of every context's lifespan.
      const returned = (response.body.outputContexts ?? []) as typeof contexts;
      const names = new Set(returned.map((c) => c.name));
      contexts = [
        ...contexts.filter((c) => !names.has(c.name)).map((c) => ({ ...c, lifespanCount: c.lifespanCount - 1 })),
        ...returned,
      ].filter((c) => c.lifespanCount > 0);
      return response.body;
    },
    async say(utterance: string): Promise<TranscriptLine | null> {
      if (utterance === '<launch>') {
        session = `projects/massage-coach/agent/sessions/${randomUUID()}`;
        contexts = [];
        const body = await device.send('hi', {
          displayName: 'Default Welcome Intent',
          action: 'input.welcome',
          parameters: {},
        });
        return line(utterance, 'LAUNCH', body.fulfillmentText, ssmlOf(body), endOf(body));
      }
      if (utterance === '<end>') {
        // Dialogflow has no session-closed event: the conversation just stops.
        contexts = [];
        return null;
      }
      const match = agentMatch(utterance, locale);
      const body = await device.send(utterance, match);
      return line(utterance, match.type, body.fulfillmentText, ssmlOf(body), endOf(body));
    },
  };
  return device;
}

const ssmlOf = (body: any): string =>
  body.fulfillmentMessages?.find((m: any) => m.telephonySynthesizeSpeech)?.telephonySynthesizeSpeech.ssml ??
  body.payload?.google?.richResponse?.items?.[0]?.simpleResponse?.ssml ??
  '';
const endOf = (body: any): boolean => body.outputContexts?.[0]?.lifespanCount === 0;

/** A Dialogflow CX agent: session parameters merge between turns, null removes one. */
export function cxDevice(baseUrl: string, options: { locale?: string; payload?: unknown } = {}) {
  const locale = options.locale ?? 'en-US';
  let session = `projects/p/locations/global/agents/a/sessions/${randomUUID()}`;
  let parameters: Record<string, unknown> = {};
  const device = {
    last: null as any,
    lastRequest: null as any,
    async send(body: Record<string, unknown>) {
      const request = {
        detectIntentResponseId: randomUUID(),
        languageCode: locale.split('-')[0],
        pageInfo: {
          currentPage:
            'projects/p/locations/global/agents/a/flows/00000000-0000-0000-0000-000000000000/pages/START_PAGE',
          displayName: 'Start Page',
        },
        sessionInfo: { session, parameters },
        ...(options.payload ? { payload: options.payload } : {}),
        ...body,
      };
      const response = await postJson(`${baseUrl}/dialogflow-cx`, request);
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
      device.lastRequest = request;
      device.last = response.body;
      for (const [name, value] of Object.entries(response.body.sessionInfo?.parameters ?? {})) {
        // CX clears a session parameter by sending it as null.
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
        if (value === null) delete parameters[name];
        else parameters[name] = value;
      }
      return response.body;
    },
    async say(utterance: string): Promise<TranscriptLine | null> {
      if (utterance === '<launch>') {
        session = `projects/p/locations/global/agents/a/sessions/${randomUUID()}`;
        parameters = {};
        const body = await device.send({ fulfillmentInfo: { tag: 'LAUNCH' }, triggerEvent: 'sys.welcome' });
        return cxLine(utterance, 'LAUNCH', body);
      }
      if (utterance === '<end>') {
        parameters = {};
        return null;
      }
      const match = agentMatch(utterance, locale);
      const intentParameters = Object.fromEntries(
        Object.entries(match.parameters).map(([name, value]) => [
          name,
          { originalValue: String(value), resolvedValue: value },
        ]),
      );
      const body = await device.send({
        fulfillmentInfo: { tag: match.type },
        intentInfo: {
          lastMatchedIntent: `projects/p/locations/global/agents/a/intents/${match.displayName}`,
          displayName: match.displayName,
          parameters: intentParameters,
          confidence: 1,
        },
        text: utterance,
      });
      return cxLine(utterance, match.type, body);
    },
  };
  return device;
}

const cxLine = (input: string, type: string, body: any): TranscriptLine =>
  line(
    input,
    type,
    body.fulfillmentResponse.messages.find((m: any) => m.text)?.text.text[0] ?? '',
    body.fulfillmentResponse.messages.find((m: any) => m.outputAudioText)?.outputAudioText.ssml ?? '',
    body.sessionInfo?.parameters?.coach === null,
  );

/** How long a response takes to hear: its breaks plus its words at 150 a minute. */
export function listeningMs(ssml: string): number {
  const breaks = [...ssml.matchAll(/<break time="(\d+)ms"\/>/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  const words = ssml
    .replace(/<[^>]+>/g, ' ')
    .split(/\s+/)
    .filter(Boolean).length;
  return breaks + (words * 60_000) / 150;
}
