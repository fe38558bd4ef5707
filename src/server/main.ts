import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { loadConfig } from '../config';
import { log } from '../log';
import { PLATFORMS } from '../platforms';
import { Conversation } from '../runtime/conversation';
import { createStore } from '../store';
import type { Store } from '../store/types';
import { createApp } from './app';
import { warmUpInBackground } from '../runtime/warm-up';

/** At shutdown: how long in-flight turns may take, and how long the journal outbox is retried. */
const IN_FLIGHT_GRACE_MS = 10_000;
const OUTBOX_FLUSH_MS = 5_000;

/**
 * Connections and slow requests bounded: past MAX_CONNECTIONS new sockets are closed at once
 * (before the process runs out of file descriptors, which refused every real request at 3,000
 * sessions under a 1,024 limit), a request must arrive whole within 30 s (Alexa and Dialogflow send
 * theirs at once), and idle keep-alive sockets go after 5 s.
 */
function boundConnections(server: Server, maxConnections: number): void {
  server.maxConnections = maxConnections;
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
}

/**
 * How often Node checks the header and request deadlines: by default every 30 s, so a header
 * dribbled a byte a second was held 30 s (not 10) and a dribbled body 60 s (not 30).
 */
const TIMEOUT_CHECK_MS = 1_000;

/** Listens, or rejects with a message that says what to do (a port in use is the usual case). */
function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new Error(`port ${port} is already in use: stop what uses it, or set PORT to another port`));
      else if (error.code === 'EACCES')
        reject(new Error(`port ${port} needs privileges this process does not have: set PORT to a port above 1023`));
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
    await store
      .close?.()
      .catch((error: unknown) =>
        log.error('store close failed', { errorType: error instanceof Error ? error.name : 'unknown' }),
      );
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
    reportConfiguration(process.env);
    const conversation = new Conversation(store);
    // What a stop could not write last time is written first (nothing lost when a store fails).
    conversation.outbox.restore(join(config.dataDir, 'journal-spill.json'));
    const app = createApp({
      conversation,
      env: process.env,
      console: config.console,
      consoleOptions: { maxUsers: config.consoleMaxUsers, plansDir: join(config.dataDir, 'plans') },
    });
    const server = createServer({ connectionsCheckingInterval: TIMEOUT_CHECK_MS }, app);
    boundConnections(server, config.maxConnections);
    const port = await listen(server, config.port);
    shutdownOn(server, conversation, store);
    // Listening first: the first request is answered with what its own turn builds, while the
    // rest (machines, every locale's matcher and first turn) is built between requests.
    warmUpInBackground().catch((error: unknown) =>
      log.error('warm-up failed', { errorType: error instanceof Error ? error.name : 'unknown' }),
    );
    const where =
      config.store === 'file'
        ? `data in ${config.dataDir}`
        : config.store === 'dynamodb'
          ? `data in DynamoDB table ${config.dynamo.table}`
          : 'data in memory only';
    log.info(`listening on port ${port}, ${where}`, { port, store: config.store });
    // The address alone on its line (no quote after it), so a terminal makes it clickable.
    if (config.console)
      log.info(`talk to the coach in a browser:\n\n    http://localhost:${port}/\n`, {
        url: `http://localhost:${port}/`,
      });
  } catch (error) {
    // Leave DATA_DIR free for the next start.
    await store.close?.().catch(() => undefined);
    throw error;
  }
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
  if (notes && !production)
    log.info(
      'local testing with the Alexa simulator or a Dialogflow agent (through a tunnel): ALEXA_VERIFY=off DIALOGFLOW_AUTH=off npm start',
    );
}

main().catch((error: unknown) => {
  log.error(`cannot start: ${(error as Error).message}`);
  process.exit(1);
});
