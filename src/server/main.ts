import { loadConfig } from '../config';
import { log } from '../log';
import { Conversation } from '../runtime/conversation';
import { createStore } from '../store';
import { parseAuth } from '../platforms/dialogflow/auth';
import { createApp } from './app';

/** npm start: the server for Alexa and Dialogflow on PORT, on the configured store (files by default). */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await createStore(config);
  if (!config.alexa.verify) log.warn('ALEXA_VERIFY=off: Alexa request signatures and timestamps are NOT checked. Local development only.', { warning: 'alexa-verify-off' });
  if (!config.alexa.skillId) log.warn('ALEXA_SKILL_ID is not set: requests for any skill id are accepted.', { warning: 'alexa-skill-id-unset' });
  const auth = parseAuth(config.dialogflow.auth);
  if (auth.kind === 'off') log.warn('DIALOGFLOW_AUTH=off: Dialogflow webhooks accept unauthenticated requests. Local development only.', { warning: 'dialogflow-auth-off' });
  if (auth.kind === 'unset') log.warn('DIALOGFLOW_AUTH is not set: the Dialogflow webhooks refuse every request (401).', { warning: 'dialogflow-auth-unset' });
  const app = createApp({ conversation: new Conversation(store), config });
  const server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info(config.console ? `listening: open http://localhost:${port}/ to talk to the coach` : 'listening', { port, store: config.store });
  });
  const stop = () => {
    server.close(() => {
      void store.close?.().finally(() => process.exit(0));
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  log.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
});
