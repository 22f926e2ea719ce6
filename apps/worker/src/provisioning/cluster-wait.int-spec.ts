/**
 * A first `npm start`: the worker runs while the local cluster is still being
 * built. Stores created meanwhile stay `requested`, their timeline saying they
 * wait for the cluster, and go on by themselves once it answers. The worker is
 * a process of its own; its KUBECONFIG file is first missing (cluster:up
 * writes it only at the end), then points at a closed port, then is the real
 * cluster's (the chart's ServiceAccount). The shared cluster is not touched.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { CLUSTER_WAIT_REASON, CLUSTER_WAIT_STEP, PROVISIONING_STEPS } from '@storefleet/contracts';
import { createOwner, freePort, READY_AFTER_ANNOTATION, waitForStatus, workerTestBed } from '@storefleet/testing';

describe('stores created while the cluster is not ready', () => {
  const bed = workerTestBed('clusterwait', {
    LOG_LEVEL: 'info',
    CLUSTER_RECHECK_SECONDS: '1',
    STORE_POD_ANNOTATIONS: JSON.stringify({ [READY_AFTER_ANNOTATION]: '1s' }),
  });

  /** Replaces the worker's kubeconfig file at once, as cluster:up writes it (rename). */
  function writeWorkerKubeConfig(file: string, text: string) {
    writeFileSync(`${file}.new`, text, { mode: 0o600 });
    renameSync(`${file}.new`, file);
  }

  async function clusterWait(storeId: string) {
    return bed.db.storeEvent.findMany({ where: { storeId, step: CLUSTER_WAIT_STEP }, orderBy: { startedAt: 'asc' } });
  }

  /** Polls until the store's open cluster wait names `server`. */
  async function waitingFor(storeId: string, server: string) {
    const until = Date.now() + 60_000;
    for (;;) {
      const [wait] = await clusterWait(storeId);
      if (wait?.message?.includes(server)) return wait;
      if (Date.now() > until) throw new Error(`no cluster wait naming ${server}; last: ${JSON.stringify(wait)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('waits as requested with the reason on its timeline, then provisions by itself once the cluster answers', async () => {
    const kubeconfig = path.join(path.dirname(bed.env.KUBECONFIG!), `cluster-wait-${process.pid}`);
    rmSync(kubeconfig, { force: true });
    const worker = await bed.startWorker({ KUBECONFIG: kubeconfig });
    const owner = await createOwner(bed.db);
    const store = await bed.newStore('clusterwait', owner.id);

    // No kubeconfig yet: the store waits, requested, and says so.
    const first = await waitingFor(store.id, 'kubeconfig-not-written-yet');
    expect(first.outcome).toBe('running');
    expect(first.message).toContain(CLUSTER_WAIT_REASON);

    // A kubeconfig whose server does not answer: still waiting, the same one event, its reason updated.
    const port = await freePort(); // nothing listens there
    const realServer = bed.identity.kubeConfig.getCurrentCluster()!.server;
    writeWorkerKubeConfig(kubeconfig, bed.identity.kubeConfigText.replace(realServer, `https://127.0.0.1:${port}`));
    await waitingFor(store.id, `127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // several rechecks
    const waiting = await bed.db.store.findUniqueOrThrow({ where: { id: store.id } });
    expect(waiting).toMatchObject({ status: 'requested', provisioningStartedAt: null, provisionAttempts: 1 });
    const stillWaiting = await clusterWait(store.id);
    expect(stillWaiting.map((e) => e.outcome)).toEqual(['running']);
    expect(await bed.db.storeEvent.count({ where: { storeId: store.id, step: { not: CLUSTER_WAIT_STEP } } })).toBe(0);

    // The cluster is ready (cluster:up wrote its kubeconfig): the same worker, no restart, takes the store on.
    writeWorkerKubeConfig(kubeconfig, bed.identity.kubeConfigText);
    const ready = await waitForStatus(bed.db, store.id, 'ready', 150_000);
    expect(ready.provisionAttempts).toBe(1);
    const [wait, ...rest] = await bed.db.storeEvent.findMany({ where: { storeId: store.id }, orderBy: { startedAt: 'asc' } });
    expect(wait).toMatchObject({ step: CLUSTER_WAIT_STEP, outcome: 'succeeded', message: 'the cluster is ready' });
    expect(rest.map((e) => [e.step, e.outcome])).toEqual(PROVISIONING_STEPS.map((step) => [step, 'succeeded']));
    expect(worker.child.exitCode).toBeNull();
  }, 300_000);
});
