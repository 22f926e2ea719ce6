// The worker's environment schema lives in @storefleet/config (libs/config/src/worker-env.ts), where the
// chart's tests can check it too; what only the running worker needs stays here.
export { loadWorkerConfig, parseCidrs, parsePodAnnotations, parseStringMap, WorkerEnv } from '@storefleet/config';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
