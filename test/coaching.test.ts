import { runOnBoth, skillServer, type Send } from './helpers/both-channels';
import { cxDevice } from './helpers/dialogflow-client';
import { simulator } from './helpers/simulator';
import { runTranscript } from './helpers/transcript';

/**
 * Coaching like a physiotherapist, one transcript per point of the issue, in en-US and de-DE,
 * each run through the simulator and through Alexa over HTTP (signed requests, the real skill).
 * "U: @20 …" is said 20 s into the previous response, speaking over it, as "Alexa, wait" does.
 */
const T0 = Date.UTC(2026, 10, 25, 9);

const baseUrl = skillServer();

/** Runs one script through the simulator and through Alexa. */
const both = (script: string, locale: string) => runOnBoth(script, locale, baseUrl(), T0);

const SCRIPTS: Record<string, Record<'en-US' | 'de-DE', string>> = {
  '1 pain mid-hold eases off, the hold goes on; deeper if comfortable; the 20% reminder on the first pressure step and after pain':
    {
      'en-US': `
      U: start glute release
      U: ready
      A: hip circles
      A!: 20 percent
      U: next
      A: start gently, at about 20 percent
      A: 45 seconds, starting now
      U: @20 that hurts too much
      A: ease off right away
      A: 20 percent
      A: say shorter
      A: back to the ball release on the right side: 1
      U: @4 make it shorter
      A: 30 seconds per side
      U: @4 can I press harder
      A: release slowly, then reapply a little deeper
      `,
      'de-DE': `
      U: starte Gesäß
      U: bereit
      A!: 20 Prozent
      U: weiter
      A: fang sanft an – mit etwa 20 Prozent
      A: 45 Sekunden – los
      U: @20 das tut zu weh
      A: nimm sofort druck weg
      A: 20 Prozent
      A: zurück zur übung „ball unter dem gesäß“ auf der rechten seite: noch
      U: @4 kann ich fester drücken
      A: etwas tiefer wieder hinein
      `,
    },
  '2 set-up before the clock: where the ball goes, then ready, then the clock; time to change sides': {
    'en-US': `
      U: start lower back
      U: ready
      U: next
      A: next up: tennis ball floor release. lie on your back with the ball under the right side of your back, beside the spine
      A: say ready when you're in position
      U: ready
      A: one minute, starting now
      A: roll off the ball, move it to the left side of your back
      A: take a moment to get set
      `,
    'de-DE': `
      U: starte Rücken
      U: bereit
      U: weiter
      A: als nächstes: tennisball am boden. leg dich auf den rücken, den ball unter der rechten rückenseite, neben der wirbelsäule
      A: sag bereit, wenn du in position bist
      U: bereit
      A: eine minute – los
      A: roll dich vom ball
      A: nimm dir einen moment, bis alles passt
      `,
  },
  '3 questions are answered, not executed; switching asks first': {
    'en-US': `
      U: start glute release
      U: ready
      U: next
      U: @20 which routine is good for a knot under my shoulder blade?
      A: between your shoulder blade and spine, it's mid and lower back release
      A: trigger point compression as best for the rhomboids
      A: to switch to it, say start mid and lower back release
      A: back to the ball release
      U: @4 how does this help
      A: the ball reaches spots your hands can't
      U: @4 where does the ball go
      A: move slowly, a little up and down, until you find the tender spot
      U: @4 start mid and lower back release
      A: that ends glute and piriformis release here and starts mid and lower back release. switch now?
      U: no
      A!: for mid and lower back release: about
      `,
    'de-DE': `
      U: starte Gesäß
      U: bereit
      U: weiter
      U: @20 welche Routine hilft bei einem Knoten unter dem Schulterblatt
      A: zwischen schulterblatt und wirbelsäule
      A: zum wechseln sag
      U: @4 wozu ist das gut
      A: der ball erreicht stellen
      U: @4 wohin kommt der Ball
      A: beweg dich langsam
      `,
  },
  "4 equipment: the guide's alternatives, then on": {
    'en-US': `
      U: start glute release
      U: I don't have a ball
      A: a lacrosse ball works, or any firm ball in a sock
      A: say ready when you're set
      U: ready
      U: next
      U: @20 I don't have a foam roller
      A: use the ball instead
      `,
    'de-DE': `
      U: starte Gesäß
      U: ich habe keinen Ball
      A: ein lacrosseball geht auch oder irgendein fester ball in einer socke
      A: sag bereit, wenn du so weit bist
      `,
  },
  '5 pace, talk and length: slower counts, brief mode, shorter within the technique range, countdown only before a change':
    {
      'en-US': `
      U: start neck release
      U: ready
      U: next
      U: next
      A: 15 seconds, starting now
      A!: five…
      U: can you talk less
      A: i'll talk less
      U: start shoulders and chest
      U: yes
      U: ready
      U: count slower
      A: i'll count slower from the next count
      `,
      'de-DE': `
      U: starte Nacken
      U: bereit
      U: weiter
      U: weiter
      A: 15 Sekunden – los
      A!: fünf…
      U: kannst du weniger reden
      A: ich rede weniger
      `,
    },
  '5 short on time: at the menu the routine starts fitted into the minutes, the steps left out said by name': {
    'en-US': `
      U: start neck release
      U: I only have two minutes
      A: I'll fit the routine into that
      U: ready
      A!: it takes about
      A: about 2 minutes: knuckle compression
      A: pressure holds are 30 seconds
      A: I'll leave out warm-up
      A: 30 seconds, starting now
      A!: 45 seconds
      A!: warm-up. 
      A: neck release complete
      `,
    'de-DE': `
      U: starte Nacken
      U: ich habe nur zwei Minuten
      A: ich passe die routine daran an
      U: bereit
      A!: sie dauert etwa
      A: etwa 2 minuten: druck mit dem knöchel
      A: lasse ich aufwärmen
      A: 30 sekunden – los
      A!: 45 sekunden
      `,
  },
  '5 short on time mid-routine: from the current step on, a running hold shortened, the honest new length': {
    'en-US': `
      U: start glute release
      U: ready
      U: next
      A: 45 seconds, starting now
      U: @10 I only have two minutes
      A: about 2 minutes: ball release
      A: pressure holds are 30 seconds
      A: I'll leave out piriformis stretch and pigeon pose
      A: back to the ball release on the right side:
      # The hold is now 30 s from its start: the words just said count toward it.
      A!: 26 seconds to go
      A: left glute
      A: 30 seconds, starting now
      A!: 45 seconds
      A: glute and piriformis release complete
      `,
    'de-DE': `
      U: starte Gesäß
      U: bereit
      U: weiter
      U: @10 ich habe nur zwei Minuten
      A: etwa 2 minuten: ball unter dem gesäß
      A: lasse ich piriformis-dehnung und taubenhaltung weg
      A: auf der rechten seite: noch
      A!: noch 26 sekunden
      A: 30 sekunden – los
      A!: 45 sekunden
      `,
  },
  '5 keep going: steps chained up to the budget, a set-up instruction and window before each new position, for the session':
    {
      'en-US': `
      U: start glute release
      U: ready
      A: next up: ball release
      U: don't ask between steps
      A: i'll go straight on without asking
      A: say ready when you're in position
      U: ready
      A: 45 seconds, starting now
      A!: next up: piriformis stretch
      A: release slowly. piriformis stretch. move the ball back under your right glute
      A: take a moment to get set. 15 seconds, starting now
      U: start neck release
      U: yes
      U: ready
      A: warm-up
      A!: next up: knuckle compression
      A: knuckle compression. reach your left hand
      A: take a moment to get set. 45 seconds, starting now
      `,
      'de-DE': `
      U: starte Gesäß
      U: bereit
      U: mach einfach weiter
      A: ich mache ohne fragen weiter
      U: bereit
      A: 45 sekunden – los
      A!: als nächstes: piriformis
      A: piriformis-dehnung. leg den ball wieder unter die rechte gesäßhälfte
      A: nimm dir einen moment, bis alles passt. 15 sekunden – los
      `,
    },
  '5 keep going: wait inside a chained response pauses the step being played, resume picks it up there': {
    'en-US': `
      U: start glute release
      U: ready
      U: don't ask between steps
      U: ready
      A: piriformis stretch. move the ball back
      U: @20 wait
      A: come off the pressure slowly. paused
      U: resume
      A: let's pick up the ball release on the right side
      A: switch sides: move the ball under your left glute
      `,
    'de-DE': `
      U: starte Gesäß
      U: bereit
      U: mach einfach weiter
      U: bereit
      U: @20 warte
      A: geh langsam aus dem druck. pause
      U: weitermachen
      A: ball unter dem gesäß
      A: seitenwechsel: leg den ball unter die linke gesäßhälfte
      `,
  },
  '5 keep going: pain inside an earlier step of a chained response eases off there, and the routine goes on in order': {
    'en-US': `
      U: start glute release
      U: ready
      U: don't ask between steps
      U: ready
      U: @20 that hurts too much
      A: ease off right away
      A: back to the ball release on the right side
      A: switch sides: move the ball under your left glute
      U: next
      A!: ball release
      A!: hip circles
      `,
    'de-DE': `
      U: starte Gesäß
      U: bereit
      U: mach einfach weiter
      U: bereit
      U: @20 das tut zu weh
      A: ball unter dem gesäß
      A: seitenwechsel: leg den ball unter die linke gesäßhälfte
      U: weiter
      A!: hüftkreisen
      `,
  },
  '5 keep going said at the menu: the routine runs on from its first step': {
    'en-US': `
      U: start neck release
      U: don't ask between steps
      A: without asking between steps
      U: ready
      A: warm-up
      A!: next up: knuckle compression
      A: knuckle compression. reach your left hand
      A: take a moment to get set. start gently
      `,
    'de-DE': `
      U: starte Nacken
      U: mach einfach weiter
      A: zwischen den übungen ohne fragen weiter
      U: bereit
      A: aufwärmen
      A!: als nächstes: druck mit dem knöchel
      A: druck mit dem knöchel. greif mit der linken hand
      A: nimm dir einen moment, bis alles passt
      `,
  },
  '6 interruptions that respect the body: wait comes off the pressure, again keeps the clock, how long answers once': {
    'en-US': `
      U: start glute release
      U: ready
      U: next
      U: @20 wait
      A: come off the pressure slowly. paused
      U: resume
      A: let's pick up the ball release on the right side. back into position, and take your time
      A!: sit on the floor
      U: @20 say that again
      A: sit on the floor with the ball under your right glute
      A: seconds, starting now
      A!: back to the
      U: @4 how much longer
      A: seconds left on this one
      A!: to go
      `,
    'de-DE': `
      U: starte Gesäß
      U: bereit
      U: weiter
      U: @20 warte
      A: geh langsam aus dem druck. pause
      U: weitermachen
      A: zurück in position, lass dir zeit
      A!: setz dich auf den boden
      U: @20 nochmal
      A: setz dich auf den boden, den ball unter der rechten gesäßhälfte
      A: sekunden – los
      A!: zurück zur
      `,
  },
  '7 instructions you can follow with your eyes closed': {
    'en-US': `
      U: start shoulders and chest
      U: ready
      A: face a wall, with the ball between the wall and the right side of your chest
      U: next
      A: turn your back to the wall, with the ball between the wall and the back of your right shoulder
      U: next
      A: move the ball back behind your right shoulder. bring your right arm across your body
      `,
    'de-DE': `
      U: starte Schultern
      U: bereit
      A: stell dich mit dem gesicht zur wand
      U: weiter
      A: dreh dich mit dem rücken zur wand
      `,
  },
  '8 honest length, computed from the plan': {
    'en-US': `
      U: start mid and lower back release
      U: how long does this take
      A: mid and lower back release takes about 6 minutes
      `,
    'de-DE': `
      U: starte Nacken
      U: wie lange dauert das
      A: die nackenlockerung dauert etwa 5 minuten
      `,
  },
  '9 first time and every time after: stop words once, a short way back in': {
    'en-US': `
      U: <launch>
      A: check with your doctor first
      A!: tingles
      U: neck
      U: ready
      A: if anything tingles or goes numb, say so and we stop. next up: knuckle compression
      U: next
      U: next
      U: next
      U: a three
      U: <launch>
      A: welcome back. neck release again?
      A!: tingles
      U: yes
      A: how tense, zero to ten?
      U: a six
      A: thanks, a 6
      A: 30 seconds, starting now
      A!: with just your hands
      U: next
      U: next
      U: next
      A: how tense is it now: zero relaxed, ten very tense?
      U: a five
      A: from 6 to 5: a little lower, not yet a clear change
      A!: thanks, noted
      `,
    'de-DE': `
      U: <launch>
      A: sprich vorher mit deiner ärztin oder deinem arzt
      A!: kribbelt
      U: Nacken
      U: bereit
      A: wenn etwas kribbelt oder taub wird, sag es, dann hören wir auf. als nächstes: druck mit dem knöchel
      U: weiter
      U: weiter
      U: weiter
      U: eine drei
      U: <launch>
      A: willkommen zurück. wieder die nackenlockerung?
      U: ja
      A: wie verspannt, null bis zehn?
      U: eine sechs
      A: 30 sekunden – los
      U: weiter
      U: weiter
      U: weiter
      A: wie verspannt ist es jetzt: null locker, zehn sehr verspannt?
      U: eine zwei
      A: von 6 auf 2: eine echte veränderung
      `,
  },
  '10 resume that knows where you are: set up again, the rating kept, one session': {
    'en-US': `
      U: start glute release
      U: seven
      U: ready
      U: next
      U: @20 <end>
      U: <launch>
      A: you stopped on the right side of the ball release
      U: resume
      A: let's pick up the ball release on the right side. sit on the floor with the ball under your right glute
      A: take a moment to get set
      A: start gently
      U: next
      U: next
      U: a three
      A: down from 7 to 3
      U: <launch>
      U: how am I doing
      A: you've done one session
      `,
    'de-DE': `
      U: starte Gesäß
      U: sieben
      U: bereit
      U: weiter
      U: @20 <end>
      U: <launch>
      A: auf der rechten seite bei der übung „ball unter dem gesäß“
      U: weitermachen
      A: nimm dir einen moment, bis alles passt
      U: weiter
      U: weiter
      U: eine drei
      A: von 7 auf 3
      `,
  },
};

