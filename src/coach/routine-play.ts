import { say, type Act } from '../speech/acts';
import { planSpeech, SpeechClock } from '../speech/plan';
import type { TurnEnv } from './events';
import { pickUpOptions } from './interruptions';
import type { Played, Position } from './position';
import type { ContinueOptions, Ctx, Reply } from './routine-context';
import type { RoutineKit } from './routine-kit';
import { unitActs } from './units';

/**
 * Playing a routine: units of a step while they fit the platform's budget for one response, a
 * hold picked up after the coach spoke inside it, and the question asked again otherwise.
 */
const STOP_WORDS = say('coach.welcome.stopWords');

export function routinePlay(kit: RoutineKit) {
  const { steps, unitsAt, spokenOf, nextKept, viewOf, positionOf, closingAsk, askedUnit } = kit;

  /**
   * Plays units of a step from `from` while they fit the platform's budget for one response, then
   * asks before the rest: a long step is split into turns, never cut.
   */
  const play = (
    context: Ctx,
    env: TurnEnv,
    stepIndex: number,
    from: number,
    options: {
      prefix?: Act[];
      opening: boolean;
      remaining?: number;
      instructed?: boolean;
      reposition?: boolean;
      cueOnly?: boolean;
      quiet?: boolean;
      setUpLeft?: number;
    },
  ): Reply => {
    const units = unitsAt(context, stepIndex);
    const acts: Act[] = [...(options.prefix ?? [])];
    // The first session's stop words may join this response (see stopWordsAt): their time is kept free.
    const spoken = new SpeechClock(env.locale, context.stopWordsOwed ? [...acts, STOP_WORDS] : acts);
    // The guide's "start gently" goes on the first pressure hold, and again when the body sets up anew.
    const pressure = steps[stepIndex]!.pressure === true;
    let gentle = (context.gentle || Boolean(options.reposition)) && pressure;
    let to = from;
    const spanSteps: number[] = [];
    for (let index = from; index < units.length; index += 1) {
      const unit = units[index]!;
      const first = index === from;
      const unitSpeech = unitActs(spokenOf(context), stepIndex, unit, {
        opening: first && options.opening,
        gentle: gentle && unit.kind === 'hold',
        gentlePercent: context.gentlePercent,
        brief: context.brief,
        ...(first && options.quiet ? { quiet: true } : {}),
        ...(first && options.setUpLeft !== undefined ? { setUpLeft: options.setUpLeft } : {}),
        ...(first && options.instructed ? { instructed: true } : {}),
        ...(first && options.remaining !== undefined
          ? { remaining: options.remaining, reposition: Boolean(options.reposition), cueOnly: Boolean(options.cueOnly) }
          : {}),
      });
      // Always play one unit; add more only while the whole response, with its question, fits the budget.
      if (index > from && spoken.secondsWith(unitSpeech) + 20 > env.budgetSeconds) break;
      acts.push(...unitSpeech);
      spoken.add(unitSpeech);
      spanSteps.push(stepIndex);
      if (unit.kind === 'hold') gentle = false;
      to = index + 1;
    }
    let gentleOwed = context.gentle && !pressure;
    // "Keep going": straight into the next steps while they fit the budget, each new position with
    // its set-up instruction and a set-up window of at least 10 s before "starting now".
    let endStep = stepIndex;
    let endFrom = from;
    let next = nextKept(context, stepIndex);
    while (context.chain && to === unitsAt(context, endStep).length && next < steps.length) {
      const nextUnits = unitsAt(context, next);
      const nextPressure = steps[next]!.pressure === true;
      let nextGentle = gentleOwed && nextPressure;
      let played = 0;
      for (const unit of nextUnits) {
        const unitSpeech = unitActs(spokenOf(context), next, unit, {
          opening: unit.index === 0,
          gentle: nextGentle && unit.kind === 'hold',
          gentlePercent: context.gentlePercent,
          brief: context.brief,
          ...(unit.index === 0 ? { window: true } : {}),
        });
        if (spoken.secondsWith(unitSpeech) + 20 > env.budgetSeconds) break;
        acts.push(...unitSpeech);
        spoken.add(unitSpeech);
        spanSteps.push(next);
        if (unit.kind === 'hold') nextGentle = false;
        played += 1;
      }
      if (played === 0) break;
      if (nextPressure) gentleOwed = false;
      endStep = next;
      endFrom = 0;
      to = played;
      next = nextKept(context, next);
    }
    const ask = closingAsk(context, endStep, to);
    const stopWords = stopWordsAt(context, acts, options.prefix?.length ?? 0, spanSteps, endStep, to, ask);
    if (ask) acts.push(...ask);
    const asked = ask ? askedUnit(context, endStep, to) : null;
    const plan = planSpeech(acts, env.locale);
    const played: Played = {
      step: endStep,
      from: endFrom,
      to,
      at: env.now,
      end: plan.seconds,
      spans: plan.holds.map((span, index) =>
        spanSteps[index] !== undefined && spanSteps[index] !== endStep
          ? [span.unit, span.start, span.end, spanSteps[index]!]
          : [span.unit, span.start, span.end],
      ),
    };
    return {
      assign: {
        played,
        paused: null,
        gentle: gentleOwed,
        step: endStep,
        finished: !ask,
        pending: null,
        asked,
        env,
        // The step the response ends in: the state follows it (a hold picked up mid-chain plays from an earlier step).
        chainedTo: endStep,
        ...(stopWords ? { stopWordsOwed: false } : {}),
      },
      out: { acts, reprompt: ask ? [say('coach.ask.reprompt')] : [], view: viewOf(context, stepIndex, from) },
    };
  };

  /**
   * The first session's stop words ("if anything tingles or goes numb, say so and we stop"), where
   * they matter: at the top of a response that plays a pressure step, else before the question that
   * sets one up. Adds them to `acts` and says whether it did.
   */
  const stopWordsAt = (
    context: Ctx,
    acts: Act[],
    prefixLength: number,
    spanSteps: number[],
    endStep: number,
    to: number,
    ask: readonly Act[] | null,
  ): boolean => {
    if (!context.stopWordsOwed) return false;
    const words = STOP_WORDS;
    if (spanSteps.some((index) => steps[index]!.pressure)) {
      acts.splice(prefixLength, 0, words);
      return true;
    }
    const target = to < unitsAt(context, endStep).length ? endStep : nextKept(context, endStep);
    if (!ask || !steps[target]?.pressure) return false;
    acts.push(words);
    return true;
  };

  /** The hold under way goes on after `prefix`, ending when its stated length is up. */
  const pickUp = (context: Ctx, env: TurnEnv, position: Position, prefix: Act[], options: ContinueOptions = {}) =>
    play(context, env, position.step, position.unit, {
      prefix,
      opening: false,
      ...pickUpOptions(spokenOf(context), position, prefix, env.locale, {
        ...options,
        brief: context.brief,
        gentlePercent: context.gentlePercent,
        overrides: context.overrides,
      }),
    });

  /**
   * After the coach spoke mid-routine. A voice platform stops playback when the user speaks, so a
   * hold that was running is picked up with what is left of it (the talk counted in it, see
   * `pickUpOptions`); otherwise the question is asked again.
   */
  const carryOn = (context: Ctx, env: TurnEnv, prefix: Act[], options: ContinueOptions = {}): Reply => {
    if (context.paused)
      return { out: { acts: [...prefix, say('coach.pause.reprompt')], reprompt: [say('coach.pause.reprompt')] } };
    const position = positionOf(context, env.now);
    if (position.inProgress && position.remaining > 0) return pickUp(context, env, position, prefix, options);
    const ask = closingAsk(context, position.step, context.played?.to ?? 0) ?? [say('coach.ask.reprompt')];
    return {
      out: {
        acts: [...prefix, ...ask],
        reprompt: [say('coach.ask.reprompt')],
        view: viewOf(context, position.step, position.unit),
      },
    };
  };

  return { play, pickUp, carryOn };
}

export type RoutinePlay = ReturnType<typeof routinePlay>;
