import { catalogue } from '../src/content/load';
import { translator } from '../src/i18n';
import { AlexaUnderstanding, serverForVirtualAlexa } from './helpers/virtual-alexa';

/**
 * All five routines, start to finish, through the generated en-US and de-DE models with
 * virtual-alexa: open the skill, name the routine as the menu offers it, say ready, move on
 * until the coach asks how it feels now, answer with a number. Every turn is resolved from the
 * model (no intent is picked by hand) and posted to the real /alexa route.
 */
const WORDS: Record<string, { ready: string; next: string; rating: string }> = {
  'en-US': { ready: 'ready', next: 'next', rating: 'three' },
  'de-DE': { ready: 'bereit', next: 'weiter', rating: 'drei' },
};
const MAX_TURNS = 80;

const baseUrl = serverForVirtualAlexa();

const routines = [...catalogue().routines.keys()];
describe.each(['en-US', 'de-DE'])('%s, through the generated model', (locale) => {
  it.each(routines)('walks %s from the menu to the rating', async (routine) => {
    const tr = translator(locale);
    const words = WORDS[locale]!;
    const client = new AlexaUnderstanding(baseUrl(), locale);
    // The wrap-up question: the last sentence of the coach's own wrap-up line.
    const wrapUp = tr
      .t('coach.wrapUp.ask', { routine: '' })
      .split(/(?<=[.!?]) /)
      .pop()!;
    const opened = await client.open();
    expect(opened.endsSession).toBe(false);
    const chosen = await client.talk(tr.t(`routine.${routine}.name`).toLowerCase());
    expect(chosen.speech).toContain(tr.t(`routine.${routine}.name`));
    let turn = await client.talk(words.ready);
    let turns = 0;
    while (!turn.speech.includes(wrapUp)) {
      expect({ turns, endsSession: turn.endsSession }).toEqual({ turns, endsSession: false });
      turns += 1;
      if (turns > MAX_TURNS) throw new Error(`no wrap-up after ${MAX_TURNS} turns; last: ${turn.speech}`);
      turn = await client.talk(words.next);
    }
    const rated = await client.talk(words.rating);
    expect(rated.endsSession).toBe(true);
    expect(rated.speech).toContain(tr.t('coach.wrapUp.noted'));
    expect(turns).toBeGreaterThan(2);
  });
});
