import { playbackMs } from './helpers/alexa-client';
import { fakeDateOnly } from './helpers/clock';
import { AlexaUnderstanding, serverForVirtualAlexa } from './helpers/virtual-alexa';

/**
 * Issue 19's "done when" through /alexa: the same weeks as learning-weeks.test.ts (the
 * simulator), but every line is spoken words resolved by the shipped interaction model
 * (virtual-alexa on models/alexa/<locale>.json) and posted to the server as an Echo posts them.
 * One person, one account, a new session each day; the clock is moved on by what each answer
 * takes to play, so a hold is listened to as a person would.
 */
const baseUrl = serverForVirtualAlexa();
/** Monday 2 November 2026, 8:00 UTC, plus n days. */
const day = (n: number) => Date.UTC(2026, 10, 2 + n, 8);

interface Words {
  notSure: string;
  yes: string;
  no: string;
  next: string;
  minutes: string;
  spot: string;
  usualDoses: string;
  myUsual: string;
  neckKnot: string;
  number: (n: number) => string;
  /** The neck routine's knuckle compression, as it is first said. */
  compression: RegExp;
  ratingAsked: RegExp;
  remembered: RegExp;
}

/** The neck routine's step titles, as the coach names them in a composed session. */
const NECK_STEPS_EN = ['warm-up', 'knuckle compression', 'stretch and release', 'finisher'];

const EN: Words = {
  notSure: "I'm not sure",
  yes: 'yes',
  no: 'no',
  next: 'next',
  minutes: "I've got ten minutes",
  spot: "that's the spot",
  usualDoses: 'the usual doses',
  myUsual: 'my usual',
  neckKnot: 'how is my neck knot doing',
  number: (n) => ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'][n]!,
  compression: /press your thumb knuckle/i,
  ratingAsked: /how tense is it now/i,
  remembered: /^Got it, I'll remember this spot\./,
};

const DE: Words = {
  notSure: 'ich weiß nicht',
  yes: 'ja',
  no: 'nein',
  next: 'weiter',
  minutes: 'ich habe zehn Minuten',
  spot: 'genau da',
  usualDoses: 'die normalen Haltezeiten',
  myUsual: 'das Übliche',
  neckKnot: 'wie geht es meinem Knoten im Nacken',
  number: (n) => ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben'][n]!,
  compression: /Drück den Daumenknöchel/,
  ratingAsked: /wie verspannt ist es jetzt/i,
  remembered: /^Verstanden, ich merke mir diese Stelle\./,
};

/** One person on one Echo: each `say` is heard to its end before the next line (the clock moves on). */
function echo(locale: 'en-US' | 'de-DE') {
  const client = new AlexaUnderstanding(baseUrl(), locale);
  const words = locale === 'en-US' ? EN : DE;
  const listen = (body: unknown) => jest.setSystemTime(Date.now() + playbackMs(body));
  const say = async (text: string) => {
    const turn = await client.talk(text);
    listen(turn.body);
    return turn.speech;
  };
  const open = async (n: number) => {
    jest.setSystemTime(day(n));
    const turn = await client.open();
    listen(turn.body);
    return turn.speech;
  };

  /**
   * A scanned session on day n: the neck at `before` (no to the rest), ten minutes, yes, "next"
   * through the steps, "that's the spot" twice in the knuckle compression when `mark` (25 s into
   * the first side, then once the answer has played), and `after` at the end.
   */
  async function scannedSession(n: number, options: { before: number; after: number; mark: boolean }) {
    await open(n);
    const lines = [await say(words.notSure), await say(words.number(options.before))];
    for (let area = 0; area < 4; area += 1) lines.push(await say(words.no));
    const composed = await say(words.minutes);
    lines.push(composed, await say(words.yes));
    const marked: string[] = [];
    for (let turn = 0; turn < 12 && !words.ratingAsked.test(lines.at(-1)!); turn += 1) {
      if (options.mark && !marked.length && words.compression.test(lines.at(-1)!)) {
        // The compression was set up: "next" starts its hold; "that's the spot" 25 s into the
        // first side, and again once that answer (the rest of the hold, both sides) has played.
        const holdStarts = Date.now();
        lines.push((await client.talk(words.next)).speech);
        jest.setSystemTime(holdStarts + 25_000);
        const first = await client.talk(words.spot);
        listen(first.body);
        marked.push(first.speech, await say(words.spot));
        lines.push(...marked);
      } else lines.push(await say(words.next));
    }
    const end = await say(words.number(options.after));
    return { composed, marked, end, said: lines.join(' ') };
  }
  return { open, say, scannedSession, words };
}

beforeEach(() => fakeDateOnly());
afterEach(() => jest.useRealTimers());
jest.setTimeout(120_000);

