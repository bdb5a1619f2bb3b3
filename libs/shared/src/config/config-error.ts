/** A bad or missing setting: the process stops at start with this message, naming the variable (exit 78). */
export class ConfigError extends Error {}
