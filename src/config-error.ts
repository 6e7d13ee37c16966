/** A configuration that does not validate: one German line per bad option. Its own module, so a caller can catch it without loading the schema. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
