import type { Skill } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { loadConfig } from '../../config';
import { Conversation } from '../../runtime/conversation';
import { createStore } from '../../store';
import { buildAlexaSkill } from './skill';
import { alexaConfig } from './config';
import { warmUp } from '../../runtime/warm-up';

/**
 * AWS Lambda / Alexa-hosted entry: Alexa verifies requests to a Lambda itself, so no signature
 * check here; the skill id is checked by the trigger's configuration. Use STORE=dynamodb (a
 * Lambda's disk does not last).
 */
let skill: Promise<Skill> | undefined;

export async function handler(event: RequestEnvelope, context: unknown) {
  skill ??= (async () => {
    const config = loadConfig();
    warmUp();
    return buildAlexaSkill({ conversation: new Conversation(await createStore(config)), holdAudio: alexaConfig(process.env).holdAudio });
  })();
  return (await skill).invoke(event, context);
}
