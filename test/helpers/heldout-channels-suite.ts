import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoachEvent } from '../../src/coach/events';
import { translator } from '../../src/i18n';
import { figures, gradeEvent, LATEST_SET, loadHeldout, type HeldoutClass, type HeldoutLine } from './heldout';
import { intentPhrases, landed, type Phrase, type PhraseState } from './phrasings';
import { hearOnDialogflow, DRIVE, understood, type Heard, type LineClass } from './channels';
import { AlexaUnderstanding, serverForVirtualAlexa } from './virtual-alexa';

/**
 * Held-out figures per channel: lines nobody tuned the samples to, each said in its state,
 * through /alexa with virtual-alexa on the shipped interaction model (end to end), and through
 * the ES and CX webhooks as the exported agents reach them (no-match included). Printed per
 * class, locale and channel; commands must land at least 85% on every channel.
 *
 * The lines: the held-out group of test/phrasings/intents.json (commands, written apart from
 * the samples). The blind set of issue 18 (test/heldout/, with warning signs, pain and comfort)
 * joins through its loader when it lands; its classes are graded by `grade` below.
 */
const COMMAND_FLOOR = 0.85;
/**
 * Channels still below the floor on 2026-12-05, each held at its measured figure so it can only
 * rise (docs/channels.md says why: virtual-alexa matches samples only, as a strict Alexa; the
 * German question frames are not yet composed). Remove an entry once its channel passes.
 */
const BELOW_FLOOR: Record<string, number> = {
  'de-DE alexa': 15 / 20,
};
const CHANNELS = ['alexa', 'es', 'cx'] as const;
type Channel = (typeof CHANNELS)[number];

/** The server the suites of one test file talk to (set when the file's suites are made). */
let baseUrl: () => string = () => {
  throw new Error('channel suites not set up');
};

const classOf = (phrase: Phrase) => (phrase.events.includes('RED_FLAG') ? 'warning' : 'command');

/** Alexa: the session state each phrase is said in, captured by driving the skill from launch. */
async function alexaStates(client: AlexaUnderstanding, locale: string) {
  const states: Partial<Record<PhraseState, Record<string, unknown> | null>> = { oneshot: null };
  for (const [state, lines] of Object.entries(DRIVE[locale]!))
    states[state as PhraseState] = await client.stateAfter(lines);
  return states as Record<PhraseState, Record<string, unknown> | null>;
}

/** A line on Alexa: what virtual-alexa resolves it to, posted to /alexa; no intent is the FallbackIntent. */
async function heardOnAlexa(
  client: AlexaUnderstanding,
  text: string,
  state: Record<string, unknown> | null,
): Promise<Heard> {
  const { event, speech, endsSession, intent } = await client.say(text, state);
  return { event: event as CoachEvent, speech, endsSession, matched: intent !== null };
}

/**
 * The channel suites for the given locales, in one test file each (test/heldout-channels-*.test.ts)
 * so two workers run the locales side by side; each line goes through three channels, so a suite
 * runs for minutes.
 */
