import { TRANSFER_JOB_DEADLINE_SECONDS } from '@storefleet/engines';

import { backupSettingsFromEnv } from './backup-settings.js';

describe('backupSettingsFromEnv', () => {
  it("gives the Jobs' presigned URLs the Job's own deadline unless told otherwise", () => {
    expect(backupSettingsFromEnv({}).urlExpirySeconds).toBe(TRANSFER_JOB_DEADLINE_SECONDS);
    expect(backupSettingsFromEnv({ BACKUP_URL_EXPIRY_SECONDS: '900' }).urlExpirySeconds).toBe(900);
  });

  it.each(['59', '604801', '1.5', 'soon'])('refuses BACKUP_URL_EXPIRY_SECONDS=%s, naming the variable', (value) => {
    expect(() => backupSettingsFromEnv({ BACKUP_URL_EXPIRY_SECONDS: value })).toThrow(/^BACKUP_URL_EXPIRY_SECONDS must be/);
  });
});
