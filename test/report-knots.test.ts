import { checkedDraft } from '../src/store/journal-entry';
import type { KnotEntry } from '../src/coach/knots';
import { journalBody } from '../src/server/console-journal';
import { buildReport } from '../src/server/web/report.js';
import { webText } from '../src/i18n/web-strings';
import { emptyUser, type JournalEntry } from '../src/store/types';
import { symptomWordsIn } from './helpers/report-journal';

/**
 * The report's per-spot figures come from the knot map where it has spots, and sessions cut short
 * "out of time" or because the pain eased show those reasons once the journal records them.
 */
const NOW = Date.UTC(2026, 10, 29, 18, 0, 0);
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 8)).toISOString();

const entry = (n: number, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  id: `e${n}`,
  date: day(n),
  routine: 'neck',
  stepsCompleted: 5,
  totalSteps: 5,
  completed: true,
  cutShort: null,
  ratingsDuring: [],
  ratingBefore: 6,
  ratingAfter: 3,
  ...extra,
});

const tension = (n: number, side: 'left' | 'right', before: number, after: number): KnotEntry => ({
  id: `k${n}${side}`,
  date: day(n),
  session: `s${n}`,
  kind: 'tension',
  spot: { area: 'neck', side, step: 'compression' },
  before,
  after,
});

describe('the report from the knot map and the journal reasons', () => {
  const journal = [
    entry(20),
    entry(22, { completed: false, stepsCompleted: 2, cutShort: 'time' }),
    entry(24, { completed: false, stepsCompleted: 3, cutShort: 'pain-eased' }),
  ];
  const knots: KnotEntry[] = [
    {
      id: 'm20',
      date: day(20),
      session: 's20',
      kind: 'mark',
      spot: { area: 'neck', side: 'right', step: 'compression' },
    },
    tension(20, 'right', 7, 3),
    tension(22, 'right', 6, 4),
    tension(24, 'left', 5, 5),
    // Written after the report's moment: not counted.
    { ...tension(30, 'left', 9, 0), date: new Date(NOW + 3600_000).toISOString() },
  ];

  it('the store keeps the two new reasons, and nothing else new', () => {
    for (const cut of ['time', 'pain-eased'] as const)
      expect(checkedDraft({ ...entry(1, { cutShort: cut }), id: undefined })).toBeNull();
    const { id: _id, ...draft } = entry(1, { cutShort: 'time' });
    expect(checkedDraft(draft)?.cutShort).toBe('time');
    expect(checkedDraft({ ...draft, cutShort: 'pain-eased' })?.cutShort).toBe('pain-eased');
    expect(checkedDraft({ ...draft, cutShort: 'neck hurts' })).toBeNull();
  });

  it('counts each marked spot from the knot map, named in the person language', () => {
    const report = buildReport(journalBody({ ...emptyUser(), journal }, NOW, 'en-US', knots));
    expect(
      report.spots.map(({ spot, sessions, rated, before, after, change }) => ({
        spot,
        sessions,
        rated,
        before,
        after,
        change,
      })),
    ).toEqual([
      { spot: 'Knuckle compression, left side', sessions: 1, rated: 1, before: 5, after: 5, change: 0 },
      { spot: 'Knuckle compression, right side', sessions: 2, rated: 2, before: 6.5, after: 3.5, change: -3 },
    ]);
    const german = buildReport(journalBody({ ...emptyUser(), journal }, NOW, 'de-DE', knots));
    expect(german.spots.map((row) => row.spot)).toEqual([
      'Druck mit dem Knöchel, linke Seite',
      'Druck mit dem Knöchel, rechte Seite',
    ]);
  });

  it('shows "out of time" and "pain eased" as reasons, with no symptom word', () => {
    const report = buildReport(journalBody({ ...emptyUser(), journal }, NOW, 'en-US', knots));
    const reasons = report.cutShort.map((cut) => webText('en-US', `report.reason.${cut.reason}`));
    expect(reasons).toEqual(['out of time', 'pain eased']);
    expect(symptomWordsIn(JSON.stringify(report), 'en-US')).toEqual([]);
  });
});
