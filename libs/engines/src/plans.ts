import type { StorePlan } from '@storefleet/contracts';

import type { Component } from './types.js';

export interface ContainerResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** What a plan gives a store: its namespace's quota and its containers' sizes. */
export interface PlanSpec {
  quota: {
    requestsCpu: string;
    requestsMemory: string;
    limitsCpu: string;
    limitsMemory: string;
    requestsStorage: string;
    pods: number;
    persistentVolumeClaims: number;
    services: number;
    secrets: number;
    configMaps: number;
  };
  /** LimitRange: the largest container and claim allowed, and what a container without resources gets. */
  limitRange: {
    containerMax: { cpu: string; memory: string };
    containerDefault: { cpu: string; memory: string };
    containerDefaultRequest: { cpu: string; memory: string };
    claimMax: string;
  };
  /** WooCommerce's containers (Medusa sizes its own from the same quota: medusa/resources.ts). */
  containers: Record<Extract<Component, 'database' | 'app' | 'setup'>, ContainerResources>;
  storage: { database: string; app: string };
}

// WP-CLI importing WooCommerce's sample data needs more memory than it needs CPU.
const setup: ContainerResources = { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

/**
 * What a cert-manager HTTP-01 solver pod asks for by default (cert-manager's
 * --acme-http01-solver-resource-* flags): it runs in the store's namespace,
 * under the store's quota, while a certificate is issued or renewed.
 */
export const ACME_SOLVER_RESOURCES: ContainerResources = {
  requests: { cpu: '10m', memory: '64Mi' },
  limits: { cpu: '100m', memory: '64Mi' },
};

/**
 * Room every quota keeps above the store's own pods (all running at once, the
 * setup Job included): one HTTP-01 solver pod with its Service, and one debug
 * pod sized by the LimitRange's defaults (250m/256Mi limits, 50m/64Mi
 * requests; `kubectl run`/`kubectl debug --copy-to` without resources).
 * blueprint specs prove it for every engine and plan; the admission test
 * proves it against a real API server.
 */
export const QUOTA_HEADROOM = {
  pods: 2,
  services: 1,
  requests: { cpu: '60m', memory: '128Mi' },
  limits: { cpu: '350m', memory: '320Mi' },
} as const;

/**
 * The plan table. Quotas hold every container's limits at once (the setup
 * Job runs beside the database and the app) plus QUOTA_HEADROOM, and nothing
 * more, so a store can never take more than its plan from the cluster.
 */
export const PLANS: Readonly<Record<StorePlan, PlanSpec>> = {
  small: {
    quota: {
      requestsCpu: '1',
      requestsMemory: '2Gi',
      limitsCpu: '2500m',
      limitsMemory: '2560Mi',
      requestsStorage: '10Gi',
      pods: 10,
      persistentVolumeClaims: 4,
      services: 6,
      secrets: 10,
      configMaps: 10,
    },
    limitRange: {
      containerMax: { cpu: '1', memory: '1Gi' },
      containerDefault: { cpu: '250m', memory: '256Mi' },
      containerDefaultRequest: { cpu: '50m', memory: '64Mi' },
      claimMax: '5Gi',
    },
    containers: {
      database: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      app: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      setup,
    },
    storage: { database: '2Gi', app: '2Gi' },
  },
  medium: {
    quota: {
      requestsCpu: '2',
      requestsMemory: '4Gi',
      limitsCpu: '4500m',
      limitsMemory: '4608Mi',
      requestsStorage: '25Gi',
      pods: 15,
      persistentVolumeClaims: 4,
      services: 6,
      secrets: 10,
      configMaps: 10,
    },
    limitRange: {
      containerMax: { cpu: '2', memory: '2Gi' },
      containerDefault: { cpu: '250m', memory: '256Mi' },
      containerDefaultRequest: { cpu: '50m', memory: '64Mi' },
      claimMax: '10Gi',
    },
    containers: {
      database: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      app: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
      setup,
    },
    storage: { database: '5Gi', app: '5Gi' },
  },
  large: {
    quota: {
      requestsCpu: '4',
      requestsMemory: '8Gi',
      limitsCpu: '8500m',
      limitsMemory: '8704Mi',
      requestsStorage: '60Gi',
      pods: 20,
      persistentVolumeClaims: 4,
      services: 6,
      secrets: 10,
      configMaps: 10,
    },
    limitRange: {
      containerMax: { cpu: '4', memory: '4Gi' },
      containerDefault: { cpu: '250m', memory: '256Mi' },
      containerDefaultRequest: { cpu: '50m', memory: '64Mi' },
      claimMax: '25Gi',
    },
    containers: {
      database: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      app: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '4', memory: '2Gi' } },
      setup,
    },
    storage: { database: '20Gi', app: '20Gi' },
  },
};
