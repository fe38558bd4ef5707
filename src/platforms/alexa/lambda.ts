import type { Skill } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { loadConfig } from '../../config';
import { Conversation } from '../../runtime/conversation';
import { createStore } from '../../store';
import { buildAlexaSkill } from './skill';
import { alexaConfig } from './config';

/**
 * AWS Lambda / Alexa-hosted entry: Alexa verifies requests to a Lambda itself, so no signature
 * check here; the skill id is checked by the trigger's configuration. Use STORE=dynamodb (a
 * Lambda's disk does not last).
 */
let skill: Promise<Skill> | undefined;

export async function handler(event: RequestEnvelope, context: unknown) {
  skill ??= (async () => {
    // No warmUp(): on a cold start the first user is already waiting, so only what their turn
    // needs gets built (one locale, no matchers for the others), each on first use.
    const config = loadConfig();
    return buildAlexaSkill({
      conversation: new Conversation(await createStore(config)),
      holdAudio: alexaConfig(process.env).holdAudio,
    });
  })();
  return (await skill).invoke(event, context);
}
