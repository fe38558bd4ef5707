import { join } from 'node:path';

/** The server's own configuration from the environment (platforms read theirs in their folders); the README documents each variable. */
export interface Config {
  port: number;
  /** The web console at / (the simulator in a browser): on unless CONSOLE=off. */
  console: boolean;
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
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got "${env.PORT}")`);
  return {
    port,
    console: (env.CONSOLE ?? 'on').toLowerCase() !== 'off',
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
