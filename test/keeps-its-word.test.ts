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

const CAUTIONS: Record<string, Record<'en-US' | 'de-DE', string>> = {
  'a caution before the routine changes its plan, its length and its words': {
    'en-US': `
      U: start lower back
      U: I'm pregnant
      A: skip lying on your back
      A: so in mid and lower back release, i'll do tennis ball wall release instead of tennis ball floor release, and leave out foam roller
      A: say ready when you're set
      U: ready
      A: it takes about 5 minutes
      A: next up: tennis ball wall release. stand with your back to a wall
      A!: lie on your back
      U: next
      A: one minute, starting now
      A: move the ball to the left side of your back
      A!: lie on your back
      `,
    'de-DE': `
      U: starte Rücken
      U: ich bin schwanger
      A: nicht auf dem rücken liegen
      A: deshalb mache ich in der lockerung des mittleren und unteren rückens tennisball an der wand statt tennisball am boden und lasse faszienrolle weg
      U: bereit
      A: als nächstes: tennisball an der wand. stell dich mit dem rücken zur wand
      A!: leg dich auf den rücken
      `,
  },
  'a caution mid-hold: out of a position it rules out, then the other way': {
    'en-US': `
      U: start lower back
      U: ready
      U: next
      A: one minute, starting now
      U: @20 I'm pregnant
      A: come out of that position slowly
      A: leave out foam roller
      A: next up: tennis ball wall release
      A: say ready when you're in position
      U: ready
      A: one minute, starting now
      A!: lie on your back
      `,
    'de-DE': `
      U: starte Rücken
      U: bereit
      U: weiter
      U: @20 ich bin schwanger
      A: komm langsam aus dieser position
      A: als nächstes: tennisball an der wand
      `,
  },
  'a caution holds for the session: the next routine is planned with it': {
    'en-US': `
      U: start calves
      U: I have osteoporosis
      A: so in calf and hamstring release, i'll do ball roll for the calves instead of foam roller calves
      U: ready
      A: next up: ball roll for the calves. sit on the floor with the ball under your right calf
      U: start shoulders and chest
      U: yes
      A: so in shoulder and chest release, i'll do hand pressure on the chest instead of tennis ball wall release
      U: ready
      A: next up: hand pressure on the chest. stand tall
      A!: face a wall
      `,
    'de-DE': `
      U: starte Waden
      U: ich habe Osteoporose
      A: ball unter den waden statt faszienrolle an den waden
      U: bereit
      A: als nächstes: ball unter den waden
      `,
  },
};

describe.each(Object.keys(CAUTIONS))('%s', (point) => {
  it.each(['en-US', 'de-DE'] as const)('%s, through the simulator and through Alexa', async (locale) => {
    await runOnBoth(CAUTIONS[point]![locale], locale, baseUrl(), T0);
  });
});
