import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../platform';
import { alexaConfig } from './config';
import { ALEXA_LOCALES, alexaModel } from './model';
import { validateAlexaModel } from './validate-model';
import { alexaRoute } from './route';
import { buildAlexaSkill } from './skill';
import { jsonFile as json } from '../../models/json-file';

export const alexaPlatform: Platform = {
  name: 'alexa',
  validate: (env) => void alexaConfig(env),
  routes(conversation, env) {
    const config = alexaConfig(env);
    const skill = buildAlexaSkill({ conversation, holdAudio: config.holdAudio });
    return [{ path: '/alexa', router: alexaRoute({ skill, verify: config.verify, skillId: config.skillId }) }];
  },
  warnings(env) {
    const config = alexaConfig(env);
    return [
      ...(config.verify
        ? []
        : ['ALEXA_VERIFY=off: Alexa request signatures and timestamps are NOT checked. Local development only.']),
      ...(config.skillId ? [] : ['ALEXA_SKILL_ID is not set: requests for any skill id are accepted.']),
    ];
  },
  generatedFiles() {
    const files = new Map<string, string>();
    for (const locale of ALEXA_LOCALES) {
      const model = json(alexaModel(locale));
      files.set(`models/alexa/${locale}.json`, model);
      // The layout the ASK CLI deploys from.
      files.set(`skill-package/interactionModels/custom/${locale}.json`, model);
    }
    files.set('skill-package/skill.json', readFileSync(join(__dirname, '..', '..', '..', 'skill.json'), 'utf8'));
    return files;
  },
  modelProblems: () =>
    ALEXA_LOCALES.flatMap((locale) =>
      validateAlexaModel(locale, alexaModel(locale)).map((problem) => `${locale}: ${problem}`),
    ),
};
