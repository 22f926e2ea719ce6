import { generateSecretValues, randomToken, secretManifest } from '@storefleet/engines';

import type { StepContext, StepHandler } from './step.js';

interface AdminLogin {
  username: string;
  password: string;
}

/**
 * The admin password is generated once and kept, encrypted, on the store row
 * (where the owner can reveal it) BEFORE the Secret is created: after a crash
 * between the two, the next run reuses it, so the Secret and the row always
 * agree. The other values live only in the Secret, which is created once and
 * never overwritten (the database was initialised with them).
 */
async function adminPassword({ db, store, cipher, random, blueprint }: StepContext): Promise<string> {
  const current = await db.store.findUniqueOrThrow({ where: { id: store.id }, select: { adminCredentials: true } });
  if (current.adminCredentials) return cipher.decrypt<AdminLogin>(store.id, current.adminCredentials).password;
  const key = blueprint.secret.adminPasswordKey;
  const password = randomToken(random, blueprint.secret.keys[key]!.length);
  const sealed = cipher.encrypt(store.id, { username: blueprint.adminUsername, password } satisfies AdminLogin);
  await db.store.update({ where: { id: store.id }, data: { adminCredentials: sealed } });
  return password;
}

/** Creates the store's Secret unless it exists; never reads or rewrites one. */
async function ensureStoreSecret(context: StepContext): Promise<'created' | 'exists'> {
  const { blueprint, kube, random, signal } = context;
  return context.underLock(async () => {
    const keep = { [blueprint.secret.adminPasswordKey]: await adminPassword(context) };
    return kube.createIfAbsent(secretManifest(blueprint.secret, generateSecretValues(blueprint.secret, random, keep)), signal);
  });
}

export const secretsStep: StepHandler = {
  async run(context) {
    const name = context.blueprint.secret.name;
    return (await ensureStoreSecret(context)) === 'created' ? `created Secret/${name}` : `Secret/${name} already present`;
  },
  async repair(context) {
    return (await ensureStoreSecret(context)) === 'created' ? [`Secret/${context.blueprint.secret.name}`] : [];
  },
};
