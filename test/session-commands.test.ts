import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Utterance } from 'virtual-core';
import { VirtualAlexa } from 'virtual-alexa';
import type { Intent } from 'ask-sdk-model';
import type { CoachEvent } from '../src/coach/events';
import { matcherFor } from '../src/nlu/matcher';
import { areaSlotValues } from '../src/nlu/areas';
import { eventFromAlexaIntent } from '../src/platforms/alexa/request';
import { eventFromDialogflow } from '../src/platforms/dialogflow/events';
import { exportedAgentMatch } from './helpers/exported-agent';

/**
 * This round's commands (the scan, today's session in one sentence, the usual, marking a spot,
 * the guide's doses, a knot's news, the physio's plan and its pairing code) on every channel:
 * our matcher (simulator, browser, free text), Alexa's shipped model (virtual-alexa's resolver on
 * models/alexa/<locale>.json, then the skill's own mapping) and the exported Dialogflow agent
 * (its training phrases, then the webhook's mapping). One sentence, one event, everywhere.
 */
type Case = [text: string, event: CoachEvent];

const CASES: Record<string, Case[]> = {
  'en-US': [
    ["i'm not sure", { type: 'SCAN' }],
    ['no idea what to do today', { type: 'SCAN' }],
    [
      "i've got ten minutes and my neck and left calf are tight",
      { type: 'COMPOSE', minutes: 10, areas: [{ area: 'neck' }, { area: 'calves', side: 'left' }] },
    ],
    [
      'i have fifteen minutes for my right shoulder',
      { type: 'COMPOSE', minutes: 15, areas: [{ area: 'shoulders', side: 'right' }] },
    ],
    ['my usual', { type: 'MY_USUAL' }],
    ["let's do my usual", { type: 'MY_USUAL' }],
    ["that's the spot", { type: 'MARK_SPOT' }],
    ['right there', { type: 'MARK_SPOT' }],
    ['the usual doses', { type: 'USUAL_DOSES' }],
    ['normal hold times again', { type: 'USUAL_DOSES' }],
    ["how's my neck knot doing", { type: 'KNOT_STATUS', area: 'neck' }],
    ['how are my knots', { type: 'KNOT_STATUS' }],
    ['start my plan', { type: 'START_PLAN' }],
    ['the plan from my physio', { type: 'START_PLAN' }],
    ['link my plan', { type: 'LINK_PLAN' }],
    ['the code is four seven one nine', { type: 'LINK_PLAN', code: '4719' }],
    ['make a report for my physio', { type: 'PHYSIO_REPORT' }],
  ],
  'de-DE': [
    ['ich weiß nicht was ich heute machen soll', { type: 'SCAN' }],
    ['keine ahnung', { type: 'SCAN' }],
    [
      'ich hab zehn minuten und mein nacken und die linke wade sind verspannt',
      { type: 'COMPOSE', minutes: 10, areas: [{ area: 'neck' }, { area: 'calves', side: 'left' }] },
    ],
    [
      'ich habe zwanzig minuten für rücken und schultern',
      { type: 'COMPOSE', minutes: 20, areas: [{ area: 'back' }, { area: 'shoulders' }] },
    ],
    ['das übliche', { type: 'MY_USUAL' }],
    ['wie immer', { type: 'MY_USUAL' }],
    ['genau da', { type: 'MARK_SPOT' }],
    ['das ist die stelle', { type: 'MARK_SPOT' }],
    ['wieder die normalen haltezeiten', { type: 'USUAL_DOSES' }],
    ["wie geht's meinem knoten im nacken", { type: 'KNOT_STATUS', area: 'neck' }],
    ['starte meinen plan', { type: 'START_PLAN' }],
    ['den plan von meiner physio', { type: 'START_PLAN' }],
    ['der code ist vier sieben eins neun', { type: 'LINK_PLAN', code: '4719' }],
    ['mach einen bericht für meine physio', { type: 'PHYSIO_REPORT' }],
  ],
};

