import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALEXA_LOCALES, alexaModel } from '../platforms/alexa/model';
import { cxAgentFiles } from '../platforms/dialogflow/agent-cx';
import { esAgentFiles } from '../platforms/dialogflow/agent-es';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every generated file, path relative to the repository and its content; each platform adds its own. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const locale of ALEXA_LOCALES) {
    const model = json(alexaModel(locale));
    files.set(`models/alexa/${locale}.json`, model);
    // The layout the ASK CLI deploys from.
    files.set(`skill-package/interactionModels/custom/${locale}.json`, model);
  }
  files.set('skill-package/skill.json', readFileSync(join(__dirname, '..', '..', 'skill.json'), 'utf8'));
  for (const [path, content] of esAgentFiles()) files.set(`models/dialogflow/es/${path}`, content);
  for (const [path, content] of cxAgentFiles()) files.set(`models/dialogflow/cx/${path}`, content);
  return files;
}
