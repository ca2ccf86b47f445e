/**
 * How the CLI ends on an error: one line naming the problem, and a non-zero exit. Errors Haven
 * raised on purpose carry a message written for the operator; anything else shows its class
 * only, since a library's message may quote the data it failed on.
 */
import { ConfigError } from '../config/config-error.js';
import { DatabaseUnavailableError } from '../db/database-errors.js';
import { MigrationError } from '../db/migrator.js';
import { AppError } from '../errors/app-error.js';

export const EXIT_CONFIG = 2;
export const EXIT_FAILURE = 1;

export function failureLine(error: unknown): { line: string; code: number } {
  if (error instanceof ConfigError)
    return { line: `configuration: ${error.message}`, code: EXIT_CONFIG };
  if (
    error instanceof DatabaseUnavailableError ||
    error instanceof MigrationError ||
    error instanceof AppError
  ) {
    return { line: error.message, code: EXIT_FAILURE };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return {
    line: `unexpected ${name}; run with HAVEN_LOG_LEVEL=debug for the stack`,
    code: EXIT_FAILURE,
  };
}

export function exitWith(error: unknown): never {
  const { line, code } = failureLine(error);
  console.error(`haven: ${line}`);
  if (process.env.HAVEN_LOG_LEVEL === 'debug' && error instanceof Error) console.error(error.stack);
  process.exit(code);
}
