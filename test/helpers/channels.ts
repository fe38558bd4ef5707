import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoachEvent } from '../../src/coach/events';
import { eventFromDialogflow } from '../../src/platforms/dialogflow/events';
import { cxDevice, esDevice } from './dialogflow-client';
import { exportedAgentMatch } from './exported-agent';
import type { PhraseState } from './phrasings';

/** The lines that bring a new session to each state a phrase is said in, per language. */
export const DRIVE: Record<string, Record<Exclude<PhraseState, 'oneshot'>, string[]>> = {
  'en-US': { menu: [], rating: ['neck'], hold: ['neck', 'ready'], paused: ['neck', 'ready', 'wait'] },
  'de-DE': { menu: [], rating: ['nacken'], hold: ['nacken', 'bereit'], paused: ['nacken', 'bereit', 'warte'] },
};

/** What a channel made of a line: the coach event, what the coach said, whether the session ended. */
export interface Heard {
  event: CoachEvent;
  speech: string;
  endsSession: boolean;
  /** Whether the agent matched an intent (false: its fallback or no-match carried the words). */
  matched: boolean;
}

/**
 * A line said in a state on a Dialogflow webhook as exported: a new session is driven to the
 * state through the webhook, then the line goes as the exported agent matches it (an intent
 * with its parameters, or the fallback / no-match with the user's words). The event is what the
 * webhook's own reading makes of that request.
 */
export async function hearOnDialogflow(
  channel: 'es' | 'cx',
  baseUrl: string,
  locale: string,
  state: PhraseState | string[],
  text: string,
): Promise<Heard> {
  // A state is named (the phrasing sets) or given as the lines that lead to it; a one-shot has none.
  const drive = Array.isArray(state)
    ? state
    : state === 'oneshot'
      ? null
      : DRIVE[locale.startsWith('de') ? 'de-DE' : 'en-US']![state];
  const match = exportedAgentMatch(text, locale);
  const event = eventFromDialogflow({
    names: [match.action, match.displayName],
    parameters: match.parameters,
    text,
    locale,
  });
  if (channel === 'es') {
    const device = esDevice(baseUrl, { locale });
    if (drive) for (const line of ['<launch>', ...drive]) await device.say(line);
    const body = await device.send(text, match);
    return {
      event,
      speech: body.fulfillmentText,
      endsSession: body.outputContexts?.[0]?.lifespanCount === 0,
      matched: match.matched,
    };
  }
  const device = cxDevice(baseUrl, { locale });
  if (drive) for (const line of ['<launch>', ...drive]) await device.say(line);
  const body = await device.send({
    fulfillmentInfo: { tag: match.action },
    ...(match.matched
      ? {
          intentInfo: {
            displayName: match.displayName,
            parameters: Object.fromEntries(
              Object.entries(match.parameters).map(([name, value]) => [
                name,
                { originalValue: String(value), resolvedValue: value },
              ]),
            ),
            confidence: 1,
          },
        }
      : {}),
    text,
  });
  return {
    event,
    speech: body.fulfillmentResponse.messages.find((m: { text?: unknown }) => m.text)?.text.text[0] ?? '',
    endsSession: body.sessionInfo?.parameters?.coach === null,
    matched: match.matched,
  };
}

/** The classes of a held-out line (issue 18) and what each must do to count as understood. */
export type LineClass = 'emergency' | 'stop' | 'pain' | 'comfort' | 'command';

/** Comfort talk never does any of these: an alarm, a routine (re)started, a step skipped, the session ended. */
const MISFIRES = new Set(['RED_FLAG', 'START_ROUTINE', 'START_OVER', 'NEXT', 'PREVIOUS', 'STOP']);

const EMERGENCY_NUMBERS: { byLocale: Record<string, { number: string }> } = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'content', 'safety', 'emergency-numbers.json'), 'utf8'),
);

/** Whether a channel's answer is right for the line's class (the number is spoken digit by digit, "9-1-1"); commands are judged by `landed`. */
export function understood(lineClass: Exclude<LineClass, 'command'>, heard: Heard, locale: string): boolean {
  switch (lineClass) {
    case 'emergency':
      return (
        heard.event.type === 'RED_FLAG' &&
        heard.speech.replace(/\D/g, '').includes(EMERGENCY_NUMBERS.byLocale[locale]!.number)
      );
    case 'stop':
      return heard.event.type === 'RED_FLAG';
    case 'pain':
      return heard.event.type === 'PAIN';
    case 'comfort':
      return !MISFIRES.has(heard.event.type) && !heard.endsSession;
  }
}
