import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The process's JSON log (one object per line on stdout, for any log collector). Lines carry ids, names of
 * operations and codes, never personal values: callers pass no variables, results or error details.
 */
export function createLogger(destination?: DestinationStream, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Start-up, shutdown and request lines, on stdout. */
export const logger = createLogger();

/**
 * Failures (outages, internal errors, a failed start), as JSON lines on stderr through the console, where
 * they always went: supervisors and the fault tests read them there, apart from the request lines.
 */
export const failureLog = createLogger({ write: (line: string) => console.error(line.trimEnd()) });

/**
 * What an unexpected error may say in the log: its class, code and where it was thrown. Not its message:
 * a driver's message quotes the statement and its parameters, which may hold a resident's name or phone.
 */
export function errorFields(error: unknown): { errorName: string; errorCode?: string; thrownAt?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    errorName: error.constructor.name || error.name,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    ...(frames.length
      ? {
          thrownAt: frames
            .slice(0, 3)
            .map((frame) => frame.trim())
            .join(' | '),
        }
      : {}),
  };
}
