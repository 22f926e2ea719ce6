import type { StorePlan } from '@storefleet/contracts';

import type { ContainerResources } from '../plans.js';

export type MedusaContainer = 'postgres' | 'redis' | 'medusa' | 'storefront' | 'setup' | 'wait';

// The small plan's sizes. Limits add up to 2 CPU and 2Gi with every container
// running at once, the setup Job included, which leaves the plan's quota
// QUOTA_HEADROOM (plans.ts) for a certificate solver and a debug pod; the
// medium and large plans double and quadruple them.
// Measured natively: Medusa serves at about 350Mi, the storefront at 60Mi.
const SMALL: Record<Exclude<MedusaContainer, 'wait'>, ContainerResources> = {
  postgres: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '400m', memory: '384Mi' } },
  redis: { requests: { cpu: '25m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
  medusa: { requests: { cpu: '150m', memory: '384Mi' }, limits: { cpu: '800m', memory: '768Mi' } },
  storefront: { requests: { cpu: '25m', memory: '48Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  setup: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '640Mi' } },
};

/** The init containers that wait for the database or the setup (a Node process polling Postgres). */
const WAIT: ContainerResources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '96Mi' } };

const SCALE: Record<StorePlan, number> = { small: 1, medium: 2, large: 4 };

function scale(quantity: string, factor: number): string {
  const match = /^(\d+)(m|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  return `${Number(match[1]) * factor}${match[2] ?? ''}`;
}

/** Requests and limits of each Medusa container for a plan. */
export function medusaResources(plan: StorePlan, container: MedusaContainer): ContainerResources {
  if (container === 'wait') return WAIT;
  const base = SMALL[container];
  const factor = SCALE[plan];
  return {
    requests: { cpu: scale(base.requests.cpu, factor), memory: scale(base.requests.memory, factor) },
    limits: { cpu: scale(base.limits.cpu, factor), memory: scale(base.limits.memory, factor) },
  };
}
