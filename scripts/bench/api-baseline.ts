/**
 * The floor the API is measured against: a bare node:http server doing the
 * same work as GET /api/v1/stores?limit=20 for an admin — verify the HS256
 * JWT (jsonwebtoken, what @nestjs/jwt uses), load the user from Postgres
 * (refusing disabled ones), run the same page query and load the page's
 * custom domains (as the API's include does: a second query), serialise 20 rows —
 * with no framework, validation, guards, rate limit or logging.
 *
 * Started by scripts/bench/api.ts with PORT, DATABASE_URL, JWT_SECRET,
 * JWT_ISSUER, JWT_AUDIENCE and DATABASE_POOL_SIZE.
 */
import { createServer, type ServerResponse } from 'node:http';

import jwt from 'jsonwebtoken';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const secret = process.env.JWT_SECRET!;
const verifyOptions: jwt.VerifyOptions = {
  algorithms: ['HS256'],
  issuer: process.env.JWT_ISSUER ?? 'storefleet',
  audience: process.env.JWT_AUDIENCE ?? 'storefleet-api',
};

interface StoreRow {
  id: string;
  name: string;
  engine: string;
  plan: string;
  owner_id: string;
  status: string;
  status_reason: string | null;
  namespace: string;
  storefront_url: string | null;
  admin_url: string | null;
  provision_attempts: number;
  retry_count: number;
  requested_at: Date;
  ready_at: Date | null;
  deleted_at: Date | null;
  updated_at: Date;
}

const view = (s: StoreRow, domains: string[]) => ({
  id: s.id,
  name: s.name,
  engine: s.engine,
  plan: s.plan,
  ownerId: s.owner_id,
  status: s.status,
  statusReason: s.status_reason,
  namespace: s.namespace,
  storefrontUrl: s.storefront_url,
  adminUrl: s.admin_url,
  provisionAttempts: s.provision_attempts,
  retryCount: s.retry_count,
  requestedAt: s.requested_at.toISOString(),
  readyAt: s.ready_at?.toISOString() ?? null,
  deletedAt: s.deleted_at?.toISOString() ?? null,
  updatedAt: s.updated_at.toISOString(),
  domains,
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  void (async () => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    let sub: string;
    try {
      sub = (jwt.verify(token ?? '', secret, verifyOptions) as { sub: string }).sub;
    } catch {
      send(res, 401, { status: 401 });
      return;
    }
    const user = await pool.query<{ id: string; role: string; disabled: boolean }>(
      'SELECT id, email, role, disabled FROM users WHERE id = $1',
      [sub],
    );
    if (!user.rows[0] || user.rows[0].disabled) {
      send(res, 401, { status: 401 });
      return;
    }
    const limit = 20;
    const rows = await pool.query<StoreRow>(
      `SELECT * FROM stores WHERE status <> 'deleted' ORDER BY requested_at DESC, id DESC LIMIT $1`,
      [limit + 1],
    );
    const items = rows.rows.slice(0, limit);
    const domains = await pool.query<{ store_id: string; hostname: string }>(
      'SELECT store_id, hostname FROM store_domains WHERE store_id = ANY($1) ORDER BY position',
      [items.map((s) => s.id)],
    );
    const hostnames = (id: string) => domains.rows.filter((d) => d.store_id === id).map((d) => d.hostname);
    const last = items.at(-1);
    send(res, 200, {
      items: items.map((s) => view(s, hostnames(s.id))),
      nextCursor:
        rows.rows.length > limit && last
          ? Buffer.from(JSON.stringify([last.requested_at.toISOString(), last.id])).toString('base64url')
          : null,
    });
  })().catch(() => send(res, 500, { status: 500 }));
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline listening'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
