import type { CoachOutput } from '../coach/output';
import type { Act } from '../speech/acts';
import { actsKey } from '../speech/act-key';
import { LIMITS, type PlatformName } from '../speech/limits';
import { planSpeech, type Plan } from '../speech/plan';
import { renderSsml, renderText } from '../speech/render';

export interface RenderedSpeech {
  readonly ssml: string;
  readonly text: string;
  readonly seconds: number;
  readonly plan: Plan;
}

/**
 * Rendered speech depends only on the acts, the locale and the platform, and turns repeat the
 * same acts all the time (a step's instruction and hold, "next", the reprompt): keep each
 * rendering, frozen since every turn that says the same shares it. Bounded.
 */
const rendered = new Map<string, RenderedSpeech>();
const MAX_RENDERED = 5000;

function freeze(plan: Plan): Plan {
  for (const segment of plan.segments) Object.freeze(segment);
  for (const hold of plan.holds) Object.freeze(hold);
  Object.freeze(plan.segments);
  Object.freeze(plan.holds);
  return Object.freeze(plan);
}

export function renderActs(acts: readonly Act[], locale: string, platform: PlatformName): RenderedSpeech {
  const key = `${platform}\u0000${locale}\u0000${actsKey(acts)}`;
  let speech = rendered.get(key);
  if (!speech) {
    const plan = freeze(planSpeech(acts, locale));
    speech = Object.freeze({ ssml: renderSsml(plan, LIMITS[platform]), text: renderText(plan), seconds: plan.seconds, plan });
    if (rendered.size >= MAX_RENDERED) rendered.clear();
    rendered.set(key, speech);
  }
  return speech;
}

export interface RenderedOutput {
  speech: RenderedSpeech;
  reprompt: RenderedSpeech | null;
}

export function renderOutput(output: CoachOutput, locale: string, platform: PlatformName): RenderedOutput {
  return {
    speech: renderActs(output.acts, locale, platform),
    reprompt: output.reprompt.length ? renderActs(output.reprompt, locale, platform) : null,
  };
}
