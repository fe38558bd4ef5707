import { readFileSync } from 'node:fs';
import type { JournalEntry } from '../../src/store/types';

/** Sunday 29 November 2026, 18:00 UTC: the end of the third week of the journal below. */
export const THREE_WEEKS_NOW = Date.UTC(2026, 10, 29, 18, 0, 0);

type Seed = [day: number, routine: string, extra: Partial<JournalEntry> & { spot?: string }];
/**
 * Three simulated weeks (Monday 9 to Sunday 29 November 2026): nine sessions, one of them
 * interrupted and resumed the same day, three cut short (stopped, a safety stop, a silence).
 */
const SEEDS: Seed[] = [
  [9, 'neck', { ratingBefore: 7, ratingAfter: 4, spot: 'upper-trapezius' }],
  [11, 'neck', { ratingBefore: 6, ratingAfter: 3, spot: 'upper-trapezius' }],
  [13, 'calves-hamstrings', { ratingBefore: 5, ratingAfter: 2 }],
  [17, 'neck', { ratingBefore: 6, completed: false, stepsCompleted: 2, cutShort: 'stopped' }],
  [17.1, 'neck', { ratingBefore: 6, ratingAfter: 3, resumed: true }],
  [21, 'calves-hamstrings', { ratingBefore: 6, completed: false, stepsCompleted: 1, cutShort: 'red-flag' }],
  [23, 'neck', { ratingBefore: 5, ratingAfter: 2, spot: 'upper-trapezius' }],
  [25, 'neck', { ratingBefore: 5, ratingAfter: 3, spot: 'base-of-skull' }],
  [26, 'calves-hamstrings', { ratingBefore: 5, completed: false, stepsCompleted: 3, cutShort: 'silence' }],
  [28, 'neck', { ratingBefore: 4, ratingAfter: 2 }],
];

/** The journal entries, as the coach writes them (spots on some, as a journal that marks spots keeps them). */
export function threeWeekJournal(options: { spots?: boolean } = {}): Array<JournalEntry & { spot?: string }> {
  return SEEDS.map(([day, routine, extra], n) => {
    const { spot, ...rest } = extra;
    return {
      id: `three-weeks-${n}`,
      // 08:00 UTC on the day; the resumed part two hours later (day 17.1).
      date: new Date(Date.UTC(2026, 10, Math.floor(day), 8) + Math.round((day % 1) * 20) * 3600_000).toISOString(),
      routine,
      stepsCompleted: 5,
      totalSteps: 5,
      completed: true,
      cutShort: null,
      ratingsDuring: [],
      ...rest,
      ...(options.spots && spot ? { spot } : {}),
    };
  });
}

/** Every word the coach knows for a warning sign, in a locale: none may appear in a report. */
function symptomWords(locale: string): string[] {
  const coach = JSON.parse(readFileSync(`locales/${locale}/coach.json`, 'utf8')) as {
    symptom: Record<string, { name: string; synonyms?: string[] }>;
  };
  return Object.values(coach.symptom).flatMap((sign) => [sign.name, ...(sign.synonyms ?? [])]);
}

/** The symptom words a text holds, each as whole words ("gebrochen" is not in "abgebrochen"). */
export function symptomWordsIn(text: string, locale: string): string[] {
  const escape = (words: string) => words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return symptomWords(locale).filter((words) => new RegExp(`(?<!\\p{L})${escape(words)}(?!\\p{L})`, 'iu').test(text));
}

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      [row, cell] = [[], ''];
      i += 1;
    } else cell += c;
  }
  if (cell || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}
