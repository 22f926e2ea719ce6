// Jest global setup for integration tests. The work is in prepare.ts (run with
// tsx, since jest loads global setup files outside its module mapping); its
// JSON output becomes environment variables that the test workers inherit.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function globalSetup() {
  const prepare = fileURLToPath(new URL('./prepare.ts', import.meta.url));
  const out = execFileSync('npx', ['--no-install', 'tsx', prepare], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  Object.assign(process.env, JSON.parse(out));
  // Integration tests only ever talk to the local control plane (started on
  // demand by ensureCluster()), never to whatever cluster KUBECONFIG names.
  process.env.KUBECONFIG = fileURLToPath(new URL('../../../../.local/kubeconfig', import.meta.url));
}