describe.each(Object.keys(SCRIPTS))('point %s', (point) => {
  it.each(['en-US', 'de-DE'] as const)('%s, through the simulator and through Alexa', async (locale) => {
    await both(SCRIPTS[point]![locale], locale);
  });
});

describe('silence escalates: the question alone, an offer to pause and save, then a graceful end', () => {
  const script = {
    'en-US': `
      U: start neck release
      U: ready
      U: <silence>
      A: next up: knuckle compression
      A!: still there
      U: <silence>
      A: i can pause here and save your place
      U: <silence>
      A: i'll stop here and keep your place for next time
      A$
      U: <launch>
      A: last time you stopped
      `,
    'de-DE': `
      U: starte Nacken
      U: bereit
      U: <silence>
      U: <silence>
      A: ich kann hier pausieren
      U: <silence>
      A: ich höre hier auf und merke mir, wo wir waren
      A$
      `,
  };
  it.each(['en-US', 'de-DE'] as const)(
    '%s, through the simulator and through Dialogflow CX (no-input events)',
    async (locale) => {
      await runTranscript(script[locale], simulator({ locale, start: T0 }).send);
      // CX sends sys.no-input-default when the caller says nothing; the webhook reads it as silence.
      const device = cxDevice(baseUrl(), { locale, payload: { telephony: { caller_id: `silence-${locale}` } } });
      const send: Send = async (utterance) => {
        if (utterance !== '<silence>') return device.say(utterance);
        const body = await device.send({ fulfillmentInfo: { tag: 'SILENCE' }, triggerEvent: 'sys.no-input-default' });
        const text = body.fulfillmentResponse.messages.find((m: any) => m.text)?.text.text[0] ?? '';
        return {
          input: utterance,
          event: { type: 'SILENCE' },
          routine: null,
          step: null,
          holdSeconds: null,
          speech: text,
          ssml: '',
          endSession: Boolean(body.sessionInfo?.parameters?.end ?? /stop here|höre hier auf/i.test(text)),
        };
      };
      await runTranscript(script[locale].replace(/\n\s*U: <launch>[\s\S]*$/, '\n'), send);
    },
  );
});

