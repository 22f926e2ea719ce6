import { KubeConfig } from '@kubernetes/client-node';
import { type DynamicModule, Module } from '@nestjs/common';

import { KubeClient, type KubeClientOptions } from './kube-client.js';

export const KUBE_CONFIG = Symbol('KUBE_CONFIG');
export const KUBE_CLIENT_OPTIONS = Symbol('KUBE_CLIENT_OPTIONS');

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

export interface KubeModuleOptions {
  client: KubeClientOptions;
  /** Overrides loadKubeConfig (tests pass a ServiceAccount's kubeconfig). */
  kubeConfig?: () => KubeConfig;
}

@Module({})
export class KubeModule {
  static forRoot(options: KubeModuleOptions): DynamicModule {
    return {
      module: KubeModule,
      global: true,
      providers: [
        { provide: KUBE_CONFIG, useFactory: options.kubeConfig ?? loadKubeConfig },
        { provide: KUBE_CLIENT_OPTIONS, useValue: options.client },
        {
          provide: KubeClient,
          inject: [KUBE_CONFIG, KUBE_CLIENT_OPTIONS],
          useFactory: (config: KubeConfig, clientOptions: KubeClientOptions) => new KubeClient(config, clientOptions),
        },
      ],
      exports: [KUBE_CONFIG, KubeClient],
    };
  }
}
