// Logs: pino, one JSON object per line for machines (log tools, pipes, containers), or short human
// lines (time, level, message, a few fields) on a terminal — per request (src/web, pino-http), per
// ingested file (ingest/log-reporter.ts), per engine supervisor event. LOG_LEVEL picks what is
// written, LOG_FORMAT how (auto: human on a TTY, JSON otherwise).
import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Whether a format writes human lines to a stream: `auto` asks whether the stream is a terminal. */
export function humanLines(format: LogFormat, stream: { isTTY?: boolean } = process.stdout): boolean {
  return format === 'pretty' || (format === 'auto' && stream.isTTY === true);
}

/** Fields a person at a terminal does not need on every line (the JSON form keeps them). */
const QUIET_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'component', 'trigger', 'err', 'req', 'res', 'responseTime', 'enginePid']);

/**
 * The human form: pino-pretty as an in-process stream (no worker thread: a terminal is read by a
 * person, a few hundred lines a second at most), local time, one line per entry; request objects
 * shortened to method, url and status.
 */
export function prettyStream(colorize: boolean, destination?: NodeJS.WritableStream): pino.DestinationStream {
  return pretty({
    colorize,
    ...(destination ? { destination } : {}),
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    sync: true,
    // Objects hidden: the message carries what matters as key=value, and an error its message.
    hideObject: true,
    messageFormat: (log, messageKey) => {
      const req = log['req'] as { method?: string; url?: string } | undefined;
      const res = log['res'] as { statusCode?: number } | undefined;
      if (req?.method) {
        const ms = typeof log['responseTime'] === 'number' ? ` ${log['responseTime']} ms` : '';
        return `${req.method} ${req.url ?? ''} ${res?.statusCode ?? ''}${ms}`;
      }
      const fields = Object.entries(log)
        .filter(([k, v]) => !QUIET_KEYS.has(k) && k !== messageKey && v !== undefined && v !== null)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      const err = log['err'] as { message?: string } | undefined;
      return [String(log[messageKey] ?? ''), ...fields, ...(err?.message ? [`— ${err.message}`] : [])].join(' ');
    },
  });
}

export function createLogger(
  opts: { level: LogLevel; name?: string; format?: LogFormat },
  destination?: pino.DestinationStream,
): Logger {
  // A given destination (tests, the load benchmark's file) gets JSON unless told otherwise.
  const human = destination === undefined && humanLines(opts.format ?? 'json');
  return pino(
    {
      level: opts.level,
      name: opts.name,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names, not numbers: the lines are read by people as often as by tools.
      ...(human ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
    },
    destination ?? (human ? prettyStream(process.stdout.isTTY === true) : pino.destination(1)),
  );
}
