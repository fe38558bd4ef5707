import { loadConfig } from '../config';
import { log } from '../log';
import { PLATFORMS } from '../platforms';
import { Conversation } from '../runtime/conversation';
import { createStore } from '../store';
import { createApp } from './app';
import { warmUp } from '../runtime/warm-up';

/** npm start: the server for every platform on PORT, on the configured store (files by default). */
async function main(): Promise<void> {
  const config = loadConfig();
  for (const platform of PLATFORMS) platform.validate(process.env);
  const store = await createStore(config);
  warmUp();
  reportConfiguration(process.env);
  const conversation = new Conversation(store);
  const app = createApp({ conversation, env: process.env, console: config.console, consoleOptions: { maxUsers: config.consoleMaxUsers } });
  const server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const where = config.store === 'file' ? `data in ${config.dataDir}` : config.store === 'dynamodb' ? `data in DynamoDB table ${config.dynamo.table}` : 'data in memory only';
    log.info(`listening on port ${port}, ${where}`, { port, store: config.store });
    // The address alone on its line (no quote after it), so a terminal makes it clickable.
    if (config.console) log.info(`talk to the coach in a browser:\n\n    http://localhost:${port}/\n`, { url: `http://localhost:${port}/` });
  });
  const stop = () => {
    server.close(() => {
      void conversation
        .drainOutbox()
        .then(() => store.close?.())
        .finally(() => process.exit(0));
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * The platforms' configuration notes. On a laptop (not NODE_ENV=production) an unset skill id or
 * webhook credential is the expected state: information, with the one line that opens both for
 * local testing. In production they are warnings.
 */
function reportConfiguration(env: NodeJS.ProcessEnv): void {
  const production = env.NODE_ENV === 'production';
  let notes = 0;
  for (const platform of PLATFORMS) {
    for (const note of platform.warnings(env)) {
      notes += 1;
      log[production ? 'warn' : 'info'](note, { platform: platform.name, warning: 'configuration' });
    }
  }
  if (notes && !production) log.info('local testing with the Alexa simulator or a Dialogflow agent (through a tunnel): ALEXA_VERIFY=off DIALOGFLOW_AUTH=off npm start');
}

main().catch((error: unknown) => {
  log.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
});
