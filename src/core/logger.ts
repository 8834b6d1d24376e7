// Structured logs: one JSON object per line (pino) — per request (src/web, pino-http), per ingested
// file (ingest/log-reporter.ts), per engine supervisor event. LOG_LEVEL picks what is written.
import pino from 'pino';

export type Logger = pino.Logger;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(opts: { level: LogLevel; name?: string }, destination: pino.DestinationStream = pino.destination(1)): Logger {
  return pino(
    {
      level: opts.level,
      name: opts.name,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Level names, not numbers: the lines are read by people as often as by tools.
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
