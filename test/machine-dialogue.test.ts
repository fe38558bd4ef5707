import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TurnEnv } from '../src/coach/events';
import type { CoachReply } from '../src/coach/machine-kit';
import type { Profile } from '../src/coach/profile';
import { routineDialogue } from '../src/coach/routine-actions';
import { sessionChoice } from '../src/coach/session-choice';
import { INITIAL_CONTEXT, type SessionContext, type SessionEvent } from '../src/coach/session-context';
import { sessionKit } from '../src/coach/session-kit';
import { compiledPlan } from '../src/coach/session-plans';
import { sessionSafety } from '../src/coach/session-safety';
import { sessionWelcome } from '../src/coach/session-welcome';
import { sessionWrapUp } from '../src/coach/session-wrapup';
import { catalogue } from '../src/content/load';
import type { Plan } from '../src/plan/schema';

/**
 * The dialogue's functions, each on its own (session-*.ts, routine-actions.ts): pure, from a
 * context and an event to what changes and what is said. The chart only names them.
 */
const NOW = Date.parse('2026-12-05T09:00:00Z');
const env: TurnEnv = { now: NOW, locale: 'en-US', budgetSeconds: 240, emergencyNumber: '911' };
const PROFILE: Profile = { firstSession: false, resume: null, progress: null, persistentPain: null };
const event = (type: string, more: object = {}, profile: Profile = PROFILE) =>
  ({ type, ...more, env, profile }) as SessionEvent;
const context = (more: Partial<SessionContext> = {}): SessionContext => ({ ...INITIAL_CONTEXT, env, ...more });
const keys = (reply: CoachReply | null | undefined) =>
  (reply?.say?.acts ?? []).flatMap((act) => (act.type === 'say' ? [act.key] : [act.type]));

const kit = sessionKit(catalogue());
const neck = catalogue().routines.get('neck')!;

describe('the welcome (session-welcome.ts)', () => {
  const { welcome, greetFirstTime } = sessionWelcome(kit);

  it('the first time: the disclaimer, the area question, and the stop words owed', () => {
    const reply = welcome(context(), event('LAUNCH', {}, { ...PROFILE, firstSession: true }));
    expect(keys(reply)).toEqual(['coach.welcome.first', 'coach.welcome.reprompt']);
    expect(reply.assign).toMatchObject({ stopWordsOwed: true, offer: null });
  });

  it('offers a place saved within the day, with its before-rating kept', () => {
    const resume = { routine: 'neck', step: 1, unit: 0, savedAt: NOW - 3_600_000, ratingBefore: 6 };
    const reply = welcome(context(), event('LAUNCH', {}, { ...PROFILE, resume }));
    expect(keys(reply)).toEqual(['coach.welcome.back', 'coach.resume.offer']);
    expect(reply.assign?.offer).toEqual({ routine: 'neck', start: { step: 1, unit: 0 }, ratingBefore: 6 });
  });

  it('offers no place in a routine a warning sign stopped this session', () => {
    const resume = { routine: 'neck', step: 1, unit: 0, savedAt: NOW - 1000 };
    const reply = welcome(context({ blocked: ['neck'] }), event('LAUNCH', {}, { ...PROFILE, resume }));
    expect(reply.assign?.offer).toBeNull();
  });

  it('a one-shot start owes the first-time words, and says nothing otherwise', () => {
    expect(keys(greetFirstTime(context(), event('START_ROUTINE', {}, { ...PROFILE, firstSession: true })))).toEqual([
      'coach.welcome.first',
    ]);
    expect(greetFirstTime(context(), event('START_ROUTINE')).say).toBeNull();
  });
});

describe('choosing (session-choice.ts)', () => {
  const choice = sessionChoice(catalogue(), kit);
  const plan = JSON.parse(
    readFileSync(join(__dirname, '..', 'docs', 'examples', 'plan-desk-neck.json'), 'utf8'),
  ) as Plan;

  it('sets up a plan file: compiled, chosen by its id, with its equipment check', () => {
    const reply = choice.setUpPlan(context(), event('COMPOSE'), plan);
    expect(reply.assign).toMatchObject({ routine: 'desk-neck', start: { step: 0, unit: 0 } });
    expect(keys(reply)).toEqual(['coach.equipment.askBack']);
  });

  it('starts a plan file at once, its introduction said first in the first step', () => {
    const reply = choice.startPlan(context(), event('YES'), plan);
    expect(reply.assign).toMatchObject({ routine: 'desk-neck' });
    expect(reply.assign?.intro?.map((act) => (act.type === 'say' ? act.key : act.type))).toEqual([
      'coach.routine.intro',
    ]);
  });

  it('asks before switching mid-routine, and remembers what to switch to', () => {
    const reply = choice.askToSwitch(
      context({ routine: 'neck' }),
      event('START_ROUTINE', { routine: 'calves-hamstrings' }),
    );
    expect(reply.assign).toEqual({ switchTo: 'calves-hamstrings' });
    expect(keys(reply)).toEqual(['coach.question.confirmSwitch']);
  });

  it('"talk less" outside a routine: brief from now on, kept in the profile, then the question', () => {
    const reply = choice.answerOutside(context(), event('TALK', { mode: 'less' }), {
      then: { type: 'say', key: 'coach.welcome.ask' },
    });
    expect(reply.assign).toEqual({ brief: true });
    expect(reply.say?.effects).toEqual([{ type: 'setTalk', talk: 'brief' }]);
    expect(keys(reply)).toEqual(['coach.talk.less', 'coach.welcome.ask']);
  });
});

