/**
 * Structured JSON-lines logging. Callers pass an event name and a flat record of fields;
 * fields that could identify or locate a person are dropped here, whatever the caller passed,
 * because a log line that leaks a location can get someone detained.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;

const FORBIDDEN_KEYS = /^(lat|lon|lng|latitude|longitude|location|coords?|point|geom|token|authorization|jwt|secret|password|pin|phone|name|displayname|note|contacts?)$/i;
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

let sink: LogSink = { write: (line) => process.stdout.write(line + '\n') };
let minLevel: Level = (process.env.LOG_LEVEL as Level) in ORDER ? (process.env.LOG_LEVEL as Level) : 'info';

/** Replaces the output (tests capture every line to prove nothing sensitive is logged). */
export function setLogSink(next: LogSink, level: Level = minLevel): LogSink {
  const prev = sink;
  sink = next;
  minLevel = level;
  return prev;
}

function scrub(fields: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (FORBIDDEN_KEYS.test(k)) continue;
    if (v instanceof Error) out[k] = { name: v.name, code: (v as { code?: unknown }).code };
    else if (typeof v === 'string') out[k] = v.length > 200 ? v.slice(0, 200) + '…' : v;
    else out[k] = v;
  }
  return out;
}

function emit(level: Level, event: string, fields: Fields = {}) {
  if (ORDER[level] < ORDER[minLevel]) return;
  sink.write(JSON.stringify({ t: new Date().toISOString(), level, event, ...scrub(fields) }));
}

export const log = {
  debug: (event: string, fields?: Fields) => emit('debug', event, fields),
  info: (event: string, fields?: Fields) => emit('info', event, fields),
  warn: (event: string, fields?: Fields) => emit('warn', event, fields),
  error: (event: string, fields?: Fields) => emit('error', event, fields),
};
