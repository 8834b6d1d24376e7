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
    ignore: 'pid,hostname,name,req,res,responseTime',
    singleLine: true,
    sync: true,
    messageFormat: (log, messageKey) => {
      const req = log['req'] as { method?: string; url?: string } | undefined;
      const res = log['res'] as { statusCode?: number } | undefined;
      const msg = String(log[messageKey] ?? '');
      if (!req?.method) return msg;
      const ms = typeof log['responseTime'] === 'number' ? ` ${log['responseTime']} ms` : '';
      return `${req.method} ${req.url ?? ''} ${res?.statusCode ?? ''}${ms}`;
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
