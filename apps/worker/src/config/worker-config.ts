import { LimitsEnv, loadConfig } from '@storefleet/config';
import { IsInt, Max, Min } from 'class-validator';

/** The worker's environment, validated once at start-up (see docs/configuration.md). */
export class WorkerEnv extends LimitsEnv {
  /** Stores this pod provisions at once. */
  @IsInt()
  @Min(1)
  @Max(50)
  PROVISIONING_CONCURRENCY: number = 2;

  /** Stores this pod tears down at once. */
  @IsInt()
  @Min(1)
  @Max(50)
  TEARDOWN_CONCURRENCY: number = 2;
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  return loadConfig(WorkerEnv, env);
}
