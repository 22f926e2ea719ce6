/**
 * Builds what the browser tests run: the API (tsc + tsc-alias, as `npm start`
 * builds it) and the dashboard (a production `vite build`), into folders of
 * their own so they never race other builds of dist/. Built once per jest
 * process: every e2e file in a run shares the build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';

export interface E2eBuild {
  /** Entry point of the built API. */
  apiMain: string;
  /** The built dashboard, served by the API as DASHBOARD_DIR. */
  dashboardDir: string;
}

// The API build must sit inside the repository (it resolves node_modules from
// there) and not under .local, which may be a symlink to another checkout's
// (whose node_modules may lack this branch's dependencies); the dashboard
// build must not sit under a dot-directory either, because Express's sendFile
// refuses paths with dot segments.
const apiRoot = path.join(repoRoot, 'dist/e2e');
const dashboardRoot = tmpdir();
const PREFIX = 'storefleet-e2e-';

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  execFileSync(path.join(repoRoot, 'node_modules/.bin', command), args, {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  });
}

function removeOldBuilds(dir: string, keep: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith(PREFIX) && entry !== keep) rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

export function buildForE2e(): E2eBuild {
  const name = `${PREFIX}${process.pid}`;
  const apiDir = path.join(apiRoot, name);
  const build = { apiMain: path.join(apiDir, 'apps/api/src/main.js'), dashboardDir: path.join(dashboardRoot, name) };
  const done = path.join(apiDir, '.done');
  if (existsSync(done) && existsSync(path.join(build.dashboardDir, 'index.html'))) return build;

  mkdirSync(apiRoot, { recursive: true });
  removeOldBuilds(apiRoot, name);
  removeOldBuilds(dashboardRoot, name);
  run('tsc', ['-p', 'apps/api/tsconfig.app.json', '--outDir', apiDir]);
  run('tsc-alias', ['-p', 'apps/api/tsconfig.app.json', '--outDir', apiDir]);
  // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
  run(
    'vite',
    ['build', '--config', 'apps/dashboard/vite.config.ts', '--outDir', build.dashboardDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      NODE_ENV: 'production',
    },
  );
  writeFileSync(done, new Date().toISOString());
  return build;
}
