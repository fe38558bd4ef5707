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
  for (const platform of PLATFORMS) for (const warning of platform.warnings(process.env)) log.warn(warning, { platform: platform.name, warning: 'configuration' });
  const conversation = new Conversation(store);
  const app = createApp({ conversation, env: process.env, console: config.console, consoleOptions: { maxUsers: config.consoleMaxUsers } });
  const server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info(config.console ? `listening: open http://localhost:${port}/ to talk to the coach` : 'listening', { port, store: config.store });
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

main().catch((error: unknown) => {
  log.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
});