describe('point 11, words: sentences never start lower-case; German without a comma before "oder"', () => {
  const routines: Record<string, string[]> = {
    'en-US': ['neck', 'shoulders and chest', 'lower back', 'glutes', 'calves'],
    'de-DE': ['Nacken', 'Schultern', 'Rücken', 'Gesäß', 'Waden'],
  };
  const words = {
    'en-US': { ready: 'ready', next: 'next', rate: 'three' },
    'de-DE': { ready: 'bereit', next: 'weiter', rate: 'drei' },
  };
  it.each(['en-US', 'de-DE'] as const)(
    '%s: every sentence of every routine, inserted words and numbers included',
    async (locale) => {
      const { send } = simulator({ locale, start: T0 });
      const heard: string[] = [];
      for (const area of routines[locale]!) {
        for (const utterance of [
          '<launch>',
          area,
          words[locale].ready,
          words[locale].next,
          words[locale].next,
          words[locale].next,
          words[locale].rate,
        ]) {
          const line = await send(utterance);
          if (line?.speech) heard.push(line.speech);
        }
      }
      const sentences = heard.flatMap((speech) => speech.split(/(?<=[.?!…])\s+/));
      expect(sentences.length).toBeGreaterThan(100);
      expect(sentences.filter((sentence) => /^\p{Ll}/u.test(sentence))).toEqual([]);
      if (locale === 'de-DE') expect(heard.filter((speech) => /, oder\b/.test(speech))).toEqual([]);
    },
  );
});
