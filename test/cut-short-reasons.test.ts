import { MemoryStore } from '../src/store/memory-store';
import { simulator } from './helpers/simulator';

/**
 * Why a session ended early, as the journal keeps it for the physiotherapist's report (issue 22):
 * out of time, pain eased, stopped, a safety stop. Only the reason is kept, never the words.
 */
async function journalAfter(lines: string[], locale = 'en-US') {
  const store = new MemoryStore();
  const { send } = simulator({ store, locale, userId: 'cut-short' });
  const heard: string[] = [];
  for (const line of lines) {
    // "<next until rated N>": "next" through the routine until the closing question, then N.
    const rated = /^<next until rated (\w+)>$/.exec(line);
    if (!rated) {
      heard.push((await send(line))?.speech ?? '');
      continue;
    }
    for (let turn = 0; turn < 12 && !/how tense is it now/i.test(heard.at(-1) ?? ''); turn += 1)
      heard.push((await send('next'))?.speech ?? '');
    heard.push((await send(rated[1]!))?.speech ?? '');
  }
  const journal = (await store.load('cut-short')).journal;
  return { journal, heard, text: JSON.stringify(journal) };
}

describe('sessions cut short, and why', () => {
  it('a routine fitted into the minutes the person had is cut short for time, with the steps done', async () => {
    const { journal, heard } = await journalAfter([
      'start neck release',
      'ready',
      'five',
      'I only have two minutes',
      '<next until rated three>',
    ]);
    expect(heard.join(' ')).toMatch(/how tense is it now/i);
    expect(journal).toHaveLength(1);
    const [entry] = journal;
    expect(entry).toMatchObject({ routine: 'neck', completed: false, cutShort: 'time', ratingAfter: 3 });
    expect(entry!.stepsCompleted).toBeLessThan(entry!.totalSteps);
    expect(entry!.stepsCompleted).toBeGreaterThan(0);
  });

  it('a routine played to its end with nothing left out is complete, with no reason', async () => {
    const { journal } = await journalAfter(['start neck release', 'ready', 'five', '<next until rated three>']);
    expect(journal[0]).toMatchObject({ completed: true, cutShort: null });
  });

  it('stopping after saying it feels looser is "pain eased"; the words are not kept', async () => {
    const { journal, text } = await journalAfter([
      'start calves',
      'ready',
      'six',
      'my calf feels a lot looser now',
      'stop',
    ]);
    expect(journal[0]).toMatchObject({ completed: false, cutShort: 'pain-eased' });
    expect(text).not.toMatch(/looser/);
  });

  it('stopping after a rating a real change lower than the start is "pain eased", in German too', async () => {
    const { journal } = await journalAfter(['starte Nacken', 'bereit', 'sieben', 'jetzt eine drei', 'stopp'], 'de-DE');
    expect(journal[0]).toMatchObject({ completed: false, cutShort: 'pain-eased', ratingsDuring: [3] });
  });

  it('stopping with no sign it eased is "stopped"; a small drop is not a real change', async () => {
    const plain = await journalAfter(['start neck release', 'ready', 'five', 'stop']);
    expect(plain.journal[0]).toMatchObject({ cutShort: 'stopped' });
    const small = await journalAfter(['start neck release', 'ready', 'five', "it's a four now", 'stop']);
    expect(small.journal[0]).toMatchObject({ cutShort: 'stopped', ratingsDuring: [4] });
  });
});
