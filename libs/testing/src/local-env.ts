import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Starts (or reuses) the local Postgres and Redis, then returns their settings from .local/env. */
export function startLocalServices(): Record<string, string> {
  execFileSync('bash', [path.join(repoRoot, 'scripts/services/up.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return readLocalEnv();
}

/** The variables scripts/lib.sh exports for this checkout. */
export function readLocalEnv(): Record<string, string> {
  const file = path.join(repoRoot, '.local/env');
  if (!existsSync(file)) throw new Error('No .local/env: run `npm run services:up` first');
  const script = `source "${path.join(repoRoot, 'scripts/lib.sh')}" && load_local_env && env -0`;
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env } });
  readFileSync(file); // surfaces permission problems with a clear stack
  return Object.fromEntries(
    out
      .split('\0')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
