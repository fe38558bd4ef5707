import type { Plan, Segment } from '../../speech/plan';
import { escapeSsml } from '../../speech/render';

/**
 * An APL-A document that plays segments in order with exact silences: Alexa's SSML breaks stop at
 * 10 s, APL-A Silence does not (up to 240 s a response), so holds are timed to the millisecond.
 */
export function aplaHold(segments: Segment[]) {
  const items = segments.map((segment) =>
    segment.kind === 'speech'
      ? { type: 'Speech', contentType: 'SSML', content: `<speak>${escapeSsml(segment.text)}</speak>` }
      : { type: 'Silence', duration: Math.round(segment.seconds * 1000) },
  );
  return {
    type: 'Alexa.Presentation.APLA.RenderDocument',
    token: 'massage-coach-hold',
    document: {
      version: '0.91',
      type: 'APLA',
      mainTemplate: { parameters: ['payload'], item: { type: 'Sequencer', items } },
    },
    datasources: {},
  };
}

export interface ScreenContent {
  routine: string;
  step: string;
  instruction: string;
  /** Each hold of the response, in ms from when the response starts playing. */
  holds: Array<{ start: number; end: number }>;
}

/**
 * The countdown as one APL expression of elapsedTime (ms since the document was shown): the device
 * ticks it itself, with no call back to the skill.
 */
export function countdownExpression(holds: ScreenContent['holds']): string {
  const parts = holds.map(
    ({ start, end }) => `elapsedTime >= ${start} && elapsedTime < ${end} ? Math.ceil((${end} - elapsedTime) / 1000)`,
  );
  return `\${${[...parts, "''"].join(' : ')}}`;
}

/** The Echo Show screen: routine, step, instruction, and a countdown running on the device. */
export function aplScreen(content: ScreenContent) {
  return {
    type: 'Alexa.Presentation.APL.RenderDocument',
    token: 'massage-coach-screen',
    document: {
      type: 'APL',
      version: '2023.3',
      theme: 'dark',
      mainTemplate: {
        parameters: ['coach'],
        items: [
          {
            type: 'Container',
            width: '100vw',
            height: '100vh',
            justifyContent: 'center',
            alignItems: 'center',
            paddingLeft: '6vw',
            paddingRight: '6vw',
            items: [
              { type: 'Text', text: '${coach.routine}', fontSize: '28dp', color: '#9fc5e8', textAlign: 'center' },
              {
                type: 'Text',
                text: '${coach.step}',
                fontSize: '44dp',
                fontWeight: 'bold',
                textAlign: 'center',
                paddingTop: '12dp',
              },
              { type: 'Text', text: '${coach.instruction}', fontSize: '26dp', textAlign: 'center', paddingTop: '16dp' },
              {
                type: 'Text',
                id: 'countdown',
                text: countdownExpression(content.holds),
                fontSize: '120dp',
                fontWeight: 'bold',
                paddingTop: '24dp',
              },
            ],
          },
        ],
      },
    },
    datasources: { coach: { routine: content.routine, step: content.step, instruction: content.instruction } },
  };
}

/** Where each hold of a plan starts and ends, in ms from the start of the response. */
export function holdWindows(plan: Plan): ScreenContent['holds'] {
  return plan.holds.map((hold) => ({ start: Math.round(hold.start * 1000), end: Math.round(hold.end * 1000) }));
}
