import type { CoachOutput, View } from '../coach/output';
import { translator } from '../i18n';
import type { Act } from '../speech/acts';
import { actsKey, valueKey } from '../speech/act-key';
import { LIMITS, type PlatformName } from '../speech/limits';
import { planSpeech, type Plan } from '../speech/plan';
import { deepFreeze } from '../deep-freeze';
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

export function renderActs(acts: readonly Act[], locale: string, platform: PlatformName): RenderedSpeech {
  const key = `${platform}\u0000${locale}\u0000${actsKey(acts)}`;
  let speech = rendered.get(key);
  if (!speech) {
    const plan = deepFreeze(planSpeech(acts, locale));
    speech = Object.freeze({
      ssml: renderSsml(plan, LIMITS[platform]),
      text: renderText(plan),
      seconds: plan.seconds,
      plan,
    });
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

/** A screen's words (Echo Show, card): the view's own keys in the user's language. */
export interface ScreenText {
  routine: string;
  step: string;
  instruction: string;
}

/** A step's screen words depend only on the locale and the view's keys: translated once, shared, frozen. */
const screens = new Map<string, ScreenText>();

export function renderScreen(view: View | null, locale: string): ScreenText | null {
  if (!view) return null;
  const key = `${locale}\u0000${valueKey(view.text)}`;
  let screen = screens.get(key);
  if (!screen) {
    const tr = translator(locale);
    screen = Object.freeze({
      routine: tr.t(view.text.routine.t),
      step: tr.t(view.text.step.t),
      instruction: tr.t(view.text.instruction.t),
    });
    if (screens.size >= MAX_RENDERED) screens.clear();
    screens.set(key, screen);
  }
  return screen;
}
