import { readFile } from 'node:fs/promises';

import { Inject, Injectable } from '@nestjs/common';
import { engineVersions } from '@storefleet/config';
import { type EngineVersionsView, isStaff, type PlatformStatusView, type Role } from '@storefleet/contracts';

import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { clusterStatusView } from './cluster-status.js';

@Injectable()
export class PlatformService {
  constructor(@Inject(API_CONFIG) private readonly config: ApiEnv) {}

  /** Read at every request: a few hundred bytes on local disk, rewritten by the cluster scripts as they go. */
  async status(role: Role): Promise<PlatformStatusView> {
    return { cluster: clusterStatusView(await this.statusFile(), new Date(), isStaff(role)) };
  }

  /** The engine versions stores may move to (WOOCOMMERCE_VERSIONS, MEDUSA_VERSIONS). */
  engineVersions(): EngineVersionsView {
    const { woocommerce, medusa } = engineVersions(this.config);
    return { woocommerce: [...woocommerce], medusa: [...medusa] };
  }

  private async statusFile(): Promise<string | null> {
    if (!this.config.CLUSTER_STATUS_FILE) return null;
    try {
      return await readFile(this.config.CLUSTER_STATUS_FILE, 'utf8');
    } catch (error) {
      // Not written yet (the scripts have not started): nothing to show.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
