import { persistentPainOf, progressOf, streakDays } from '../src/store/progress';
import { MemoryStore } from '../src/store/memory-store';
import type { JournalEntry, UserState } from '../src/store/types';
import { runTranscript } from './helpers/transcript';
import { simulator } from './helpers/simulator';
import { journalEntry } from './helpers/journal';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 25, 18);
let n = 0;
const at = (daysAgo: number, fields: Partial<JournalEntry> = {}): JournalEntry =>
  journalEntry({ id: `e${(n += 1)}`, date: new Date(NOW - daysAgo * DAY).toISOString(), ...fields });
const user = (journal: JournalEntry[], goal: UserState['goal'] = 'maintenance'): UserState => ({
  resume: null,
  goal,
  sessions: journal.length,
  journal,
});

describe('journal figures', () => {
  it('counts the rest of an interrupted session, picked up later, as the same session', () => {
    const journal = [
      at(1, { completed: false, cutShort: 'silence', stepsCompleted: 1, ratingBefore: 7 }),
      at(1, { resumed: true, ratingBefore: 7, ratingAfter: 4 }),
    ];
    expect(progressOf(user(journal), NOW)).toMatchObject({ sessionsThisWeek: 1, totalSessions: 1, averageChange: -3 });
  });

  it('counts the last seven days against the goal, the streak, the areas that recur and the average change', () => {
    const journal = [
      at(0, { ratingBefore: 6, ratingAfter: 3 }),
      at(1, { routine: 'calves-hamstrings', ratingBefore: 5, ratingAfter: 4 }),
      at(2, { ratingBefore: 7, ratingAfter: 4 }),
      at(4, { routine: 'calves-hamstrings' }),
      at(9, { routine: 'mid-lower-back', ratingBefore: 4, ratingAfter: 5 }),
      at(10, { routine: 'calves-hamstrings', stepsCompleted: 0, completed: false, cutShort: 'stopped' }),
    ];
    expect(progressOf(user(journal), NOW)).toEqual({
      sessionsThisWeek: 4,
      goal: 'maintenance',
      goalMin: 3,
      goalMax: 5,
      streakDays: 3,
      topRoutines: ['calves-hamstrings', 'neck'],
      // (-3 - 1 - 3 + 1) / 4
      averageChange: -1.5,
      // neck: drops of 3 and 3; calves one rated session; back rose.
      bestRoutine: { routine: 'neck', averageDrop: 3 },
      totalSessions: 6,
      lastRoutine: 'neck',
    });
    expect(progressOf(user(journal, 'daily'), NOW)).toMatchObject({ goal: 'daily', goalMin: 7, goalMax: 7 });
  });

  it('names no best routine from a single rated session, or from sessions that made things worse', () => {
    expect(progressOf(user([at(1, { ratingBefore: 6, ratingAfter: 2 })]), NOW)!.bestRoutine).toBeNull();
    expect(
      progressOf(user([at(1, { ratingBefore: 3, ratingAfter: 5 }), at(2, { ratingBefore: 3, ratingAfter: 4 })]), NOW)!
        .bestRoutine,
    ).toBeNull();
  });

  it('counts a streak that ended yesterday, and not one broken by a day off', () => {
    expect(streakDays([at(1), at(2), at(3)], NOW)).toBe(3);
    expect(streakDays([at(0), at(2), at(3)], NOW)).toBe(1);
    expect(streakDays([at(2)], NOW)).toBe(0);
    expect(streakDays([at(0, { stepsCompleted: 0, completed: false })], NOW)).toBe(0);
  });

  it('has nothing to say of an empty journal', () => {
    expect(progressOf(user([]), NOW)).toBeNull();
  });

  describe('the two-week rule', () => {
    it('flags an area reported painful across more than two weeks, still this week', () => {
      const journal = [
        at(17, { ratingBefore: 6 }),
        at(9, { ratingBefore: 5 }),
        at(2, { ratingBefore: 7 }),
        at(3, { routine: 'calves-hamstrings', ratingBefore: 8 }),
      ];
      expect(persistentPainOf(user(journal), NOW)).toEqual({ routine: 'neck', days: 15 });
    });
    it('is not fooled by exactly two weeks, a calm session in between, or an old run', () => {
      expect(persistentPainOf(user([at(14, { ratingBefore: 6 }), at(0, { ratingBefore: 6 })]), NOW)).toBeNull();
      expect(
        persistentPainOf(
          user([at(20, { ratingBefore: 6 }), at(10, { ratingBefore: 2 }), at(1, { ratingBefore: 6 })]),
          NOW,
        ),
      ).toBeNull();
      expect(persistentPainOf(user([at(40, { ratingBefore: 6 }), at(20, { ratingBefore: 6 })]), NOW)).toBeNull();
    });
    it('counts days over the run', () => {
      expect(
        persistentPainOf(
          user([at(30, { ratingBefore: 5 }), at(15, { ratingBefore: 5 }), at(1, { ratingBefore: 9 })]),
          NOW,
        ),
      ).toEqual({ routine: 'neck', days: 29 });
    });
  });
});

