import type { ClusterStatusView } from '@storefleet/contracts';

import { usePlatformStatus } from '../hooks/use-platform-status.js';

function minutes(n: number | null): string {
  if (n === null) return '';
  return `, about ${n} ${n === 1 ? 'minute' : 'minutes'} left`;
}

/**
 * What the signed-in frame says about the local cluster while `npm start`
 * builds it: nothing once it is ready (or when the platform runs on a cluster
 * it did not build).
 */
export function ClusterStatusBanner({ cluster }: { cluster: ClusterStatusView }) {
  if (cluster.state === 'building' || cluster.state === 'starting') {
    const what = cluster.state === 'building' ? 'being built' : 'starting';
    return (
      <div className="alert alert-info cluster-banner" role="status">
        <p>
          <strong>
            The local cluster is {what}
            {minutes(cluster.minutesLeft)}.
          </strong>{' '}
          {cluster.component && <>Now building {cluster.component}. </>}
          You can create stores meanwhile: they wait as <em>Requested</em> and are provisioned once it is ready.
        </p>
      </div>
    );
  }
  if (cluster.state === 'failed') {
    return (
      <div className="alert alert-error cluster-banner" role="alert">
        <p>
          <strong>The local cluster could not be {cluster.component ? 'built' : 'started'}.</strong>{' '}
          {cluster.message && <>{cluster.message}. </>}
          New stores wait as <em>Requested</em> until it runs.
        </p>
        {cluster.logPath ? (
          <p>
            Log: <code>{cluster.logPath}</code> — fix the cause, then run <code>npm start</code> again.
          </p>
        ) : (
          <p>An operator needs to look at it.</p>
        )}
      </div>
    );
  }
  return null;
}

export function ClusterBanner() {
  const status = usePlatformStatus();
  if (!status.data) return null;
  return <ClusterStatusBanner cluster={status.data.cluster} />;
}
