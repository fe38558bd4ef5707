import { matcherFor } from '../src/nlu/matcher';
import {
  figures,
  gradeEvent,
  gradeTurn,
  LATEST_SET,
  loadHeldout,
  type Grade,
  type HeldoutLine,
} from './helpers/heldout';

/**
 * The held-out set through the matcher and through the real coach turn in each line's state:
 * graded by what a user would notice, with floors. A failing line's KIND is fixed in the
 * lexicon; the line itself stays in the set and is never copied into any word list.
 */
const LOCALES = ['en-US', 'de-DE'];
type Result = { line: HeldoutLine; grade: Grade };

const runs = new Map(
  LOCALES.map((locale) => {
    const event: Result[] = [];
    const turn: Result[] = [];
    for (const line of loadHeldout(locale)) {
      const matched = matcherFor(locale).match(line.text).event;
      event.push({ line, grade: gradeEvent(line, matched) });
      turn.push({ line, grade: gradeTurn(line, locale, matched) });
    }
    return [locale, { event, turn }];
  }),
);

const rate = (results: Result[], classes: string[]) => {
  const chosen = results.filter(({ line }) => classes.includes(line.class));
  return { passed: chosen.filter(({ grade }) => grade.pass).length, total: chosen.length };
};

beforeAll(() => {
  const rows: string[] = [`held-out set ${LATEST_SET}: passed/total through the matcher (event) and the coach turn`];
  for (const [locale, { event, turn }] of runs) {
    const byEvent = figures(event);
    const byTurn = figures(turn);
    for (const [name, { passed, total }] of Object.entries(byTurn))
      rows.push(`${locale} ${name.padEnd(12)} event ${byEvent[name]!.passed}/${total}  turn ${passed}/${total}`);
    for (const { line, grade } of turn.filter((result) => !result.grade.pass))
      rows.push(`  miss ${locale} ${line.class}/${line.state}: "${line.text}" ${grade.why}`);
  }
  process.stdout.write(`${rows.join('\n')}\n`);
});

it('grades every line of the set in both locales', () => {
  for (const locale of LOCALES) expect(runs.get(locale)!.turn.length).toBe(loadHeldout(locale).length);
});

// The floors of issue 18, on the newest set; never lower them.
describe.each(LOCALES)('held-out %s through the matcher and the coach turn', (locale) => {
  const { turn } = runs.get(locale)!;

  it('stops the routine for at least 95% of warning signs', () => {
    const { passed, total } = rate(turn, ['emergency', 'stop']);
    expect(passed / total).toBeGreaterThanOrEqual(0.95);
  });

  it('never acts on a comfort remark (alarm, switch, restart, skip, end, rating)', () => {
    expect(
      turn.filter(({ line, grade }) => line.class === 'comfort' && !grade.pass).map(({ line }) => line.text),
    ).toEqual([]);
  });

  it('eases off for at least 90% of strong pain, the hold going on', () => {
    const { passed, total } = rate(turn, ['strong_pain']);
    expect(passed / total).toBeGreaterThanOrEqual(0.9);
  });

  it('understands at least 90% of commands', () => {
    const { passed, total } = rate(turn, ['command']);
    expect(passed / total).toBeGreaterThanOrEqual(0.9);
  });
});
