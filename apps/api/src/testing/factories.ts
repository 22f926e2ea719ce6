import { randomUUID } from 'node:crypto';

import { type Role, type TokenResponse } from '@storefleet/contracts';
import { type Prisma, type PrismaClient, type Store, type User } from '@storefleet/db';

import { hashPassword } from '../auth/passwords.js';
import { TokensService } from '../auth/tokens.service.js';
import type { TestApi } from './test-api.js';

export interface TestUser {
  user: User;
  password: string;
  token: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's .set() */
  auth: { Authorization: string };
}

let passwordHash: Promise<string> | undefined;
const PASSWORD = 'correct horse battery staple';

/** A user in the database with a signed access token (no login round-trip). */
export async function createUser(
  api: TestApi,
  prisma: PrismaClient,
  { role = 'owner', email, ...rest }: { role?: Role; email?: string } & Partial<Prisma.UserCreateInput> = {},
): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const user = await prisma.user.create({
    data: { email: email ?? `${role}-${randomUUID().slice(0, 8)}@example.test`, passwordHash: await passwordHash, role, ...rest },
  });
  const token = await api.app.get(TokensService).signAccessToken(user);
  return { user, password: PASSWORD, token, auth: { Authorization: `Bearer ${token}` } };
}

export async function login(api: TestApi, email: string, password: string): Promise<TokenResponse> {
  const res = await api.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  return res.body as TokenResponse;
}

/** A store row written directly, as the worker would leave it. */
export function insertStore(
  prisma: PrismaClient,
  ownerId: string,
  data: Partial<Prisma.StoreUncheckedCreateInput> = {},
): Promise<Store> {
  const name = data.name ?? `shop-${randomUUID().slice(0, 8)}`;
  const live = data.status !== 'deleted';
  return prisma.store.create({
    data: {
      name,
      liveName: live ? name : null,
      engine: 'woocommerce',
      ownerId,
      namespace: `store-${name}`,
      provisionAttempts: 1,
      ...data,
    },
  });
}
