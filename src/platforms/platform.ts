import type { Router } from 'express';
import type { Conversation } from '../runtime/conversation';

/**
 * What a platform brings, all from its own folder: its configuration (read from the environment),
 * its HTTP routes, the warnings its configuration deserves at start, and its generated models.
 * The server walks the registry in ./index.ts; `npm run models` walks it through ./generated.ts.
 */
export interface Platform {
  name: string;
  /** Throws with a clear message when the platform's variables are wrong. */
  validate(env: NodeJS.ProcessEnv): void;
  routes(conversation: Conversation, env: NodeJS.ProcessEnv): Array<{ path: string; router: Router }>;
  warnings(env: NodeJS.ProcessEnv): string[];
  /** Files `npm run models` writes, path relative to the repository. */
  generatedFiles(): Map<string, string>;
  /** Problems the platform's model rules find in what it generates (none: the models may be written). */
  modelProblems(): string[];
}