describe('safety (session-safety.ts)', () => {
  const safety = sessionSafety(catalogue(), kit);

  it('a stop sign mid-routine: answered, the session ends, the area blocked, the cut journaled as a safety stop', () => {
    const busy = context({ routine: 'neck', routineUnjournaled: true, stepsCompleted: 2 });
    const reply = safety.stopForSafety(busy, event('RED_FLAG', { symptom: 'tingling' }), { busy: true });
    expect(reply.say?.end).toBe(true);
    expect(reply.assign?.blocked).toContain('neck');
    const journal = reply.say?.effects?.find((effect) => effect.type === 'journal');
    expect(journal).toMatchObject({ entry: { routine: 'neck', stepsCompleted: 2, cutShort: 'red-flag' } });
  });

  it('a caution is answered and kept for the session; nothing ends', () => {
    const sign = catalogue().safety.signs.find((candidate) => candidate.tier === 'caution')!;
    expect(safety.isCaution(event('RED_FLAG', { symptom: sign.id }))).toBe(true);
    const reply = safety.answerCaution(context(), event('RED_FLAG', { symptom: sign.id }), {
      then: { type: 'say', key: 'coach.welcome.ask' },
      plan: false,
    });
    expect(reply.assign).toEqual({ cautions: [sign.id] });
    expect(reply.say?.end).toBeUndefined();
  });
});

describe('the wrap-up (session-wrapup.ts)', () => {
  const wrap = sessionWrapUp(kit);

  it('the after-rating closes the routine: compared with the before-rating, journaled as completed, the place cleared', () => {
    const done = context({ routine: 'neck', ratingBefore: 6, routineUnjournaled: true });
    const reply = wrap.closeWithRating(done, event('RATE', { value: 3 }));
    expect(reply.assign).toMatchObject({ ratingAfter: 3, routineUnjournaled: false });
    expect(reply.say?.effects?.map((effect) => effect.type)).toEqual(['journal', 'clearResume']);
    expect(reply.say?.effects?.[0]).toMatchObject({ entry: { completed: true, ratingBefore: 6, ratingAfter: 3 } });
  });

  it('a routine stopped before its end is journaled as stopped, with the steps done', () => {
    const run = {
      ...routineDialogue(neck).dialogue.startRun(context({ routine: 'neck' })).assign!.run!,
      endReason: 'stopped' as const,
    };
    const reply = wrap.journalCutShort(context({ routine: 'neck', stepsCompleted: 1, run }));
    expect(keys(reply)).toEqual(['coach.stop.saved']);
    expect(reply.say?.effects?.[0]).toMatchObject({ entry: { stepsCompleted: 1, cutShort: 'stopped' } });
  });
});

describe('a plan running (routine-actions.ts)', () => {
  const { dialogue, carryOn } = routineDialogue(neck);
  const running = (more: Partial<SessionContext> = {}) => {
    const base = context({ routine: 'neck', ...more });
    return { ...base, ...dialogue.startRun(base).assign };
  };

  it('starts at the saved place, and fitted into "two minutes" when asked', () => {
    expect(running({ start: { step: 2, unit: 0 } }).run!.step).toBe(2);
    const short = running({ shortMinutes: 2 });
    expect(short.run!.skip!.length + Object.keys(short.run!.overrides).length).toBeGreaterThan(0);
  });

  it('plays the first step: its instruction, and a hold timed in the response', () => {
    const reply = dialogue.playStep(running(), event('YES'), { index: 0 });
    expect(keys(reply)).toContain('routine.neck.step.warm-up.instruction');
    expect(reply.assign?.run?.played).toMatchObject({ step: 0 });
  });

  it('pauses mid-hold on a pressure step: off the pressure first, the rest of the hold kept', () => {
    const inHold = running({ start: { step: 1, unit: 0 } });
    const played = dialogue.playStep(inHold, event('YES'), { index: 1 });
    const holding = { ...inHold, ...played.assign, env: { ...env, now: NOW + 15_000 } } as SessionContext;
    const reply = dialogue.pause(holding, event('PAUSE', {}, PROFILE));
    expect(keys(reply)).toEqual(['coach.pause.comeOff', 'coach.pause.done']);
    expect(reply.assign?.run?.paused?.remaining).toBeGreaterThan(0);
  });

  it('carryOn: said first, then the hold under way goes on; with no hold, the question again', () => {
    const after = running();
    const played = { ...after, ...dialogue.playStep(after, event('YES'), { index: 0 }).assign } as SessionContext;
    const later = { ...env, now: NOW + 60_000 * 5 };
    const reply = carryOn(
      played,
      { ...event('HELP'), env: later },
      { acts: [{ type: 'say', key: 'coach.help.routine' }] },
    );
    expect(keys(reply)[0]).toBe('coach.help.routine');
    expect(reply.say?.reprompt?.length).toBeGreaterThan(0);
  });
});

describe('plan files (session-plans.ts)', () => {
  it('a plan named like a guide routine must be that routine', () => {
    const neckPlan = JSON.parse(readFileSync(join(__dirname, '..', 'content', 'plans', 'neck.json'), 'utf8')) as Plan;
    expect(compiledPlan(neckPlan).steps).toEqual(neck.steps);
    const other = { ...neckPlan, steps: neckPlan.steps.slice(0, 2) };
    expect(() => compiledPlan(other)).toThrow(/names another plan/);
  });
});
