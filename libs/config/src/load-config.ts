import 'reflect-metadata';

import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const name = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map(
      (message) =>
        // class-validator starts each message with the property name; keep the variable's name.
        `${name}: ${message.startsWith(error.property) ? message.slice(error.property.length).trim() : message}`,
    );
    return [...own, ...describe(error.children ?? [], `${name}.`)];
  });
}

/**
 * Validates environment variables into a typed config object, once, at start-up.
 * Each field of `schema` names an environment variable; defaults are the class's
 * initialisers. Throws a ConfigError naming every invalid variable.
 */
export function loadConfig<T extends object>(schema: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(schema, defined, { enableImplicitConversion: true, excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return Object.freeze(config);
}
