import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The server's own configuration from the environment (platforms read theirs in their folders); the README documents each variable. */
export interface Config {
  port: number;
  /** The web console at / (the coach in a browser): on in development, off in production unless CONSOLE=on. */
  console: boolean;
  /** Console users kept in the store at most (the oldest is deleted beyond it): CONSOLE_MAX_USERS. */
  consoleMaxUsers: number;
  /**
   * Open connections at most (MAX_CONNECTIONS): new ones beyond are closed, before file descriptors
   * run out. By default three quarters of the process's open-file limit (the store needs the rest).
   */
  maxConnections: number;
  store: 'file' | 'dynamodb' | 'memory';
  dataDir: string;
  dynamo: { table: string; region: string; endpoint: string | undefined; createTable: boolean };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const store = (env.STORE ?? 'file').toLowerCase();
  if (store !== 'file' && store !== 'dynamodb' && store !== 'memory') {
    throw new Error(`STORE must be file, dynamodb or memory (got "${env.STORE}")`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (got "${env.PORT}")`);
  return {
    port,
    console: consoleSetting(env),
    consoleMaxUsers: positiveInteger(env.CONSOLE_MAX_USERS, 1000, 'CONSOLE_MAX_USERS'),
    maxConnections: positiveInteger(env.MAX_CONNECTIONS, connectionsForFileLimit(), 'MAX_CONNECTIONS'),
    store,
    dataDir: env.DATA_DIR ?? join(process.cwd(), '.data'),
    dynamo: {
      table: env.DYNAMODB_TABLE ?? 'massage-coach',
      region: env.AWS_REGION ?? 'us-east-1',
      endpoint: env.DYNAMODB_ENDPOINT,
      createTable: env.DYNAMODB_CREATE_TABLE === '1' || env.DYNAMODB_CREATE_TABLE === 'true',
    },
  };
}

/** CONSOLE=on|off wins; without it the console is on, except in production (NODE_ENV=production). */
function consoleSetting(env: NodeJS.ProcessEnv): boolean {
  const value = env.CONSOLE?.toLowerCase();
  if (value === 'on') return true;
  if (value === 'off') return false;
  if (value !== undefined && value !== '') throw new Error(`CONSOLE must be on or off (got "${env.CONSOLE}")`);
  return env.NODE_ENV !== 'production';
}

function positiveInteger(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${name} must be a whole number above zero (got "${value}")`);
  return number;
}

/** Three quarters of the soft open-file limit (Linux /proc), at most 8192; 512 where it cannot be read. */
function connectionsForFileLimit(limits = '/proc/self/limits'): number {
  try {
    const soft = Number(/^Max open files\s+(\d+)/m.exec(readFileSync(limits, 'utf8'))?.[1]);
    return Number.isFinite(soft) && soft > 64 ? Math.min(8192, Math.floor(soft * 0.75)) : 512;
  } catch {
    return 512;
  }
}
