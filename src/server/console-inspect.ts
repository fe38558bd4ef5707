import { ResponseFactory, type HandlerInput } from 'ask-sdk-core';
import { alexaResponse } from '../platforms/alexa/response';
import { cxResponse } from '../platforms/dialogflow/cx';
import { esResponse } from '../platforms/dialogflow/es';
import type { TurnResponse } from '../runtime/conversation';
import { renderOutput } from '../runtime/render-output';
import type { TranscriptLine } from '../runtime/simulator';

export interface TurnInspection {
  event: TranscriptLine['event'];
  state: string;
  routine: string | null;
  step: TranscriptLine['step'];
  holdSeconds: number | null;
  endSession: boolean;
  ssml: string;
  /** The response bodies the same turn gets on each platform, rendered by the platform adapters. */
  alexa: unknown;
  dialogflowCx: unknown;
  dialogflowEs: unknown;
}

/** An Echo Show asking, so the APL screen shows too. */
function alexaInput(): HandlerInput {
  return {
    requestEnvelope: { context: { System: { device: { supportedInterfaces: { 'Alexa.Presentation.APL': {} } } } } },
    responseBuilder: ResponseFactory.init(),
  } as unknown as HandlerInput;
}

/**
 * The developer view of one console turn, like the Alexa console's JSON output: the matched event,
 * the position, the SSML, and what Alexa and Dialogflow would have been sent, each rendered under
 * that platform's own limits from the same coach output.
 */
export function inspectTurn(line: TranscriptLine, turn: TurnResponse): TurnInspection {
  const on = (platform: 'alexa' | 'dialogflowCx' | 'dialogflowEs'): TurnResponse => ({
    ...turn,
    ...renderOutput(turn.output, turn.locale, platform),
  });
  const session = 'projects/console/locations/global/agents/console/sessions/console';
  const cx = {
    languageCode: turn.locale,
    sessionInfo: { session },
    pageInfo: {
      currentPage: `${session.split('/sessions/')[0]}/flows/00000000-0000-0000-0000-000000000000/pages/START_PAGE`,
    },
  };
  const esRequest = { session: `projects/console/agent/sessions/console`, queryResult: { languageCode: turn.locale } };
  const esTurn = { telephony: true, legacyGoogle: false } as Parameters<typeof esResponse>[1];
  return {
    event: line.event,
    state: turn.state,
    routine: line.routine,
    step: line.step,
    holdSeconds: line.holdSeconds,
    endSession: line.endSession,
    ssml: line.ssml,
    alexa: { version: '1.0', response: alexaResponse(alexaInput(), on('alexa'), 'apla') },
    dialogflowCx: cxResponse(cx, on('dialogflowCx')),
    dialogflowEs: esResponse(esRequest as Parameters<typeof esResponse>[0], esTurn, on('dialogflowEs')),
  };
}