describe('the journal, as the user meets it', () => {
  it('writes one entry per session with ratings before and after, and reads progress back', async () => {
    const store = new MemoryStore();
    const { send } = simulator({ store, start: NOW });
    await runTranscript(
      `
      U: how am i doing
      A: your journal is empty
      U: start calves
      U: it's a six
      U: ready
      U: next
      U: next
      U: next
      A: how tense is it now
      U: two
      A: down from 6 to 2
      A$
      U: <launch>
      U: my pain is chronic
      A: your goal is every day
      U: how am i doing
      A: in the last seven days you've done one session.
      A: your goal is every day
      A: tension drops by 4 points
      `,
      send,
    );
    const { journal, goal } = await store.load('test-user');
    expect(goal).toBe('daily');
    expect(journal).toEqual([
      expect.objectContaining({
        routine: 'calves-hamstrings',
        completed: true,
        cutShort: null,
        stepsCompleted: 4,
        totalSteps: 4,
        ratingBefore: 6,
        ratingAfter: 2,
      }),
    ]);
  });

  it('journals each routine with its own ratings when another starts at the wrap-up', async () => {
    const store = new MemoryStore();
    const { send } = simulator({ store, start: NOW });
    await runTranscript(
      `
      U: start neck
      U: it's a six
      A: 6
      U: ready
      U: next
      U: next
      U: next
      A: how tense is it now
      U: start calves
      A: foam roller
      U: it's a three
      A: 3
      U: ready
      U: stop
      A: saved your place
      A$
      `,
      send,
    );
    const { journal } = await store.load('test-user');
    const neck = journal.find((entry) => entry.routine === 'neck');
    const calves = journal.find((entry) => entry.routine === 'calves-hamstrings');
    expect(journal).toHaveLength(2);
    // Neck is done without a rating after; calves' own 3 is its "before", not a rating "during".
    expect(neck).toMatchObject({ completed: true, ratingBefore: 6, ratingsDuring: [] });
    expect(neck).not.toHaveProperty('ratingAfter');
    expect(calves).toMatchObject({ completed: false, cutShort: 'stopped', ratingBefore: 3, ratingsDuring: [] });
  });

  it('says which routine helps most', async () => {
    const store = new MemoryStore();
    for (const entry of [
      at(3, { ratingBefore: 6, ratingAfter: 3 }),
      at(2, { ratingBefore: 7, ratingAfter: 4 }),
      at(1, { routine: 'calves-hamstrings', ratingBefore: 5, ratingAfter: 5 }),
    ]) {
      await store.appendJournal('test-user', entry);
    }
    const { send } = simulator({ store, start: NOW });
    await runTranscript(
      `
      U: how am i doing
      A: in the last seven days you've done 3 sessions
      A: neck release seems to help you most: it lowers your tension by 3 points on average
      `,
      send,
    );
  });

  it('records a session cut short by stop, with the steps done', async () => {
    const store = new MemoryStore();
    const { send } = simulator({ store, start: NOW });
    await runTranscript(
      `
      U: start glutes
      U: ready
      U: next
      U: stop
      A: saved your place
      A$
      `,
      send,
    );
    const { journal, resume } = await store.load('test-user');
    expect(journal).toEqual([
      expect.objectContaining({
        routine: 'glutes-piriformis',
        completed: false,
        cutShort: 'stopped',
        stepsCompleted: 1,
      }),
    ]);
    expect(resume).toMatchObject({ routine: 'glutes-piriformis', step: 2 });
  });

  it('says the two-week rule at launch', async () => {
    const store = new MemoryStore();
    for (const entry of [at(20, { ratingBefore: 6 }), at(10, { ratingBefore: 6 }), at(1, { ratingBefore: 6 })])
      await store.appendJournal('test-user', entry);
    const { send } = simulator({ store, start: NOW });
    await runTranscript(
      `
      U: <launch>
      A: you've reported tension in neck release for 19 days
      A: physical therapist or a doctor
      `,
      send,
    );
  });

  it('deletes the journal only after a clear yes', async () => {
    const store = new MemoryStore();
    await store.appendJournal('test-user', at(1));
    await store.saveResume('test-user', { routine: 'neck', step: 1, unit: 0, savedAt: NOW - 1000 });
    const { send } = simulator({ store, start: NOW });
    await runTranscript(
      `
      U: <launch>
      U: delete my journal
      A: are you sure
      U: no
      A: kept everything
      U: delete my journal
      U: banana
      A: please say yes or no
      U: yes
      A: deleted
      `,
      send,
    );
    expect(await store.load('test-user')).toMatchObject({ resume: null, journal: [] });
  });
});
