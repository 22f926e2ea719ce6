import { MAX_URL_EXPIRY_SECONDS, type S3Settings, s3SettingsFromEnv } from '@storefleet/backups';
import { TRANSFER_JOB_DEADLINE_SECONDS } from '@storefleet/engines';

/** How the worker runs backups; from its environment, validated once at start-up. */
export interface BackupSettings {
  /** Null when S3_ENDPOINT is unset: every backup then fails with a reason saying so. */
  s3: S3Settings | null;
  /** BACKUP_TRANSFER_IMAGE: sh, curl and sha256sum. */
  transferImage: string;
  /** BACKUP_URL_EXPIRY_SECONDS: how long the presigned URLs a backup or restore Job gets stay valid (default: the Job's deadline). */
  urlExpirySeconds: number;
  /** BACKUP_EGRESS_CIDRS: the storage endpoint's addresses for the backup Jobs' network policy (empty: public addresses only). */
  egressCidrs: string[];
  /** BACKUP_POLL_SECONDS: how often a running backup's Job and bucket are looked at. */
  pollMs: number;
  /** BACKUP_SCHEDULE_SECONDS: how often scheduled backups are looked for (0: never; default 300). */
  scheduleMs: number;
}

export const BACKUP_SETTINGS = Symbol('BACKUP_SETTINGS');

const CIDR = /^[0-9a-f:.]+\/\d{1,3}$/i;

export function backupSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): BackupSettings {
  const egressCidrs = (env.BACKUP_EGRESS_CIDRS ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const bad = egressCidrs.filter((c) => !CIDR.test(c));
  if (bad.length > 0) throw new Error(`BACKUP_EGRESS_CIDRS: not CIDRs: ${bad.join(', ')}`);
  const poll = Number(env.BACKUP_POLL_SECONDS ?? 10);
  if (!Number.isFinite(poll) || poll < 1 || poll > 600) throw new Error('BACKUP_POLL_SECONDS must be 1–600');
  const schedule = Number(env.BACKUP_SCHEDULE_SECONDS ?? 300);
  if (!Number.isInteger(schedule) || schedule < 0)
    throw new Error('BACKUP_SCHEDULE_SECONDS must be a whole number of seconds (0 turns scheduled backups off)');
  const expiry = Number(env.BACKUP_URL_EXPIRY_SECONDS ?? TRANSFER_JOB_DEADLINE_SECONDS);
  if (!Number.isInteger(expiry) || expiry < 60 || expiry > MAX_URL_EXPIRY_SECONDS)
    throw new Error(`BACKUP_URL_EXPIRY_SECONDS must be a whole number of seconds, 60–${MAX_URL_EXPIRY_SECONDS}`);
  return {
    s3: s3SettingsFromEnv(env),
    urlExpirySeconds: expiry,
    scheduleMs: schedule * 1000,
    transferImage: env.BACKUP_TRANSFER_IMAGE || 'docker.io/curlimages/curl:8.11.1',
    egressCidrs,
    pollMs: poll * 1000,
  };
}
