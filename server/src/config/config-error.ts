/** A setting is missing or wrong. Its message is one line that names the setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
