/**
 * Proves the module-boundary rules are live: lint files that break them and
 * expect @nx/enforce-module-boundaries to refuse each one. (The rule silently
 * skips itself when Nx has no project graph, so the test builds one first.)
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';
import { ESLint } from 'eslint';

const probes: { file: string; source: string; expected: RegExp }[] = [
  {
    file: 'apps/dashboard/src/__boundary_probe__.ts',
    source: "import { PrismaService } from '@storefleet/db';\nexport const probe = PrismaService;\n",
    expected: /scope:dashboard" can only depend on libs tagged with "type:contracts"/,
  },
  {
    file: 'apps/api/src/__boundary_probe__.ts',
    source: "export { WorkerModule } from '../../worker/src/worker.module.js';\n",
    expected: /Projects cannot be imported by a relative or absolute path/,
  },
  {
    file: 'libs/contracts/src/__boundary_probe__.ts',
    source: "export { PrismaModule } from '@storefleet/db';\n",
    expected: /scope:shared" can only depend on libs tagged with "scope:shared"/,
  },
];

describe('module boundaries', () => {
  beforeAll(() => {
    execFileSync('npx', ['--no-install', 'nx', 'show', 'projects'], { cwd: repoRoot, stdio: 'ignore' });
    for (const probe of probes) writeFileSync(path.join(repoRoot, probe.file), probe.source);
  });
  afterAll(() => {
    for (const probe of probes) rmSync(path.join(repoRoot, probe.file), { force: true });
  });

  it.each(probes.map((p) => [p.file, p]))('lint refuses the forbidden import in %s', async (_file, probe) => {
    const eslint = new ESLint({ cwd: repoRoot });
    const [result] = await eslint.lintFiles([path.join(repoRoot, probe.file)]);
    const boundaryMessages = result!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
    expect(boundaryMessages.join('\n')).toMatch(probe.expected);
  }, 120_000);
});
