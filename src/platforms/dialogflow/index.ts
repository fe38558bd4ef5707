import type { Platform } from '../platform';
import { cxAgentFiles } from './agent-cx';
import { esAgentFiles } from './agent-es';
import { parseAuth } from './auth';
import { dialogflowRoutes } from './route';

export const dialogflowPlatform: Platform = {
  name: 'dialogflow',
  validate: (env) => void parseAuth(env.DIALOGFLOW_AUTH || undefined),
  routes(conversation, env) {
    const { es, cx } = dialogflowRoutes(conversation, parseAuth(env.DIALOGFLOW_AUTH || undefined));
    return [
      { path: '/dialogflow', router: es },
      { path: '/dialogflow-cx', router: cx },
    ];
  },
  warnings(env) {
    const auth = parseAuth(env.DIALOGFLOW_AUTH || undefined);
    if (auth.kind === 'off')
      return ['DIALOGFLOW_AUTH=off: Dialogflow webhooks accept unauthenticated requests. Local development only.'];
    if (auth.kind === 'unset')
      return ['DIALOGFLOW_AUTH is not set: the Dialogflow webhooks refuse every request (401).'];
    return [];
  },
  generatedFiles() {
    const files = new Map<string, string>();
    for (const [path, content] of esAgentFiles()) files.set(`models/dialogflow/es/${path}`, content);
    for (const [path, content] of cxAgentFiles()) files.set(`models/dialogflow/cx/${path}`, content);
    return files;
  },
  // The agents are checked against Google's own message definitions in test/agents-import.test.ts
  // (the protos ship in dev dependencies only).
  modelProblems: () => [],
};
