import pino, { type DestinationStream, type Logger } from 'pino';
import { hasOwnMessage, redactLogObject } from './redaction.js';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Where lines go; standard output when omitted. Tests pass a stream they can read. */
  destination?: DestinationStream;
}

/**
 * The process logger: JSON lines with allow-list redaction of every logged object (see
 * redaction.ts). Log messages are constant strings written in the code; an error's own message
 * is never used as the log message, because a library's message can quote the data it choked on.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      formatters: { log: redactLogObject },
      hooks: {
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          const error =
            first instanceof Error
              ? first
              : (first as { err?: unknown } | undefined)?.err instanceof Error
                ? (first as { err: Error }).err
                : undefined;
          if (error && !hasOwnMessage(error)) {
            const message =
              typeof second === 'string' && second !== error.message ? second : error.name;
            const object = first instanceof Error ? { err: first } : (first as object);
            return method.apply(this, [object, message] as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    options.destination,
  );
}
