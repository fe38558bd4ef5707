import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { translator } from '../../i18n';
import { LIMITS } from '../../speech/limits';
import { renderSsml } from '../../speech/render';
import type { TurnResponse } from '../../runtime/conversation';
import { aplaHold, aplScreen, holdWindows } from './documents';

export type HoldAudio = 'apla' | 'breaks';

const inner = (ssml: string) => ssml.replace(/^<speak>|<\/speak>$/g, '');

/** Whether the device shows APL (an Echo Show), from the request's supported interfaces. */
export function supportsApl(input: HandlerInput): boolean {
  return Boolean(input.requestEnvelope.context?.System?.device?.supportedInterfaces?.['Alexa.Presentation.APL']);
}

/**
 * The coach's turn as an Alexa response. Speech up to the first silence goes in outputSpeech; the
 * rest, holds included, plays after it as APL-A with exact silences (or chained 10 s breaks).
 */
export function alexaResponse(input: HandlerInput, turn: TurnResponse, holdAudio: HoldAudio): Response {
  const builder = input.responseBuilder;
  const { plan } = turn.speech;
  const firstSilence = plan.segments.findIndex((segment) => segment.kind === 'silence');
  if (holdAudio === 'apla' && firstSilence > 0) {
    const head = { ...plan, segments: plan.segments.slice(0, firstSilence) };
    builder.speak(inner(renderSsml(head, LIMITS.alexa)));
    builder.addDirective(aplaHold(plan.segments.slice(firstSilence)) as never);
  } else {
    builder.speak(inner(turn.speech.ssml));
  }
  if (!turn.output.endSession && turn.reprompt) builder.reprompt(inner(turn.reprompt.ssml));

  const screen = turn.screen;
  if (screen) {
    const { routine, step, instruction } = screen;
    const tr = translator(turn.locale);
    builder.withSimpleCard(tr.t('alexa.cardTitle', { routine }), tr.t('alexa.cardText', { step, instruction }));
    if (supportsApl(input)) builder.addDirective(aplScreen({ routine, step, instruction, holds: holdWindows(plan) }) as never);
  }
  builder.withShouldEndSession(turn.output.endSession);
  return builder.getResponse();
}
