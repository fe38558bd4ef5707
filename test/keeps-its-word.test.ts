import { runOnBoth, skillServer } from './helpers/both-channels';

/**
 * Issue 25, what you tell the coach and what the guide leaves out change the plan, through the
 * simulator and through Alexa over HTTP (signed requests, the real skill), in en-US and de-DE.
 */
const T0 = Date.UTC(2026, 10, 25, 9);

const baseUrl = skillServer();

const SCRIPTS: Record<string, Record<'en-US' | 'de-DE', string>> = {
  'one-sided steps: the other side at equal time, and the coach says so': {
    'en-US': `
      U: start glute release
      U: ready
      U: next
      A: 45 seconds, starting now
      A: switch sides: move the ball under your left glute
      U: next
      A: 15 seconds, starting now
      A: the guide does this on the right side only, so the other side gets the same time now
      A: now the left: the ball under your left glute, lift your left foot and cross it over your right knee
      A!: 45 seconds, starting now
      `,
    'de-DE': `
      U: starte Gesäß
      U: bereit
      U: weiter
      U: weiter
      A: 15 sekunden – los
      A: der leitfaden macht das nur auf der rechten seite, also bekommt die andere seite jetzt gleich viel zeit
      A: jetzt links: der ball unter der linken gesäßhälfte
      `,
  },
  'one-sided steps: the calf stretch is counted on both legs': {
    'en-US': `
      U: start calves
      U: ready
      U: next
      U: next
      A: 30 seconds, starting now
      A: now the left calf: bend your left knee
      U: next
      A: press the ball or your thumbs into the knot in your right calf again
      A: the guide does this on the right side only
      A: now the left calf: pressure on its knot
      A: five slow movements. count with me. one. two.
      `,
    'de-DE': `
      U: starte Waden
      U: bereit
      U: weiter
      U: weiter
      A: jetzt die linke wade: stell das linke knie auf
      U: weiter
      A: jetzt die linke wade: druck auf ihren knoten
      `,
  },
};

describe.each(Object.keys(SCRIPTS))('%s', (point) => {
  it.each(['en-US', 'de-DE'] as const)('%s, through the simulator and through Alexa', async (locale) => {
    await runOnBoth(SCRIPTS[point]![locale], locale, baseUrl(), T0);
  });
});
