import { say, type Act } from '../speech/acts';
import { changedSpotAct } from './knot-dialogue';
import { knotMap } from './knots';
import type { PersistentPain, Profile } from './profile';

/**
 * PROGRESS as speech: sessions against the goal, streak, the area done most, the average change,
 * and at most one spot of the knot map that changed for real.
 */
export function progressActs(profile: Profile): Act[] {
  if (profile.journalReachable === false) return [say('coach.progress.unavailable')];
  const facts = profile.progress;
  if (!facts || facts.totalSessions === 0) return [say('coach.progress.none')];
  const acts: Act[] = [
    say(facts.goal === 'daily' ? 'coach.progress.weekDaily' : 'coach.progress.weekMaintenance', {
      count: facts.sessionsThisWeek,
      min: facts.goalMin,
      max: facts.goalMax,
    }),
  ];
  if (facts.streakDays > 1) acts.push(say('coach.progress.streak', { count: facts.streakDays }));
  const top = facts.topRoutines[0];
  if (top) acts.push(say('coach.progress.top', { routine: { t: `routine.${top}.name` } }));
  if (facts.averageChange !== null) {
    const points = Math.round(Math.abs(facts.averageChange) * 10) / 10;
    if (facts.averageChange < 0) acts.push(say('coach.progress.better', { points }));
    else if (facts.averageChange > 0) acts.push(say('coach.progress.worse', { points }));
    else acts.push(say('coach.progress.same'));
  }
  if (facts.bestRoutine) {
    acts.push(
      say('coach.progress.best', {
        routine: { t: `routine.${facts.bestRoutine.routine}.name` },
        points: Math.round(facts.bestRoutine.averageDrop * 10) / 10,
      }),
    );
  }
  const spot = profile.knots ? changedSpotAct(knotMap(profile.knots)) : null;
  if (spot) acts.push(spot);
  return acts;
}

/** The guide's two-week rule, said at the start of a session. */
export function persistentPainActs(pain: PersistentPain | null): Act[] {
  return pain
    ? [say('coach.progress.persistent', { routine: { t: `routine.${pain.routine}.name` }, days: pain.days })]
    : [];
}
