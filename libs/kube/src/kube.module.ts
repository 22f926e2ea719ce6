import { existsSync } from 'node:fs';
import path from 'node:path';

import { KubeConfig } from '@kubernetes/client-node';
import { type DynamicModule, Module } from '@nestjs/common';

import { KubeClient, type KubeClientOptions, type KubeObserver } from './kube-client.js';

export const KUBE_CONFIG = Symbol('KUBE_CONFIG');
export const KUBE_CLIENT_OPTIONS = Symbol('KUBE_CLIENT_OPTIONS');
/** Optional provider of a KubeObserver (the worker's metrics); the client reports to it when present. */
export const KUBE_OBSERVER = Symbol('KUBE_OBSERVER');

/**
 * The cluster's credentials, the same way in a pod (its ServiceAccount) and
 * on a laptop ($KUBECONFIG or ~/.kube/config). Called by the provider
 * factory, never at import time.
 */
export function loadKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromDefault();
  if (!config.getCurrentCluster()) throw new Error('No Kubernetes cluster configured: run in a pod, or set KUBECONFIG');
  return config;
}

/**
 * loadKubeConfig, except that a KUBECONFIG file not written yet is not an
 * error: `npm start` runs the worker while the local cluster is still being
 * built, and cluster:up writes that file only at the end. Until then the
 * configuration names a server that cannot answer (`https://kubeconfig-not-written-yet.invalid`), so
 * KubeClient.reachable() says why and reads the file again (options.reloadConfig).
 */
export function loadKubeConfigWhenWritten(): KubeConfig {
  const file = process.env.KUBECONFIG?.split(path.delimiter)[0];
  if (!file || existsSync(file)) return loadKubeConfig();
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'pending', server: 'https://kubeconfig-not-written-yet.invalid', skipTLSVerify: false }],
    users: [{ name: 'pending' }],
    contexts: [{ name: 'pending', cluster: 'pending', user: 'pending' }],
    currentContext: 'pending',
  });
  return config;
}

export interface KubeModuleOptions {
  client: KubeClientOptions;
  /** Overrides loadKubeConfigWhenWritten (tests pass a ServiceAccount's kubeconfig). */
  kubeConfig?: () => KubeConfig;
}

@Module({})
export class KubeModule {
  static forRoot(options: KubeModuleOptions): DynamicModule {
    return {
      module: KubeModule,
      global: true,
      providers: [
        { provide: KUBE_CONFIG, useFactory: options.kubeConfig ?? loadKubeConfigWhenWritten },
        // The same loader reads the credentials again when the cluster does not answer (KubeClient.reachable).
        {
          provide: KUBE_CLIENT_OPTIONS,
          useValue: { reloadConfig: options.kubeConfig ?? loadKubeConfigWhenWritten, ...options.client },
        },
        {
          provide: KubeClient,
          inject: [KUBE_CONFIG, KUBE_CLIENT_OPTIONS, { token: KUBE_OBSERVER, optional: true }],
          useFactory: (config: KubeConfig, clientOptions: KubeClientOptions, observer?: KubeObserver) =>
            new KubeClient(config, observer ? { ...clientOptions, observer } : clientOptions),
        },
      ],
      exports: [KUBE_CONFIG, KubeClient],
    };
  }
}
