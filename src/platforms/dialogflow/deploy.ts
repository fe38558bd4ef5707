import { esAgentFiles } from './agent-es';
import { agentZip } from './zip';

export interface DeployOptions {
  projectId: string;
  /** A service account's key (client_email, private_key): it signs its own tokens. */
  credentials: { client_email: string; private_key: string };
  webhookUrl: string;
  /** Passed to the client (tests route its transport). */
  clientOptions?: Record<string, unknown>;
}

/**
 * Replaces the project's ES agent with ours (AgentsClient.restoreAgent over REST, so a proxy or
 * nock can stand in for Google), then trains it. Loaded only by the deploy command, never by the
 * server: the library is large and slow to load.
 */
export async function deployEsAgent(options: DeployOptions): Promise<{ restored: string; trained: string }> {
  const { AgentsClient } = await import('@google-cloud/dialogflow');
  const client = new AgentsClient({
    projectId: options.projectId,
    // A service-account key the operator passes on purpose (npm run dialogflow:deploy --credentials).
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    credentials: options.credentials,
    fallback: 'rest',
    ...options.clientOptions,
  });
  try {
    const parent = `projects/${options.projectId}`;
    const zip = agentZip(esAgentFiles(`${options.webhookUrl.replace(/\/$/, '')}/dialogflow`));
    const [restore] = await client.restoreAgent({ parent, agentContent: zip });
    await restore.promise();
    const [train] = await client.trainAgent({ parent });
    await train.promise();
    return { restored: restore.name ?? '', trained: train.name ?? '' };
  } finally {
    await client.close();
  }
}
