import express, { type NextFunction, type Request, type Response } from 'express';
import { log } from '../log';
import { PLATFORMS } from '../platforms';
import type { Conversation } from '../runtime/conversation';
import { consoleRoutes, type ConsoleOptions } from './console';

export interface AppOptions {
  conversation: Conversation;
  /** The environment the platforms read their settings from. */
  env: NodeJS.ProcessEnv;
  /** The browser simulator at /; off for a production server (CONSOLE=off). */
  console?: boolean;
  /** Bounds and clock of the console (CONSOLE_MAX_USERS; tests pass a test clock). */
  consoleOptions?: ConsoleOptions;
}

/** One Express app for every platform in the registry; bad input gets a 4xx with a reason. */
export function createApp({ conversation, env, console = true, consoleOptions }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  for (const platform of PLATFORMS) for (const { path, router } of platform.routes(conversation, env)) app.use(path, router);
  if (console) app.use('/', consoleRoutes(conversation, consoleOptions));
  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found' });
  });
  // Body parsers report too large, wrong encoding and the like with a 4xx status: keep it, with a reason.
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    log[status === 500 ? 'error' : 'warn']('request failed', { path: req.path, status, errorType: error.type ?? error.name });
    res.status(status).json({ error: status === 500 ? 'Internal error' : error.message });
  });
  return app;
}
