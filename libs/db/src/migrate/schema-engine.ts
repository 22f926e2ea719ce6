/**
 * Drives Prisma's schema engine compiled to WebAssembly, so migrations can be
 * applied and written where Prisma's native engine binary cannot be downloaded.
 * The migrations keep Prisma's standard folder layout and `_prisma_migrations`
 * table: the ordinary Prisma CLI works on them wherever it is available.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DiffTarget, MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/** The slice of the WebAssembly global used here (Node's types do not declare it without the DOM lib). */
interface WasmRuntime {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmRuntime };

type EngineBindings = typeof import('@prisma/schema-engine-wasm/schema_engine_bg'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- the module is loaded lazily
let wasmReady: Promise<EngineBindings> | undefined;

/**
 * The package entry imports its .wasm file the way bundlers do, which Node
 * cannot; instantiate the module by hand and hand its exports to the bindings.
 */
function loadEngineBindings() {
  wasmReady ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const bindingsPath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(bindingsPath.replace(/\.js$/, '.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bindings;
  })();
  return wasmReady;
}

export interface EngineOptions {
  /** Prisma schema text. */
  schema: string;
  /** Connection string of the database to migrate (a role that owns the schema). */
  databaseUrl?: string;
  log?: (line: string) => void;
}

/**
 * PrismaPg's executeScript splits a migration on every ";", which breaks
 * dollar-quoted bodies (DO blocks, functions). Send each migration whole
 * instead: Postgres runs a multi-statement simple query as one transaction,
 * so a failing migration also leaves nothing half-applied.
 */
class WholeScriptPrismaPg extends PrismaPg {
  /** Connections the engine opened; it never closes them itself. */
  readonly opened: { dispose(): Promise<void> }[] = [];

  override async connect() {
    const adapter = await super.connect();
    this.opened.push(adapter);
    const internals = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(e: unknown): never };
    adapter.executeScript = async (script: string) => {
      await internals.client.query(script).catch((error: unknown) => internals.onError(error));
    };
    return adapter;
  }
}

/** Runs `use` with a schema engine, then frees it and closes its connections. */
async function withEngine<T>(options: EngineOptions, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineBindings();
  const factory = new WholeScriptPrismaPg({ connectionString: options.databaseUrl ?? 'postgresql://unused.invalid/none' });
  const log = options.log ?? (() => undefined);
  const engine = await SchemaEngine.new(
    { datamodels: [['schema.prisma', options.schema]] },
    (line: string) => log(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await use(engine);
  } finally {
    engine.free();
    await Promise.all(factory.opened.map((adapter) => adapter.dispose()));
  }
}

/** Reads prisma/migrations into the structure the engine expects. */
export async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok' as const, value }),
            (error: Error) => ({ tag: 'error' as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

/** Applies every pending migration; returns the names of those it applied. */
export async function applyMigrations(options: EngineOptions & { migrationsDir: string }): Promise<string[]> {
  const migrationsList = await readMigrations(options.migrationsDir);
  return withEngine(options, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

/** The SQL that turns the `from` schema into the `to` schema (empty when they agree). */
export async function diffSchemas(from: string | null, to: string, databaseUrl: string): Promise<string> {
  const target = (content: string): DiffTarget => ({ tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
  // The engine opens a connection even for a pure schema-to-schema diff.
  return withEngine({ schema: to, databaseUrl }, async (engine) => {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : target(from),
      to: target(to),
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
      shadowDatabaseUrl: null,
    } as Parameters<SchemaEngine['diff']>[0]);
    // With exitCode set, 2 means "there is a difference" and 0 "none".
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  });
}
