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
 * The plan table. Quotas leave room for every container's limits at once
 * (the setup Job runs beside the database and the app) and for nothing more,
 * so a store can never take more than its plan from the cluster.
 */
export const PLANS: Readonly<Record<StorePlan, PlanSpec>> = {
  small: {
    quota: {
      requestsCpu: '1',
      requestsMemory: '2Gi',
      limitsCpu: '2',
      limitsMemory: '2Gi',
      requestsStorage: '10Gi',
      pods: 10,
      persistentVolumeClaims: 4,
      services: 5,
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
      limitsCpu: '4',
      limitsMemory: '4Gi',
      requestsStorage: '25Gi',
      pods: 15,
      persistentVolumeClaims: 4,
      services: 5,
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
      limitsCpu: '8',
      limitsMemory: '8Gi',
      requestsStorage: '60Gi',
      pods: 20,
      persistentVolumeClaims: 4,
      services: 5,
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
