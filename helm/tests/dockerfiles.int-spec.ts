/**
 * docker/: the images cannot be built on machines without a Docker engine, so
 * their rules are checked by reading the Dockerfiles: multi-stage, pinned base
 * images, a numeric non-root user that matches the chart, no dev dependencies
 * in the final stage, every copied path present in the build context, and the
 * migration CLI the chart's Job runs compiled where the Job looks for it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from '@jest/globals';
import { repoRoot } from '@storefleet/testing';
import { DockerfileParser, From, ModifiableInstruction } from 'dockerfile-ast';
import { load } from 'js-yaml';

import { chartDir, renderChart } from './support.js';

interface Instruction {
  op: string;
  /** The arguments as written (line continuations joined, flags such as --from= left out). */
  args: string;
  /** The arguments one by one, variables expanded. */
  argv: string[];
  /** Flags: `COPY --from=build` gives { from: 'build' }. */
  flags: Record<string, string>;
}
interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Stages of a Dockerfile (parsed by dockerfile-ast), with ARG defaults expanded. */
function parseDockerfile(file: string): Stage[] {
  const dockerfile = DockerfileParser.parse(readFileSync(path.join(repoRoot, 'docker', file), 'utf8'));
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const op = instruction.getKeyword();
    const argv = instruction.getExpandedArguments().map((argument) => argument.getValue());
    if (instruction instanceof From) {
      const name = instruction.getBuildStage();
      stages.push({ image: argv[0] ?? '', ...(name ? { name } : {}), instructions: [] });
      continue;
    }
    const flags =
      instruction instanceof ModifiableInstruction
        ? Object.fromEntries(instruction.getFlags().map((flag) => [flag.getName(), flag.getValue() ?? '']))
        : {};
    stages.at(-1)?.instructions.push({ op, args: instruction.getArgumentsContent() ?? '', argv, flags });
  }
  return stages;
}

const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

const images = [
  { file: 'api.Dockerfile', component: 'api' },
  { file: 'worker.Dockerfile', component: 'worker' },
  { file: 'dashboard.Dockerfile', component: 'dashboard' },
] as const;

const values = load(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as Record<
  string,
  { podSecurityContext: { runAsUser: number } }
>;

describe.each(images)('docker/$file', ({ file, component }) => {
  const stages = parseDockerfile(file);
  const final = stages.at(-1)!;
  const stageNames = new Set(stages.map((stage) => stage.name).filter(Boolean));

  test('is multi-stage and every base image is pinned to an exact version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const external = stages.map((stage) => stage.image).filter((image) => !stageNames.has(image));
    expect(external.length).toBeGreaterThan(0);
    for (const image of external) {
      expect({ image, pinned: /:(\d+\.\d+\.\d+)[\w.-]*$|@sha256:[0-9a-f]{64}$/.test(image) }).toEqual({ image, pinned: true });
    }
  });

  test("runs as a numeric non-root user, the same one the chart's pods run as", () => {
    const users = final.instructions.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    const [uid] = users.at(-1)!.split(':');
    expect(uid).toMatch(/^[1-9]\d*$/);
    expect(Number(uid)).toBe(values[component]!.podSecurityContext.runAsUser);
  });

  test('installs no dev dependencies into the final image', () => {
    const runs = final.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.filter((run) => /npm (ci|install|i)\b/.test(run) && !run.includes('--omit=dev'))).toEqual([]);
    // node_modules arrive only from a stage that installed production dependencies.
    const copied = final.instructions.filter((i) => i.op === 'COPY' && i.args.includes('node_modules'));
    for (const copy of copied) {
      const source = stages.find((stage) => stage.name === copy.flags.from);
      expect(source?.instructions.some((i) => i.op === 'RUN' && /npm (ci|install)\b.*--omit=dev/.test(i.args))).toBe(true);
    }
  });

  test('starts in exec form (signals reach the process)', () => {
    const cmd = final.instructions.filter((i) => i.op === 'CMD' || i.op === 'ENTRYPOINT');
    if (component === 'dashboard') return; // the nginx image's own entrypoint and command
    expect(cmd.length).toBeGreaterThan(0);
    for (const instruction of cmd) expect(JSON.parse(instruction.args)).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  test('copies only paths that exist in the build context and that .dockerignore keeps', () => {
    const sources = stages
      .flatMap((stage) => stage.instructions)
      .filter((i) => i.op === 'COPY' && i.flags.from === undefined)
      .flatMap((i) => i.argv.slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: existsSync(path.join(repoRoot, source)) }).toEqual({ source, exists: true });
      const top = source.split('/')[0]!;
      expect({ source, ignored: ignored.includes(top) || ignored.includes(source) }).toEqual({ source, ignored: false });
    }
  });
});

describe('docker/ and the chart agree', () => {
  test('.dockerignore keeps dependencies, builds, git and local state out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.local']));
  });

  test("the dashboard's nginx serves the SPA on port 8080 with a fallback to index.html and proxies nothing", async () => {
    const conf = readFileSync(path.join(repoRoot, 'docker/nginx/dashboard.conf'), 'utf8');
    expect(conf).toMatch(/^\s*listen 8080;/m);
    expect(conf).toMatch(/try_files \$uri \$uri\/ \/index\.html;/);
    expect(conf).not.toContain('proxy_pass');
    const final = parseDockerfile('dashboard.Dockerfile').at(-1)!;
    expect(final.instructions).toContainEqual(expect.objectContaining({ op: 'EXPOSE', args: '8080' }));
    const objects = await renderChart('default', 'storefleet');
    const dashboard = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name?.endsWith('-dashboard')) as unknown as {
      spec: { template: { spec: { containers: { ports: { containerPort: number }[] }[] } } };
    };
    expect(dashboard.spec.template.spec.containers[0]!.ports[0]!.containerPort).toBe(8080);
  });

  test("the API image carries prisma/ and the migration CLI at the path the chart's migrate init container runs", async () => {
    const final = parseDockerfile('api.Dockerfile').at(-1)!;
    expect(final.instructions).toContainEqual(expect.objectContaining({ op: 'COPY', args: 'prisma ./prisma' }));
    expect(final.instructions.some((i) => i.op === 'ENV' && i.args.includes('STOREFLEET_ROOT=/app'))).toBe(true);
    expect(final.instructions.some((i) => i.op === 'WORKDIR' && i.args === '/app')).toBe(true);

    const api = (await renderChart('default', 'storefleet')).find(
      (o) => o.kind === 'Deployment' && o.metadata?.name?.endsWith('-api'),
    ) as unknown as { spec: { template: { spec: { initContainers: { name: string; command: string[] }[] } } } };
    const migrate = api.spec.template.spec.initContainers.find((c) => c.name === 'migrate')!;
    const [, script] = migrate.command;
    expect(script).toBe('dist/libs/db/src/migrate/cli.js');

    // Compile the CLI the way the image's build stage does, into a scratch folder.
    const out = mkdtempSync(path.join(tmpdir(), 'sf-migrate-cli-'));
    try {
      execFileSync(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'docker/tsconfig.migrate.json', '--outDir', out], {
        cwd: repoRoot,
        stdio: 'pipe',
      });
      expect(existsSync(path.join(out, script!.replace(/^dist\//, '')))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
