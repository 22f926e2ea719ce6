/**
 * Shared by the chart's tests: where the chart and the helm binary are, running
 * helm against the local control plane, and reading rendered manifests.
 */
import path from 'node:path';

import { ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { helmOk, repoRoot } from '@storefleet/testing';
import { loadAll } from 'js-yaml';

// Running helm and kubectl against the local control plane lives in libs/testing (the real-node suite uses it too).
export { helm, helmBinary, helmOk, type HelmResult, kubectl, kubectlBinary, uniqueSuffix } from '@storefleet/testing';

export const chartDir = path.join(repoRoot, 'helm/store-platform');
export const valuesFiles = {
  default: null,
  local: path.join(chartDir, 'values-local.yaml'),
  prod: path.join(chartDir, 'values-prod.yaml'),
} as const;
export type ValuesName = keyof typeof valuesFiles;

export function valuesArgs(name: ValuesName): string[] {
  const file = valuesFiles[name];
  return file ? ['-f', file] : [];
}

export type Manifest = KubernetesObject & Record<string, unknown>;

/** `helm template` output (hooks included) as objects. */
export async function renderChart(name: ValuesName, namespace: string, extra: string[] = []): Promise<Manifest[]> {
  const out = await helmOk(['template', 'storefleet', chartDir, '--namespace', namespace, ...valuesArgs(name), ...extra]);
  return parseManifests(out);
}

export function parseManifests(text: string): Manifest[] {
  return loadAll(text).filter((doc): doc is Manifest => typeof doc === 'object' && doc !== null && 'kind' in doc);
}

/** The HTTP status of a failed Kubernetes call, or undefined if it succeeded. */
export async function statusOf(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (error instanceof ApiException) return error.code;
    throw error;
  }
}

/** The message of a refused Kubernetes call. */
export async function refusal(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) {
      const body = typeof error.body === 'string' ? error.body : JSON.stringify(error.body);
      let message = body;
      try {
        message = (JSON.parse(body) as { message?: string }).message ?? body;
      } catch {
        // not JSON: keep the raw body
      }
      return { code: error.code, message };
    }
    throw error;
  }
  throw new Error('expected the API server to refuse the request, but it was accepted');
}
