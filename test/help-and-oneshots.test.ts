import { runTurn, type PersistedCoach } from '../src/coach/turn';
import { translator } from '../src/i18n';
import { LIMITS } from '../src/speech/limits';
import { planSpeech } from '../src/speech/plan';
import { renderText } from '../src/speech/render';
import { AlexaUnderstanding, serverForVirtualAlexa } from './helpers/virtual-alexa';

/**
 * Help, said anywhere, keeps the session open and asks that state's question again (Amazon's
 * certification checks it); a one-shot question with nothing running says so before the welcome.
 * Every turn goes through the generated model with virtual-alexa to the real /alexa route.
 */
type Words = Record<'help' | 'routine' | 'ready' | 'wait' | 'next' | 'rating' | 'delete' | 'stop', string>;
const WORDS: Record<string, Words> = {
  'en-US': {
    help: 'help',
    routine: 'neck',
    ready: 'ready',
    wait: 'wait',
    next: 'next',
    rating: 'three',
    delete: 'delete my journal',
    stop: 'stop',
  },
  'de-DE': {
    help: 'hilfe',
    routine: 'nacken',
    ready: 'bereit',
    wait: 'warte',
    next: 'weiter',
    rating: 'drei',
    delete: 'lösch mein tagebuch',
    stop: 'stopp',
  },
};
const ONE_SHOT: Record<string, string> = {
  'en-US': 'ask massage coach how much longer',
  'de-DE': 'frag Massage Coach wie lange noch',
};

const baseUrl = serverForVirtualAlexa();

describe.each(['en-US', 'de-DE'])('%s', (locale) => {
  const tr = translator(locale);
  const w = WORDS[locale]!;
  const lastSentence = (key: string) =>
    tr
      .t(key, { routine: '' })
      .split(/(?<=[.!?]) /)
      .pop()!;

  /** Drives a fresh session with `lines`, then says help: the answer must keep the session, help, and ask `question`. */
  async function helpAfter(lines: string[], question: string, helpText?: string) {
    const client = new AlexaUnderstanding(baseUrl(), locale);
    await client.open();
    for (const line of lines) await client.talk(line);
    const help = await client.talk(w.help);
    expect({ lines, endsSession: help.endsSession }).toEqual({ lines, endsSession: false });
    expect(help.speech).toContain(question);
    if (helpText) expect(help.speech).toContain(helpText);
    expect(help.speech).not.toContain(tr.t('coach.fallback.question'));
    return client;
  }

  it('at the menu: help names the areas and asks again', async () => {
    await helpAfter([], tr.t('coach.help.choose'));
  });

  it('before the routine starts: help says what to do and asks for ready again', async () => {
    await helpAfter([w.routine], tr.t('coach.equipment.reprompt'), tr.t('coach.help.equipment'));
  });

  it('mid-hold: help lists the commands and the hold goes on', async () => {
    await helpAfter([w.routine, w.ready], tr.t('coach.help.routine'));
  });

  it('paused: help says how to carry on', async () => {
    await helpAfter([w.routine, w.ready, w.wait], tr.t('coach.help.paused'));
  });

  it('at "delete my journal?": help asks the question again', async () => {
    await helpAfter([w.delete], tr.t('coach.delete.confirm'), tr.t('coach.help.question'));
  });

  it('at the last question ("how does it feel now?"): help keeps the rating', async () => {
    const client = new AlexaUnderstanding(baseUrl(), locale);
    await client.open();
    await client.talk(w.routine);
    let turn = await client.talk(w.ready);
    const wrapUp = lastSentence('coach.wrapUp.ask');
    for (let turns = 0; !turn.speech.includes(wrapUp); turns += 1) {
      if (turns > 80) throw new Error('no wrap-up');
      turn = await client.talk(w.next);
    }
    const help = await client.talk(w.help);
    expect(help.endsSession).toBe(false);
    expect(help.speech).toContain(tr.t('coach.help.rating'));
    expect(help.speech).toContain(tr.t('coach.wrapUp.reprompt'));
    const rated = await client.talk(w.rating);
    expect(rated.endsSession).toBe(true);
    expect(rated.speech).toContain(tr.t('coach.wrapUp.noted'));
  });

  it('a one-shot "how much longer" with nothing running says so, then welcomes', async () => {
    const client = new AlexaUnderstanding(baseUrl(), locale);
    const answer = await client.say(ONE_SHOT[locale]!, null);
    expect(answer.event.type).toBe('TIME_LEFT');
    expect(answer.endsSession).toBe(false);
    expect(answer.speech).toContain(tr.t('coach.timeLeft.idle'));
  });

  // A chat channel (Dialogflow) may keep talking after the coach ended or stopped for a warning sign.
  it.each<[string, object]>([
    ['after a warning sign', { type: 'RED_FLAG', symptom: 'tingling' }],
    ['after stop', { type: 'STOP' }],
  ])('%s, help keeps the session and offers the areas', (_name, ending) => {
    const T0 = Date.UTC(2026, 10, 25, 9);
    const turn = (snapshot: PersistedCoach | null, event: object, now: number) =>
      runTurn(snapshot, event, { now, locale, budgetSeconds: LIMITS.alexa.maxResponseSeconds });
    let snapshot = turn(null, { type: 'START_ROUTINE', routine: 'neck' }, T0).snapshot;
    snapshot = turn(snapshot, { type: 'YES' }, T0 + 5000).snapshot;
    const ended = turn(snapshot, ending, T0 + 20_000);
    expect(ended.output.endSession).toBe(true);
    const help = turn(ended.snapshot, { type: 'HELP' }, T0 + 30_000);
    expect(help.output.endSession).toBe(false);
    expect(renderText(planSpeech(help.output.acts, locale))).toContain(tr.t('coach.help.choose'));
  });
});
