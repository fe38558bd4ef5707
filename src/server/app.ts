import express, { type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../config';
import { log } from '../log';
import { alexaRoute } from '../platforms/alexa/route';
import { parseAuth } from '../platforms/dialogflow/auth';
import { dialogflowRoutes } from '../platforms/dialogflow/route';
import { buildAlexaSkill } from '../platforms/alexa/skill';
import type { Conversation } from '../runtime/conversation';
import { consoleRoutes } from './console';

export interface AppOptions {
  conversation: Conversation;
  config: Pick<Config, 'alexa' | 'dialogflow'> & { console?: boolean };
}

/** One Express app for every platform: each mounts its own route; bad input gets a 4xx with a reason. */
export function createApp({ conversation, config }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/alexa', alexaRoute({ skill: buildAlexaSkill({ conversation, holdAudio: config.alexa.holdAudio }), verify: config.alexa.verify, skillId: config.alexa.skillId }));
  const dialogflow = dialogflowRoutes(conversation, parseAuth(config.dialogflow.auth));
  app.use('/dialogflow', dialogflow.es);
  app.use('/dialogflow-cx', dialogflow.cx);
  // The browser simulator; CONSOLE=off leaves a production server without it.
  if (config.console !== false) app.use('/', consoleRoutes(conversation));
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
