import { join } from 'node:path';

/** Configuration from the environment, in one place; the README documents each variable. */
export interface Config {
  port: number;
  alexa: { skillId: string | undefined; verify: boolean; holdAudio: 'apla' | 'breaks' };
  /** DIALOGFLOW_AUTH as given; parsed by the Dialogflow platform. */
  dialogflow: { auth: string | undefined };
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
  const holdAudio = (env.ALEXA_HOLD_AUDIO ?? 'apla').toLowerCase();
  if (holdAudio !== 'apla' && holdAudio !== 'breaks') throw new Error(`ALEXA_HOLD_AUDIO must be apla or breaks (got "${env.ALEXA_HOLD_AUDIO}")`);
  return {
    port,
    alexa: {
      skillId: env.ALEXA_SKILL_ID || undefined,
      // Verification is on unless explicitly turned off for local development.
      verify: (env.ALEXA_VERIFY ?? 'on').toLowerCase() !== 'off',
      holdAudio,
    },
    dialogflow: { auth: env.DIALOGFLOW_AUTH || undefined },
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
