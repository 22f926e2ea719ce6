/**
 * A clone's admin login, after the restore Job replaced its database with
 * another store's backup (the data then holds the source's logins):
 *
 *   MEDUSA_ADMIN_EMAIL=... MEDUSA_ADMIN_PASSWORD=... [MEDUSA_SOURCE_ADMIN_EMAIL=...] \
 *     medusa exec ./src/scripts/clone-admin-login.js
 *
 * 1. The clone's admin login exists (ensureAdminUser: the source's own when
 *    the address is the same, a new admin otherwise).
 * 2. Its password becomes the clone's generated one (from the clone's Secret):
 *    set through Medusa's own auth module (`updateProvider('emailpass')`),
 *    which hashes it exactly as sign-in verifies it (scrypt-kdf in
 *    provider_identity.provider_metadata.password).
 * 3. The source's admin login, when it is another address, gets a random
 *    password nobody knows: the source's owner cannot sign in to the clone.
 *
 * Re-running it converges (the same password is set again). It boots Medusa
 * without Redis (in-memory modules): the restore Job reaches only the
 * database. Medusa's sessions are in the clone's own Redis and its tokens are
 * signed with the clone's own JWT secret, so no source session survives.
 */
import { randomBytes } from 'node:crypto';

import type { ExecArgs } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, Modules } from '@medusajs/framework/utils';

import ensureAdminUser from './ensure-admin-user';

async function setPassword(
  auth: { updateProvider(provider: string, data: Record<string, unknown>): Promise<{ success: boolean; error?: string }> },
  email: string,
  password: string,
): Promise<void> {
  const result = await auth.updateProvider('emailpass', { entity_id: email, password });
  if (!result.success) throw new Error(`could not set the password of ${email}: ${result.error ?? 'unknown error'}`);
}

export default async function cloneAdminLogin(args: ExecArgs): Promise<void> {
  const email = (process.env.MEDUSA_ADMIN_EMAIL ?? '').toLowerCase();
  const password = process.env.MEDUSA_ADMIN_PASSWORD ?? '';
  if (!email || !password) throw new Error('MEDUSA_ADMIN_EMAIL and MEDUSA_ADMIN_PASSWORD must be set');
  const source = (process.env.MEDUSA_SOURCE_ADMIN_EMAIL ?? '').toLowerCase();
  const logger = args.container.resolve(ContainerRegistrationKeys.LOGGER);
  const auth = args.container.resolve(Modules.AUTH);

  await ensureAdminUser(args);
  await setPassword(auth, email, password);
  logger.info(`Admin login ${email} has the clone's own password`);

  if (source && source !== email) {
    const [identity] = await auth.listAuthIdentities({ provider_identities: { entity_id: source, provider: 'emailpass' } });
    if (identity) {
      await setPassword(auth, source, randomBytes(32).toString('base64url'));
      logger.info(`Admin login ${source} of the source store locked`);
    }
  }
}
