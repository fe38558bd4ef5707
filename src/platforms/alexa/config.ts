import type { HoldAudio } from './response';

/** Alexa's settings from the environment (documented in the README). */
export interface AlexaConfig {
  skillId: string | undefined;
  verify: boolean;
  holdAudio: HoldAudio;
}

export function alexaConfig(env: NodeJS.ProcessEnv): AlexaConfig {
  const holdAudio = (env.ALEXA_HOLD_AUDIO ?? 'apla').toLowerCase();
  if (holdAudio !== 'apla' && holdAudio !== 'breaks')
    throw new Error(`ALEXA_HOLD_AUDIO must be apla or breaks (got "${env.ALEXA_HOLD_AUDIO}")`);
  return {
    skillId: env.ALEXA_SKILL_ID || undefined,
    // Verification is on unless explicitly turned off for local development.
    verify: (env.ALEXA_VERIFY ?? 'on').toLowerCase() !== 'off',
    holdAudio,
  };
}
