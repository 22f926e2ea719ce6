import type { EngineVersionsView, PlatformStatusView } from '@storefleet/contracts';

import { apiRequest } from './client.js';

export function getPlatformStatus(): Promise<PlatformStatusView> {
  return apiRequest<PlatformStatusView>('/platform/status');
}

/** The engine versions stores may move to, per engine (configuration). */
export function getEngineVersions(): Promise<EngineVersionsView> {
  return apiRequest<EngineVersionsView>('/platform/engine-versions');
}
