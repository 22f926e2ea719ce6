import { randomUUID } from 'node:crypto';

import { CSRF_HEADER, type Role, SESSION_COOKIE, type TokenResponse } from '@storefleet/contracts';
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

export interface TestSession extends TokenResponse {
  /** The session cookie as a request's Cookie header wants it: `storefleet_session=…`. */
  cookie: string;
}

/** The session cookie a response set, as a Cookie header value (what a browser sends back). */
export function sessionCookieFrom(res: { headers: Record<string, unknown> }): string {
  const setCookie = res.headers['set-cookie'];
  const all = Array.isArray(setCookie) ? (setCookie as string[]) : typeof setCookie === 'string' ? [setCookie] : [];
  const ours = all.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!ours) throw new Error(`The response set no ${SESSION_COOKIE} cookie`);
  return ours.split(';')[0]!;
}

export async function login(api: TestApi, email: string, password: string): Promise<TestSession> {
  const res = await api.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  return { ...(res.body as TokenResponse), cookie: sessionCookieFrom(res) };
}

/** POST /auth/refresh or /auth/logout as the dashboard sends it: the cookie and the CSRF header. */
export function withSession(api: TestApi, route: 'refresh' | 'logout', cookie: string | null) {
  const req = api.http.post(`/api/v1/auth/${route}`).set(CSRF_HEADER, '1');
  return cookie ? req.set('Cookie', cookie) : req;
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
