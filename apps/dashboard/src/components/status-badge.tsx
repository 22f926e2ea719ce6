import type { StoreStatus } from '@storefleet/contracts';

import { statusLabel } from '../lib/format.js';

/** The status as words and colour (never colour alone). */
export function StatusBadge({ status }: { status: StoreStatus }) {
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
