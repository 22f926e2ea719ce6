/**
 * Debian's Chromium, headless, driven by playwright-core (BUILD-NOTES.md,
 * "Browsers"): the one place its path and flags are written. Playwright starts
 * every launch with a fresh temporary profile (its own --user-data-dir, removed
 * on close), so no state leaks between runs.
 */
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** `extraArgs` adds to the flags, e.g. host resolver rules. */
export function launchHeadlessChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
