/**
 * Proves the module-boundary rules are live: lint code that breaks them, in
 * memory (ESLint's lintText with the path the code would have), and expect
 * @nx/enforce-module-boundaries to refuse each one. Only that rule runs, without
 * type information, so this takes seconds. (The rule silently skips itself when
 * Nx has no project graph, so the test builds one first.)
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';
import { ESLint } from 'eslint';

const RULE = '@nx/enforce-module-boundaries';

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
  {
    file: 'helm/tests/__boundary_probe__.ts',
    source: "export { loadApiConfig } from '../../apps/api/src/config/api-config.js';\n",
    expected: /Projects cannot be imported by a relative or absolute path/,
  },
  {
    file: 'e2e/medusa/__boundary_probe__.ts',
    source: "export { startTestWorker } from '../../apps/worker/src/testing/worker-harness.js';\n",
    expected: /Projects cannot be imported by a relative or absolute path/,
  },
];

describe('module boundaries', () => {
  let eslint: ESLint;
  beforeAll(() => {
    execFileSync('npx', ['--no-install', 'nx', 'show', 'projects'], { cwd: repoRoot, stdio: 'ignore' });
    eslint = new ESLint({
      cwd: repoRoot,
      // The project's config, minus type information (the boundary rule needs none).
      overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
      ruleFilter: ({ ruleId }) => ruleId === RULE,
    });
  });

  it.each(probes.map((p) => [p.file, p]))('lint refuses the forbidden import in %s', async (_file, probe) => {
    const [result] = await eslint.lintText(probe.source, { filePath: path.join(repoRoot, probe.file), warnIgnored: true });
    expect(result!.messages.filter((m) => m.ruleId !== RULE && m.fatal)).toEqual([]);
    const boundaryMessages = result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
    expect(boundaryMessages.join('\n')).toMatch(probe.expected);
  });

  it('accepts an allowed import (the probes fail for their imports, not for the way they are linted)', async () => {
    const [result] = await eslint.lintText("export { loadApiConfig } from '@storefleet/config';\n", {
      filePath: path.join(repoRoot, 'helm/tests/__boundary_probe__.ts'),
      warnIgnored: true,
    });
    expect(result!.messages).toEqual([]);
  });
});
