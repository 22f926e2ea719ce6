// The API's environment schema lives in @storefleet/config (libs/config/src/api-env.ts), where the
// chart's tests can check it too; what only the running API needs stays here.
export { ApiEnv, loadApiConfig } from '@storefleet/config';

export const API_CONFIG = Symbol('API_CONFIG');

/** Express's "trust proxy" setting from TRUST_PROXY: true/false, a hop count, or a list of subnets/names. */
export function trustProxySetting(value: string): boolean | number | string {
  const trimmed = value.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false' || trimmed === '') return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
}
