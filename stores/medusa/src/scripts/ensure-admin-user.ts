/**
 * Creates the store owner's admin login, idempotently:
 *   MEDUSA_ADMIN_EMAIL=... MEDUSA_ADMIN_PASSWORD=... medusa exec ./src/scripts/ensure-admin-user.js
 *
 * Does what `medusa user -e -p` does (a user, an emailpass identity, the link
 * between them), but reads the password from the environment (the store's
 * Secret) instead of the command line, and finishes or skips work already
 * done instead of failing on a re-run. An existing password is never
 * replaced: the owner may have changed it in the admin.
 */
import type { ExecArgs } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, FeatureFlag, Modules } from '@medusajs/framework/utils';
import { createUsersWorkflow } from '@medusajs/medusa/core-flows';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

export default async function ensureAdminUser({ container }: ExecArgs): Promise<void> {
  const email = requireEnv('MEDUSA_ADMIN_EMAIL').toLowerCase();
  const password = requireEnv('MEDUSA_ADMIN_PASSWORD');
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER);
  const users = container.resolve(Modules.USER);
  const auth = container.resolve(Modules.AUTH);

  let [user] = await users.listUsers({ email });
  if (!user) {
    let roles: string[] = [];
    if (FeatureFlag.isFeatureEnabled('rbac')) {
      const rbac = container.resolve(Modules.RBAC) as { listRbacRoles(filter: { id: string }): Promise<{ id: string }[]> };
      roles = (await rbac.listRbacRoles({ id: 'role_super_admin' })).map((role) => role.id);
    }
    const { result } = await createUsersWorkflow(container).run({ input: { users: [{ email, roles }] } as never });
    user = result[0]!;
    logger.info(`Admin user ${email} created`);
  }

  const [identity] = await auth.listAuthIdentities(
    { provider_identities: { entity_id: email, provider: 'emailpass' } },
    { relations: ['provider_identities'] },
  );
  if (!identity) {
    const { authIdentity, error } = await auth.register('emailpass', { body: { email, password } });
    if (error || !authIdentity) throw new Error(`could not register the admin login: ${error}`);
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } });
    logger.info(`Admin login for ${email} registered`);
  } else if (identity.app_metadata?.user_id !== user.id) {
    await auth.updateAuthIdentities({ id: identity.id, app_metadata: { ...identity.app_metadata, user_id: user.id } });
    logger.info(`Admin login for ${email} linked to its user`);
  } else {
    logger.info(`Admin user ${email} already exists`);
  }
}
