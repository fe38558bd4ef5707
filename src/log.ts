/**
 * Structured logs, one JSON object a line on stderr. Only allow-listed fields are written, so no
 * user id, utterance, slot value or journal content can reach a log by accident.
 */
const ALLOWED = new Set(['platform', 'event', 'state', 'ms', 'status', 'reason', 'path', 'method', 'errorType', 'store', 'port', 'locale', 'count', 'warning']);
export type LogFields = Record<string, string | number | boolean | undefined>;
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;
let sink: LogSink = (line) => process.stderr.write(`${line}\n`);
let threshold: number = ORDER[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? ORDER.info;

/** Tests capture the lines; `silent` drops them. */
export function setLogSink(next: LogSink | 'silent', level: Level = 'info'): void {
  sink = next === 'silent' ? () => undefined : next;
  threshold = ORDER[level];
}

function write(level: Level, message: string, fields: LogFields = {}): void {
  if (ORDER[level] < threshold) return;
  const safe: LogFields = {};
  for (const [key, value] of Object.entries(fields)) if (ALLOWED.has(key) && value !== undefined) safe[key] = value;
  sink(JSON.stringify({ time: new Date().toISOString(), level, message, ...safe }));
}

export const log = {
  debug: (message: string, fields?: LogFields) => write('debug', message, fields),
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields) => write('warn', message, fields),
  error: (message: string, fields?: LogFields) => write('error', message, fields),
};