/** Sentences beyond the samples, composed from the frames and the lexicon: the matcher's reading. */
const COMPOSED: Record<string, Case[]> = {
  'en-US': [
    ['um honestly i have no idea what to work on today', { type: 'SCAN' }],
    [
      'ok so twenty minutes, my lower back and both calves feel tight',
      { type: 'COMPOSE', minutes: 20, areas: [{ area: 'back' }, { area: 'calves' }] },
    ],
    ['can you work on my neck and my glutes', { type: 'COMPOSE', areas: [{ area: 'neck' }, { area: 'glutes' }] }],
    ['oh yeah, right there, that feels good', { type: 'MARK_SPOT' }],
    ['how is the knot in my left hamstring doing these days', { type: 'KNOT_STATUS', area: 'calves' }],
    ['link my plan please, code 4 7 1 9 0', { type: 'LINK_PLAN', code: '47190' }],
    ['zero four seven one nine', { type: 'LINK_PLAN', code: '04719' }],
  ],
  'de-DE': [
    ['ähm ich bin mir nicht sicher was ich heute machen soll', { type: 'SCAN' }],
    [
      'also ich hab fünfzehn minuten, rechte schulter und nacken sind total fest',
      { type: 'COMPOSE', minutes: 15, areas: [{ area: 'shoulders', side: 'right' }, { area: 'neck' }] },
    ],
    ['lass uns nacken und waden machen', { type: 'COMPOSE', areas: [{ area: 'neck' }, { area: 'calves' }] }],
    ['ja genau da, das tut gut', { type: 'MARK_SPOT' }],
    ['was macht eigentlich der knoten in der linken wade', { type: 'KNOT_STATUS', area: 'calves' }],
    ['vier sieben eins neun', { type: 'LINK_PLAN', code: '4719' }],
  ],
};

const ROOT = join(__dirname, '..');
function alexaEvent(text: string, locale: string): CoachEvent {
  const alexa = VirtualAlexa.Builder()
    .interactionModel(JSON.parse(readFileSync(join(ROOT, 'models', 'alexa', `${locale}.json`), 'utf8')))
    .skillURL('http://127.0.0.1:9/alexa')
    .locale(locale)
    .create();
  const utterance = new Utterance((alexa.context() as any).interactionModel(), text);
  if (!utterance.matched()) return { type: 'FALLBACK' };
  const slots = Object.fromEntries(
    Object.entries(utterance.toJSON() as Record<string, string>).map(([name, value]) => [
      name,
      { name, value, confirmationStatus: 'NONE' },
    ]),
  );
  return eventFromAlexaIntent({ name: utterance.intent()!, slots, confirmationStatus: 'NONE' } as Intent, locale);
}

function dialogflowEvent(text: string, locale: string): CoachEvent {
  const match = exportedAgentMatch(text, locale);
  return eventFromDialogflow({ names: [match.action, match.displayName], parameters: match.parameters, text, locale });
}

describe.each(Object.keys(CASES))('%s: this round commands', (locale) => {
  it.each(CASES[locale]!)('"%s" is the same event through the matcher, Alexa and Dialogflow', (text, event) => {
    expect({
      matcher: matcherFor(locale).match(text).event,
      alexa: alexaEvent(text, locale),
      dialogflow: dialogflowEvent(text, locale),
    }).toEqual({
      matcher: event,
      alexa: event,
      dialogflow: event,
    });
  });

  it.each(COMPOSED[locale]!)('"%s" is read by composition', (text, event) => {
    expect(matcherFor(locale).match(text).event).toEqual(event);
  });

  it('lists every body part with each side for the AREA slot, by the routines areas', () => {
    const ids = areaSlotValues(locale).map((value) => value.id);
    for (const area of ['neck', 'shoulders', 'back', 'glutes', 'calves'])
      for (const id of [area, `${area}.left`, `${area}.right`]) expect(ids).toContain(id);
  });
});

describe('reports, minutes and ratings stay what they were', () => {
  it.each<[string, string]>([
    ['en-US', 'my left calf feels tight'],
    ['en-US', 'my neck and shoulders feel so much looser'],
    ['de-DE', 'meine linke wade ist noch etwas fest'],
    ['de-DE', 'nacken und schultern sind jetzt viel lockerer'],
  ])('%s "%s" (a report) starts nothing', (locale, text) => {
    expect(['COMPOSE', 'START_ROUTINE', 'START_PLAN', 'MY_USUAL']).not.toContain(
      matcherFor(locale).match(text).event.type,
    );
  });

  it.each<[string, string, CoachEvent]>([
    ['en-US', 'i only have ten minutes', { type: 'SHORT_ON_TIME', minutes: 10 }],
    ['en-US', 'seven', { type: 'RATE', value: 7 }],
    ['de-DE', 'ich habe nur zehn minuten', { type: 'SHORT_ON_TIME', minutes: 10 }],
    ['de-DE', 'sieben', { type: 'RATE', value: 7 }],
  ])('%s "%s" is as before', (locale, text, event) => {
    expect(matcherFor(locale).match(text).event).toEqual(event);
  });
});