describe('the coach learns the person, over weeks, through /alexa (en-US)', () => {
  it('composes from the scan, lengthens a tender spot and says so, restores the usual doses, shortens a quiet spot, answers for the knot and starts "my usual" at once', async () => {
    const { open, say, scannedSession } = echo('en-US');

    for (const n of [0, 1, 2]) {
      const session = await scannedSession(n, { before: 7, after: 6, mark: true });
      const [, minutes, seconds] = /^About (\d+) minutes(?: and (\d+) seconds)?: ([^.]+)\./.exec(session.composed)!;
      expect(Number(minutes) * 60 + Number(seconds ?? 0)).toBeLessThanOrEqual(600);
      expect(session.composed).toMatch(/Shall we\?$/);
      // Only the neck was named: the composed list is the neck's steps and nothing else, at most four.
      const list = /: ([^.]+)\./.exec(session.composed)![1]!;
      const named = NECK_STEPS_EN.filter((title) => list.includes(title));
      expect(named.length).toBeGreaterThan(1);
      expect(named.length).toBeLessThanOrEqual(4);
      expect(named.reduce((rest, title) => rest.replace(title, ''), list)).toMatch(/^(, | and )*$/);
      expect(session.marked).toEqual([expect.stringMatching(EN.remembered), expect.stringMatching(EN.remembered)]);
    }

    const longer = await scannedSession(3, { before: 6, after: 5, mark: false });
    expect(longer.composed).toMatch(
      /Your left neck knot stayed tender three sessions running, so I'll hold it a little longer today: 55 seconds\./,
    );
    expect(longer.said).toMatch(/55 seconds, starting now/);

    await open(3);
    expect(await say(EN.usualDoses)).toMatch(/^Okay, back to the guide's usual doses\./);
    const back = await scannedSession(4, { before: 2, after: 1, mark: false });
    expect(back.composed).not.toMatch(/longer|shorter/);
    expect(back.said).toMatch(/45 seconds, starting now/);

    await scannedSession(5, { before: 2, after: 1, mark: false });
    const shorter = await scannedSession(6, { before: 2, after: 1, mark: false });
    expect(shorter.composed).toMatch(
      /Your right neck knot has been quiet lately, so today's hold there is shorter: 35 seconds\./,
    );
    expect(shorter.said).toMatch(/35 seconds, starting now/);

    await open(7);
    expect(await say(EN.neckKnot)).toMatch(/^Your right neck knot went from 7 to 2 over 7 sessions: a real change\./);

    await open(7);
    const started = await say(EN.myUsual);
    expect(started).toMatch(/Your usual: neck release, it has helped you most\. .*How tense, zero to ten\?$/);
    expect(started).not.toMatch(/say ready|just your hands/i);
    expect(await say('five')).toMatch(/30 seconds, starting now/);
  });
});

describe('the coach learns the person, over weeks, through /alexa (de-DE)', () => {
  it('says the longer hold and why, restores the usual doses, answers for the knot and starts "das Übliche" at once', async () => {
    const { open, say, scannedSession } = echo('de-DE');
    for (const n of [0, 1, 2]) {
      const session = await scannedSession(n, { before: 7, after: 6, mark: true });
      expect(session.composed).toMatch(/^Etwa .+\. Wollen wir\?$/);
      expect(session.composed).not.toMatch(/Wade|Rücken|Gesäß|Schulterblätter|Brust|Hüfte/);
      expect(session.marked).toEqual([expect.stringMatching(DE.remembered), expect.stringMatching(DE.remembered)]);
    }
    const longer = await scannedSession(3, { before: 6, after: 5, mark: false });
    expect(longer.composed).toMatch(
      /Dein Knoten links im Nacken war dreimal hintereinander empfindlich, deshalb halten wir heute etwas länger: 55 Sekunden\./,
    );
    expect(longer.said).toMatch(/55 Sekunden/);

    await open(3);
    expect(await say(DE.usualDoses)).toMatch(/^Gut, wieder die üblichen Dosierungen aus dem Ratgeber\./);
    const back = await scannedSession(4, { before: 2, after: 1, mark: false });
    expect(back.composed).not.toMatch(/länger|kürzer/);
    expect(back.said).toMatch(/45 Sekunden/);

    await scannedSession(5, { before: 2, after: 1, mark: false });
    const shorter = await scannedSession(6, { before: 2, after: 1, mark: false });
    expect(shorter.composed).toMatch(
      /Dein Knoten rechts im Nacken war zuletzt ruhig, deshalb halten wir dort heute kürzer: 35 Sekunden\./,
    );

    await open(7);
    expect(await say(DE.neckKnot)).toMatch(
      /^Dein Knoten rechts im Nacken ging in 7 Einheiten von 7 auf 2: eine echte Veränderung\./,
    );

    await open(7);
    const started = await say(DE.myUsual);
    expect(started).toMatch(/^Dein Übliches: .*Nacken.*, das hat dir am meisten geholfen\./);
    expect(started).not.toMatch(/sag bereit|nur deine Hände/i);
    expect(await say('fünf')).toMatch(/30 Sekunden/);
  });
});
