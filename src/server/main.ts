import { createServer, type Server } from 'node:http';
import { loadConfig } from '../config';
import { log } from '../log';
import { PLATFORMS } from '../platforms';
import { Conversation } from '../runtime/conversation';
import { createStore } from '../store';
import type { Store } from '../store/types';
import { createApp } from './app';
import { warmUp } from '../runtime/warm-up';

/** At shutdown: how long in-flight turns may take, and how long the journal outbox is retried. */
const IN_FLIGHT_GRACE_MS = 10_000;
const OUTBOX_FLUSH_MS = 5_000;

/** Listens, or rejects with a message that says what to do (a port in use is the usual case). */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is already in use: stop what uses it, or set PORT to another port`));
      else if (error.code === 'EACCES') reject(new Error(`port ${port} needs privileges this process does not have: set PORT to a port above 1023`));
      else reject(error);
    });
    server.listen(port, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight turns finish (up to 10 s), retry the journal
 * outbox for up to 5 s and log what could not be written, release the store, exit 0.
 */
function shutdownOn(server: Server, conversation: Conversation, store: Store): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: finishing requests under way', { reason: signal });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), IN_FLIGHT_GRACE_MS);
    await closed;
    clearTimeout(grace);
    const left = await conversation.outbox.flush(OUTBOX_FLUSH_MS);
    await store.close?.().catch((error: Error) => log.error('store close failed', { errorType: error.name }));
    log.info('stopped', { count: left });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** npm start: the server for every platform on PORT, on the configured store (files by default). */
async function main(): Promise<void> {
  const config = loadConfig();
  for (const platform of PLATFORMS) platform.validate(process.env);
  const store = await createStore(config);
  try {
    warmUp();
    for (const platform of PLATFORMS) for (const warning of platform.warnings(process.env)) log.warn(warning, { platform: platform.name, warning: 'configuration' });
    const conversation = new Conversation(store);
    const app = createApp({ conversation, env: process.env, console: config.console });
    const server = createServer(app);
    const port = await listen(server, config.port);
    shutdownOn(server, conversation, store);
    log.info(config.console ? `listening: open http://localhost:${port}/ to talk to the coach` : 'listening', { port, store: config.store });
  } catch (error) {
    // Leave DATA_DIR free for the next start.
    await store.close?.().catch(() => undefined);
    throw error;
  }
}

main().catch((error: unknown) => {
  log.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
});
