import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs through pino: one JSON object a line on stderr in production and when piped,
 * readable lines (pino-pretty) on a terminal. Only allow-listed fields are written, so no user id,
 * utterance, slot value or journal content can reach a log by accident.
 */
const ALLOWED = new Set([
  'platform',
  'event',
  'state',
  'ms',
  'status',
  'reason',
  'path',
  'method',
  'errorType',
  'store',
  'port',
  'locale',
  'count',
  'warning',
  'dataDir',
  'url',
]);
export type LogFields = Record<string, string | number | boolean | undefined>;
type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS = new Set<string>(['debug', 'info', 'warn', 'error']);

export type LogSink = (line: string) => void;

/** Pretty when a person reads stderr (a terminal, not production), or when LOG_FORMAT asks. */
function wantsPretty(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.LOG_FORMAT) return env.LOG_FORMAT === 'pretty';
  return process.stderr.isTTY && env.NODE_ENV !== 'production';
}

function prettyStream(): DestinationStream | null {
  try {
    // A development dependency: a production install (npm ci --omit=dev) falls back to JSON.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({
      destination: 2,
      sync: true,
      colorize: true,
      messageKey: 'message',
      translateTime: 'HH:MM:ss',
      ignore: 'pid,hostname,url,warning,port,store',
    });
  } catch {
    return null;
  }
}

function create(destination: DestinationStream, level: Level): Logger {
  return pino(
    {
      level,
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

const envLevel = (LEVELS.has(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL : 'info') as Level;
let logger: Logger = create((wantsPretty() && prettyStream()) || pino.destination({ dest: 2, sync: true }), envLevel);

/** Tests capture the lines (JSON, one a call); `silent` drops them. */
export function setLogSink(next: LogSink | 'silent', level: Level = 'info'): void {
  const sink: LogSink = next === 'silent' ? () => undefined : next;
  logger = create({ write: (line: string) => sink(line.replace(/\n$/, '')) }, level);
}

function write(level: Level, message: string, fields: LogFields = {}): void {
  // A level that is off costs nothing: debug lines are on every turn's path.
  if (!logger.isLevelEnabled(level)) return;
  const safe: LogFields = {};
  for (const [key, value] of Object.entries(fields)) if (ALLOWED.has(key) && value !== undefined) safe[key] = value;
  logger[level](safe, message);
}

export const log = {
  debug: (message: string, fields?: LogFields) => write('debug', message, fields),
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields) => write('warn', message, fields),
  error: (message: string, fields?: LogFields) => write('error', message, fields),
};