export function channelSuites(LOCALES: readonly ('en-US' | 'de-DE')[]) {
  jest.setTimeout(900_000);
  baseUrl = serverForVirtualAlexa();
  describe.each(LOCALES)('%s held-out lines on every channel', (locale) => {
    it(`land commands at least ${COMMAND_FLOOR * 100}% through Alexa end to end and both Dialogflow webhooks`, async () => {
      const lines = intentPhrases(locale).filter((phrase) => phrase.source === 'holdout');
      expect(lines.length).toBeGreaterThan(0);
      const alexa = new AlexaUnderstanding(baseUrl(), locale);
      const states = await alexaStates(alexa, locale);
      const tally = new Map<string, { ok: number; all: number; misses: string[] }>();
      for (const phrase of lines) {
        for (const channel of CHANNELS) {
          const heard: Heard =
            channel === 'alexa'
              ? await heardOnAlexa(alexa, phrase.text, states[phrase.state])
              : await hearOnDialogflow(channel, baseUrl(), locale, phrase.state, phrase.text);
          expect({ phrase: phrase.text, channel, speaks: heard.speech.length > 0 }).toEqual({
            phrase: phrase.text,
            channel,
            speaks: true,
          });
          const key = `${classOf(phrase)} ${channel}`;
          const entry = tally.get(key) ?? { ok: 0, all: 0, misses: [] };
          entry.all += 1;
          const ok = landed(phrase, { phrase: phrase.text, intent: null, ...heard });
          if (ok) entry.ok += 1;
          else entry.misses.push(`"${phrase.text}" → ${JSON.stringify(heard.event)}`);
          tally.set(key, entry);
        }
      }
      const rate = (channel: Channel) => {
        const entry = tally.get(`command ${channel}`)!;
        return entry.ok / entry.all;
      };
      console.log(
        [...tally]
          .map(
            ([key, { ok, all, misses }]) =>
              `${locale} ${key}: ${ok}/${all} (${((100 * ok) / all).toFixed(0)}%)${misses.length ? `\n    missed: ${misses.join('; ')}` : ''}`,
          )
          .join('\n'),
      );
      for (const channel of CHANNELS) {
        const floor = BELOW_FLOOR[`${locale} ${channel}`] ?? COMMAND_FLOOR;
        if (floor < COMMAND_FLOOR)
          console.log(
            `${locale} ${channel}: below the ${COMMAND_FLOOR * 100}% floor, held at ${(100 * floor).toFixed(0)}%`,
          );
        expect({ channel, atFloor: rate(channel) >= floor - 1e-9 }).toEqual({ channel, atFloor: true });
      }
    });
  });

  /**
   * The shared safety phrasings (test/phrasings/safety.json: tuned to, so not held out) through the
   * same three channels mid-hold: the class grading the blind set will use, on lines every channel
   * must already get right. Warning signs stop (emergency ones name the locale's number); comfort
   * remarks never misfire.
   */
  const SHARED_SAFETY: Record<string, { warning: Array<{ text: string; tier: string }>; comfortable: string[] }> =
    JSON.parse(readFileSync(join(__dirname, '..', 'phrasings', 'safety.json'), 'utf8'));

  /** Each line through the three channels mid-hold; what each channel got wrong for the line's class. */
  async function wrongMidHold(
    locale: string,
    label: string,
    lines: Array<{ text: string; lineClass: Exclude<LineClass, 'command'> }>,
  ) {
    const alexa = new AlexaUnderstanding(baseUrl(), locale);
    const hold = await alexa.stateAfter(DRIVE[locale]!.hold);
    const wrong: string[] = [];
    for (const { text, lineClass } of lines)
      for (const channel of CHANNELS) {
        const heard =
          channel === 'alexa'
            ? await heardOnAlexa(alexa, text, hold)
            : await hearOnDialogflow(channel, baseUrl(), locale, 'hold', text);
        if (!understood(lineClass, heard, locale))
          wrong.push(`${channel} ${lineClass} "${text}" → ${JSON.stringify(heard.event)}`);
      }
    console.log(
      `${locale} shared ${label}, ${lines.length} lines × ${CHANNELS.length} channels: ${wrong.length} wrong${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`,
    );
    return wrong;
  }

  describe.each(LOCALES)('%s shared safety phrasings on every channel', (locale) => {
    it('stop on every warning sign, emergencies naming the number', async () => {
      const lines = SHARED_SAFETY[locale]!.warning.map((line) => ({
        text: line.text,
        lineClass: line.tier === 'emergency' ? ('emergency' as const) : ('stop' as const),
      }));
      expect(lines.length).toBeGreaterThan(0);
      expect(await wrongMidHold(locale, 'warning signs', lines)).toEqual([]);
    });

    // Comfort naming a body part ("my calf feels warm after rolling") is a report, never a routine
    // choice, on every channel (issue 18 item 2).
    it('never misfire on comfort remarks', async () => {
      const lines = SHARED_SAFETY[locale]!.comfortable.map((text) => ({ text, lineClass: 'comfort' as const }));
      expect(await wrongMidHold(locale, 'comfort remarks', lines)).toEqual([]);
    });
  });

  /**
   * The blind held-out set (test/heldout/, issue 18, loaded and graded by test/helpers/heldout.ts)
   * through the three channels. Each line's state is reached by the words a user says (the
   * routine's name, "yes", "wait"); lines said at the end-of-routine rating are left to the
   * matcher's test (reaching it takes every step of a routine on every channel). An emergency
   * passes only when the spoken answer names the locale's number.
   */
  const DRIVE_WORDS: Record<string, { yes: string; wait: string }> = {
    'en-US': { yes: 'yes', wait: 'wait' },
    'de-DE': { yes: 'ja', wait: 'warte' },
  };
  function driveTo(line: HeldoutLine, locale: string): string[] {
    const routine = translator(locale)
      .t(`routine.${line.routine ?? 'neck'}.name`)
      .toLowerCase();
    const { yes, wait } = DRIVE_WORDS[locale]!;
    return { menu: [], setup: [routine], hold: [routine, yes], paused: [routine, yes, wait], rating: [] }[line.state];
  }

  /** Floors of issue 18 per class (emergency and stop lines both must stop the routine). */
  const BLIND_FLOORS: Partial<Record<HeldoutClass, number>> = {
    emergency: 0.95,
    stop: 0.95,
    comfort: 1,
    command: 0.85,
  };

  describe.each(LOCALES)(`%s blind held-out set ${LATEST_SET} on every channel`, (locale) => {
    // Both languages meet every floor on every channel on set c: English since the openings of
    // docs/channels.md, German since the openings and sign nouns of the fifth session of round 4.
    it('prints figures per class and channel, and holds them at the floors', async () => {
      const lines = loadHeldout(locale).filter((line) => line.state !== 'rating');
      const alexa = new AlexaUnderstanding(baseUrl(), locale);
      const attributes = new Map<string, Record<string, unknown>>();
      const results: Record<Channel, Array<{ line: HeldoutLine; grade: { pass: boolean; why: string } }>> = {
        alexa: [],
        es: [],
        cx: [],
      };
      for (const line of lines) {
        const drive = driveTo(line, locale);
        const key = drive.join('|');
        if (!attributes.has(key)) attributes.set(key, await alexa.stateAfter(drive));
        for (const channel of CHANNELS) {
          const heard =
            channel === 'alexa'
              ? await heardOnAlexa(alexa, line.text, attributes.get(key)!)
              : await hearOnDialogflow(channel, baseUrl(), locale, drive, line.text);
          const grade = gradeEvent(line, heard.event);
          const named = line.class !== 'emergency' || understood('emergency', heard, locale);
          results[channel].push({
            line,
            grade: {
              pass: grade.pass && named,
              why: named ? grade.why : `the number is not named: ${heard.speech.slice(0, 80)}`,
            },
          });
        }
      }
      const below: string[] = [];
      for (const channel of CHANNELS) {
        const byClass = figures(results[channel]);
        console.log(
          `${locale} ${channel} (${lines.length} lines, rating state left out): ` +
            Object.entries(byClass)
              .map(
                ([name, { passed, total }]) => `${name} ${passed}/${total} (${((100 * passed) / total).toFixed(0)}%)`,
              )
              .join(', ') +
            `\n  missed: ${results[channel]
              .filter((r) => !r.grade.pass)
              .map((r) => `[${r.line.class}] "${r.line.text}": ${r.grade.why}`)
              .join('\n  ')}`,
        );
        for (const [name, floor] of Object.entries(BLIND_FLOORS)) {
          const entry = byClass[name];
          if (!entry) continue;
          if (entry.passed / entry.total < floor - 1e-9)
            below.push(`${channel} ${name} ${entry.passed}/${entry.total} below ${(100 * floor).toFixed(0)}%`);
        }
      }
      expect(below).toEqual([]);
    }, 900_000); // every line through three channels: minutes on a shared machine, not the default minute
  });
}
