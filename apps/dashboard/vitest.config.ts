import { defineConfig, mergeConfig } from 'vitest/config';

import viteConfig from './vite.config.js';

// Component and logic tests of the dashboard in jsdom (`npm test` runs them;
// browser tests against the real API live in e2e/ and run under jest).
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      root: import.meta.dirname,
      environment: 'jsdom',
      include: ['src/**/*.spec.{ts,tsx}'],
      setupFiles: ['./src/test/setup.ts'],
      restoreMocks: true,
    },
  }),
);
