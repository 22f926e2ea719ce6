/**
 * docs/helm-values.md is the chart's configuration reference. This keeps it in
 * step with values.yaml: every setting documented, nothing documented that
 * does not exist, every default as values.yaml has it.
 *
 * A "setting" is a leaf of values.yaml, where the schema decides what a leaf
 * is: a mapping the schema closes (additionalProperties false) is a group of
 * settings, anything else (a list, a free-form mapping such as annotations or
 * a probe) is one setting. Resources and pod user ids are documented whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from '@jest/globals';
import { repoRoot } from '@storefleet/testing';
import { load } from 'js-yaml';

import { chartDir } from './support.js';

interface SchemaNode {
  $ref?: string;
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
}

const DOCUMENTED_WHOLE = new Set(['resources', 'ids']);
const schema = JSON.parse(readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8')) as SchemaNode & {
  $defs: Record<string, SchemaNode>;
};
const values = load(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const docs = readFileSync(path.join(repoRoot, 'docs/helm-values.md'), 'utf8');

function resolve(node: SchemaNode | undefined): { node: SchemaNode | undefined; ref?: string } {
  let ref: string | undefined;
  while (node?.$ref) {
    ref = node.$ref.split('/').pop()!;
    node = schema.$defs[ref];
  }
  return { node, ...(ref ? { ref } : {}) };
}

function settings(value: unknown, node: SchemaNode | undefined, key: string, out: Map<string, unknown>): Map<string, unknown> {
  const { node: resolved, ref } = resolve(node);
  const isMapping = typeof value === 'object' && value !== null && !Array.isArray(value);
  const group =
    isMapping && resolved?.properties && resolved.additionalProperties === false && !(ref && DOCUMENTED_WHOLE.has(ref));
  if (group && Object.keys(value).length > 0) {
    for (const [child, childValue] of Object.entries(value))
      settings(childValue, resolved.properties![child], key ? `${key}.${child}` : child, out);
  } else {
    out.set(key, value);
  }
  return out;
}

/** Rows "| `key` | `default` | description |" of the tables under "## Settings". */
function documented(): { rows: Map<string, { default: string; description: string }>; duplicates: string[] } {
  const rows = new Map<string, { default: string; description: string }>();
  const duplicates: string[] = [];
  const settingsSection = docs.slice(docs.indexOf('\n## Settings\n'));
  for (const line of settingsSection.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|$/.exec(line.trim());
    if (!match) continue;
    if (rows.has(match[1]!)) duplicates.push(match[1]!);
    rows.set(match[1]!, { default: match[2]!, description: match[3]!.trim() });
  }
  return { rows, duplicates };
}

describe('docs/helm-values.md', () => {
  const expected = settings(values, schema, '', new Map());
  const { rows, duplicates } = documented();

  test('documents every setting of values.yaml, once', () => {
    expect(expected.size).toBeGreaterThan(100);
    expect(duplicates).toEqual([]);
    expect([...expected.keys()].filter((key) => !rows.has(key))).toEqual([]);
  });

  test('documents no setting that values.yaml does not have', () => {
    expect([...rows.keys()].filter((key) => !expected.has(key))).toEqual([]);
  });

  test('shows each default as values.yaml has it, and says what each setting does', () => {
    const wrong = [...expected].flatMap(([key, value]) => {
      const row = rows.get(key);
      if (!row) return [];
      const want = `\`${JSON.stringify(value)}\``;
      return row.default === want && row.description.length > 10
        ? []
        : [{ key, documented: row.default, want, description: row.description }];
    });
    expect(wrong).toEqual([]);
  });
});
