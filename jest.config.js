// Two projects: `unit` (*.spec.ts: pure logic, no services) and `integration`
// (*.int-spec.ts: real Postgres, Redis and, where needed, kube-apiserver).
// Run through `npm test`, which starts the services first.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// The platform on the real node (e2e/real-node: helm install --wait on real pods, a Medusa store and an order
// in Chromium, policies on real packets, crash and delete; ~10 min warm) is npm test's last tier, `real`
// (scripts/test.sh), which sets STOREFLEET_REAL_NODE_PLATFORM=1; the int tier leaves it out.
// scripts/cluster/real-node.int-spec.ts (the node itself) is in the int tier.
const realNodePlatform = process.env.STOREFLEET_REAL_NODE_PLATFORM === '1' ? ['<rootDir>/e2e/real-node/**/*.int-spec.ts'] : [];

const paths = {
  '^@storefleet/(contracts|config|db|kube|engines|logging|queue|testing|backups)$': '<rootDir>/libs/$1/src/index.ts',
  // NodeNext source imports './x.js'; the file on disk is './x.ts'.
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const common = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: paths,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.local/', '<rootDir>/stores/'],
};

export default {
  // Jest reads testTimeout only from the top-level config, not from `projects` entries.
  // Integration tests boot apps, databases and Kubernetes objects: give them room.
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/dashboard/'],
    },
    {
      ...common,
      displayName: 'integration',
      // e2e/medusa: the Medusa store app (stores/medusa) run natively; stores/ itself
      // stays out of the haste map (modulePathIgnorePatterns) for its own node_modules.
      testMatch: [
        '<rootDir>/{apps,libs,scripts,helm}/**/*.int-spec.ts',
        '<rootDir>/e2e/medusa/**/*.int-spec.ts',
        ...realNodePlatform,
      ],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.mjs',
      testTimeout: 120_000,
    },
    {
      // The dashboard in Debian's Chromium against the real API (apps/dashboard/e2e).
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/dashboard/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.mjs',
      // Jest applies testTimeout only from the global config; the e2e files also call jest.setTimeout.
      testTimeout: 180_000,
    },
    {
      // Benchmarks: run only by `npm run bench:*`, never by `npm test`.
      ...common,
      displayName: 'bench',
      testMatch: ['<rootDir>/apps/**/*.bench.ts', '<rootDir>/scripts/bench/**/*.bench.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.mjs',
    },
  ],
};
