// The few errors retier distinguishes, each a signal for what to do next.

/** Bad configuration: stop at start-up, naming the file, the path and what was expected. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Bad data: fail the stage at once, without retries (a retry would see the same data). */
export class DataError extends Error {
  override name = "DataError";
}

/** A source, warehouse or SMTP server that may recover: retried with backoff. */
export class TransientError extends Error {
  override name = "TransientError";
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
