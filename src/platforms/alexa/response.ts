import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { translator } from '../../i18n';
import { LIMITS } from '../../speech/limits';
import type { Plan } from '../../speech/plan';
import { renderSsml } from '../../speech/render';
import type { TurnResponse } from '../../runtime/conversation';
import type { ScreenText } from '../../runtime/render-output';
import { aplaHold, aplScreen, holdWindows } from './documents';
import { deepFreeze } from '../../deep-freeze';

export type HoldAudio = 'apla' | 'breaks';

const inner = (ssml: string) => ssml.replace(/^<speak>|<\/speak>$/g, '');

/** Whether the device shows APL (an Echo Show), from the request's supported interfaces. */
export function supportsApl(input: HandlerInput): boolean {
  return Boolean(input.requestEnvelope.context?.System?.device?.supportedInterfaces?.['Alexa.Presentation.APL']);
}

/** Rendered speech is memoised (frozen, shared by every turn that says it), so its APL-A split is too. */
const aplaSplits = new WeakMap<Plan, { head: string; directive: object } | null>();

/** Speech up to the first silence as SSML, the rest as an APL-A document; null without a silence after speech. */
function aplaSpeech(plan: Plan): { head: string; directive: object } | null {
  let split = aplaSplits.get(plan);
  if (split === undefined) {
    const firstSilence = plan.segments.findIndex((segment) => segment.kind === 'silence');
    split =
      firstSilence > 0
        ? {
            head: inner(renderSsml({ ...plan, segments: plan.segments.slice(0, firstSilence) }, LIMITS.alexa)),
            directive: deepFreeze(aplaHold(plan.segments.slice(firstSilence))),
          }
        : null;
    aplaSplits.set(plan, split);
  }
  return split;
}

/** Screen words are memoised per locale and step (shared objects), so the card built from them is too. */
const cards = new WeakMap<ScreenText, { title: string; text: string }>();
function cardOf(screen: ScreenText, locale: string): { title: string; text: string } {
  let card = cards.get(screen);
  if (!card) {
    const tr = translator(locale);
    const { routine, step, instruction } = screen;
    card = { title: tr.t('alexa.cardTitle', { routine }), text: tr.t('alexa.cardText', { step, instruction }) };
    cards.set(screen, card);
  }
  return card;
}

/**
 * The coach's turn as an Alexa response. Speech up to the first silence goes in outputSpeech; the
 * rest, holds included, plays after it as APL-A with exact silences (or chained 10 s breaks).
 */
export function alexaResponse(input: HandlerInput, turn: TurnResponse, holdAudio: HoldAudio): Response {
  const builder = input.responseBuilder;
  const apla = holdAudio === 'apla' ? aplaSpeech(turn.speech.plan) : null;
  if (apla) {
    builder.speak(apla.head);
    builder.addDirective(apla.directive as never);
  } else {
    builder.speak(inner(turn.speech.ssml));
  }
  if (!turn.output.endSession && turn.reprompt) builder.reprompt(inner(turn.reprompt.ssml));

  const screen = turn.screen;
  if (screen) {
    const card = cardOf(screen, turn.locale);
    builder.withSimpleCard(card.title, card.text);
    if (supportsApl(input))
      builder.addDirective(aplScreen({ ...screen, holds: holdWindows(turn.speech.plan) }) as never);
  }
  builder.withShouldEndSession(turn.output.endSession);
  return builder.getResponse();
}
