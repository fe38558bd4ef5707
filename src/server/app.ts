import express, { type NextFunction, type Request, type Response } from 'express';
import { log } from '../log';
import { PLATFORMS } from '../platforms';
import type { Conversation } from '../runtime/conversation';
import { consoleRoutes, type ConsoleOptions } from './console';
import { authorRoutes } from './author';
import { listingPages } from './listing-pages';
import { SnapshotKeys } from '../runtime/snapshot-seal';
import { capUndeclaredBodies } from './undeclared-body';

export interface AppOptions {
  conversation: Conversation;
  /** The environment the platforms read their settings from. */
  env: NodeJS.ProcessEnv;
  /** The browser simulator at /; off for a production server (CONSOLE=off). */
  console?: boolean;
  /** Bounds and clock of the console (CONSOLE_MAX_USERS; tests pass a test clock). */
  consoleOptions?: ConsoleOptions;
}

/**
 * Every response, JSON or page: no inline script or style, nothing from another origin, never
 * framed, no MIME sniffing, no referrer to other sites. The console page is written to work under it.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Set as they are on every response: no per-request lookups or charset handling of express's res.set. */
const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/** The largest body any route takes (the Alexa and Dialogflow webhooks' 512 KB). */
const MAX_BODY_BYTES = 512 * 1024;

/** Reasons of ours for the body parsers' errors: theirs can carry library text ("incorrect header check"). */
const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': 'Request body too large',
  'entity.parse.failed': 'Malformed JSON body',
  'entity.verify.failed': 'Request body refused',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'request.aborted': 'Request aborted',
  'request.size.invalid': 'Request body size does not match its Content-Length',
  'stream.encoding.set': 'Bad request',
  'stream.not.readable': 'Bad request',
  'parameters.too.many': 'Too many parameters',
};

/** How long a refused connection lingers, half-closed, so the client reads the 413 before the reset. */
const REFUSED_LINGER_MS = 500;

/**
 * 413 with a reason, then the connection half-closed and gone after a short linger: the rest of
 * the body is never read whole, and a close with its bytes unread (a reset) does not wipe the answer.
 */
function refuseTooLarge(req: Request, res: Response, reason: string): void {
  log.warn('request refused', { path: req.path, status: 413, reason });
  res.set('Connection', 'close').status(413).json({ error: BODY_ERRORS['entity.too.large'] });
  res.on('finish', () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), REFUSED_LINGER_MS).unref();
  });
}

/** One Express app for every platform in the registry; bad input gets a 4xx with a reason. */
export function createApp({ conversation, env, console = true, consoleOptions }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Webhook answers are never cached or revalidated: no ETag hash of every response body.
  app.set('etag', false);
  app.use((_req, res, next) => {
    for (const [name, value] of SECURITY_HEADER_ENTRIES) res.setHeader(name, value);
    next();
  });
  // A body declared larger than any route takes is refused before a byte of it is read (the body
  // parsers read a refused body to its end first: a declared 1 GiB was read whole before the 413).
  app.use((req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!(declared > MAX_BODY_BYTES)) {
      next();
      return;
    }
    refuseTooLarge(req, res, 'declared body too large');
  });
  app.use(capUndeclaredBodies(MAX_BODY_BYTES, (req, res) => refuseTooLarge(req, res, 'chunked body too large')));
  // What an operator should know at a glance: the platforms' configuration warnings (verification
  // off, skill id unchecked) and the journal entries still waiting for the store.
  const warnings = PLATFORMS.flatMap((platform) => platform.warnings(env));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', warnings, pendingJournalEntries: conversation.outbox.pending });
  });
  app.use(listingPages());
  for (const platform of PLATFORMS)
    for (const { path, router } of platform.routes(conversation, env)) app.use(path, router);
  if (console)
    app.use('/', consoleRoutes(conversation, { keys: SnapshotKeys.fromEnv(env.SNAPSHOT_KEYS), ...consoleOptions }));
  if (console) app.use('/', authorRoutes());
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found' });
  });
  // Body parsers report too large, wrong encoding and the like with a 4xx status: keep it, with a reason.
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return; // already refused (a chunked body cut short): nothing more to say
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    log[status === 500 ? 'error' : 'warn']('request failed', {
      path: req.path,
      status,
      errorType: error.type ?? error.name,
    });
    res
      .status(status)
      .json({ error: status === 500 ? 'Internal error' : (BODY_ERRORS[error.type ?? ''] ?? 'Bad request') });
  });
  return app;
}
