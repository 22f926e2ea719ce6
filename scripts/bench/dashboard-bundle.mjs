#!/usr/bin/env node
// Size of the dashboard's production bundle, as a browser downloads it.
// Builds apps/dashboard with Vite into a temporary folder (NODE_ENV=production)
// and prints each JS and CSS asset raw, gzipped (zlib level 6, what most web
// servers send) and brotli-compressed, plus the JS total.
//
//   node scripts/bench/dashboard-bundle.mjs            # build, then measure
//   node scripts/bench/dashboard-bundle.mjs --dir DIR  # measure an existing build (e.g. apps/dashboard/dist)
//   node scripts/bench/dashboard-bundle.mjs --json     # machine-readable
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const dirIndex = args.indexOf('--dir');

let dir;
let cleanup = () => {};
if (dirIndex >= 0) {
  dir = path.resolve(args[dirIndex + 1] ?? '');
} else {
  dir = mkdtempSync(path.join(tmpdir(), 'storefleet-bundle-'));
  cleanup = () => rmSync(dir, { recursive: true, force: true });
  execFileSync(
    path.join(repoRoot, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/dashboard/vite.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
}

try {
  const assets = readdirSync(path.join(dir, 'assets'))
    .filter((name) => /\.(js|css)$/.test(name))
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, 'assets', name));
      return {
        file: `assets/${name}`,
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 6 }).length,
        brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    });
  const js = assets.filter((a) => a.file.endsWith('.js'));
  const total = (key) => js.reduce((sum, a) => sum + a[key], 0);
  const summary = { js: { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') }, assets };

  if (json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
    console.log(`${'asset'.padEnd(40)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
    for (const a of assets) console.log(`${a.file.padEnd(40)}${kb(a.raw)}${kb(a.gzip)}${kb(a.brotli)}`);
    console.log(`${'JavaScript total'.padEnd(40)}${kb(summary.js.raw)}${kb(summary.js.gzip)}${kb(summary.js.brotli)}`);
  }
} finally {
  cleanup();
}
