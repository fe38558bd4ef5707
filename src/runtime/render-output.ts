import type { CoachOutput, View } from '../coach/output';
import { translator } from '../i18n';
import type { Act } from '../speech/acts';
import { LIMITS, type PlatformName } from '../speech/limits';
import { planSpeech, type Plan } from '../speech/plan';
import { renderSsml, renderText } from '../speech/render';

export interface RenderedSpeech {
  ssml: string;
  text: string;
  seconds: number;
  plan: Plan;
}

export function renderActs(acts: readonly Act[], locale: string, platform: PlatformName): RenderedSpeech {
  const plan = planSpeech(acts, locale);
  return { ssml: renderSsml(plan, LIMITS[platform]), text: renderText(plan), seconds: plan.seconds, plan };
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

export function renderScreen(view: View | null, locale: string): ScreenText | null {
  if (!view) return null;
  const tr = translator(locale);
  return { routine: tr.t(view.text.routine.t), step: tr.t(view.text.step.t), instruction: tr.t(view.text.instruction.t) };
}
