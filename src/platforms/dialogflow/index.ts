import type { Platform } from '../platform';
import { cxAgentFiles } from './agent-cx';
import { esAgentFiles } from './agent-es';
import { parseAuth } from './auth';
import { dialogflowRoutes } from './route';
import { SnapshotKeys } from '../../runtime/snapshot-seal';

/** DIALOGFLOW_CX_TRUST_CALLER_ID: on only when the CX phone gateway is the agent's one client. */
function trustCxCallerId(env: NodeJS.ProcessEnv): boolean {
  const value = (env.DIALOGFLOW_CX_TRUST_CALLER_ID ?? 'off').toLowerCase();
  if (value === 'on' || value === 'off' || value === '') return value === 'on';
  throw new Error(`DIALOGFLOW_CX_TRUST_CALLER_ID must be on or off (got "${env.DIALOGFLOW_CX_TRUST_CALLER_ID}")`);
}

export const dialogflowPlatform: Platform = {
  name: 'dialogflow',
  validate: (env) => {
    parseAuth(env.DIALOGFLOW_AUTH || undefined);
    trustCxCallerId(env);
    SnapshotKeys.fromEnv(env.SNAPSHOT_KEYS);
  },
  routes(conversation, env) {
    const { es, cx } = dialogflowRoutes(conversation, {
      auth: parseAuth(env.DIALOGFLOW_AUTH || undefined),
      keys: SnapshotKeys.fromEnv(env.SNAPSHOT_KEYS),
      trustCxCallerId: trustCxCallerId(env),
    });
    return [
      { path: '/dialogflow', router: es },
      { path: '/dialogflow-cx', router: cx },
    ];
  },
  warnings(env) {
    const auth = parseAuth(env.DIALOGFLOW_AUTH || undefined);
    const warnings: string[] = [];
    if (auth.kind !== 'unset' && !env.SNAPSHOT_KEYS)
      warnings.push(
        'SNAPSHOT_KEYS is not set: Dialogflow sessions are sealed with a key of this process only, so a restart or a second server starts them afresh.',
      );
    if (auth.kind === 'off')
      warnings.push(
        'DIALOGFLOW_AUTH=off: Dialogflow webhooks accept unauthenticated requests. Local development only.',
      );
    if (auth.kind === 'unset')
      warnings.push('DIALOGFLOW_AUTH is not set: the Dialogflow webhooks refuse every request (401).');
    return warnings;
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
