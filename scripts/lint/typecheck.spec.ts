/**
 * `npm run typecheck` (nx run-many -t typecheck) fails on a type error anywhere:
 * every Nx project has a typecheck target, the tsconfig files those targets
 * check cover every TypeScript file in the repository, and an error planted
 * (in memory) in a file of the projects that used to be left out is reported.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from '@storefleet/testing';
import ts from 'typescript';

interface Target {
  options?: { command?: string };
}
const nxJson = JSON.parse(readFileSync(path.join(repoRoot, 'nx.json'), 'utf8')) as { targetDefaults: Record<string, Target> };
const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);

/** Each project's root and the tsconfig its typecheck target runs `tsc -p` on. */
const projects = git('ls-files', '*project.json', ':!:stores/**').map((file) => {
  const root = path.dirname(file);
  const project = JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as {
    name: string;
    targets?: Record<string, Target>;
  };
  const target = project.targets?.typecheck;
  const command = (target?.options?.command ?? nxJson.targetDefaults.typecheck?.options?.command ?? '').replaceAll(
    '{projectRoot}',
    root,
  );
  const tsconfig = /tsc -p (\S+)/.exec(command)?.[1];
  return { name: project.name, root, hasTarget: target !== undefined, tsconfig };
});

function parse(tsconfig: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(repoRoot, tsconfig),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  return parsed;
}

describe('npm run typecheck', () => {
  it("runs every project's typecheck target", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.typecheck).toBe('nx run-many -t typecheck');
    expect(projects.map((p) => p.name)).toEqual(expect.arrayContaining(['helm-tests', 'medusa-e2e', 'dashboard-e2e', 'scripts']));
    expect(projects.filter((p) => !p.hasTarget || !p.tsconfig).map((p) => p.name)).toEqual([]);
  });

  it('type-checks every TypeScript file of the repository', () => {
    const checked = new Set(projects.flatMap((p) => parse(p.tsconfig!).fileNames.map((f) => path.relative(repoRoot, f))));
    const sources = git('ls-files', '*.ts', '*.tsx', '*.mts', '*.cts', ':!:stores/**');
    expect(sources.length).toBeGreaterThan(200);
    expect(sources.filter((file) => !checked.has(file))).toEqual([]);
  });

  it.each([
    ['helm-tests', 'helm/tests/support.ts'],
    ['medusa-e2e', 'e2e/medusa/medusa-store.ts'],
    ['dashboard-e2e', 'apps/dashboard/e2e/support/browser.ts'],
    ['scripts', 'scripts/lib.int-spec.ts'],
  ])(
    'reports a type error planted in %s (%s)',
    (name, file) => {
      const { tsconfig } = projects.find((p) => p.name === name)!;
      const config = parse(tsconfig!);
      const planted = path.join(repoRoot, file);
      const host = ts.createCompilerHost(config.options);
      const read = host.readFile.bind(host);
      host.readFile = (f) => (f === planted ? `${read(f)}\nexport const planted: number = 'not a number';\n` : read(f));
      const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
      const errors = ts
        .getPreEmitDiagnostics(program, program.getSourceFile(planted))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(errors).toEqual([`Type 'string' is not assignable to type 'number'.`]);
    },
    60_000,
  );
});
