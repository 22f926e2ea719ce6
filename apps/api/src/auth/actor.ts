import type { Role } from '@storefleet/contracts';
import type { Request } from 'express';

/** The signed-in user, as the auth guard attaches it to the request (reloaded from the database). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** Expiry of the access token that authenticated this request (epoch seconds). */
  tokenExpiresAt: number;
}

/** Who is asking and from where: what the audit log records. */
export interface Actor {
  user: AuthUser | null;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the JWT guard on every authenticated route. */
      user?: AuthUser;
    }
  }
}

/** The id the request-id middleware gave this request (always a string; pino types it loosely). */
export function requestIdOf(req: Request): string {
  const id: unknown = req.id;
  return typeof id === 'string' ? id : 'unknown';
}

export function actorOf(req: Request): Actor {
  const userAgent = req.headers['user-agent'];
  return {
    user: req.user ?? null,
    requestId: requestIdOf(req),
    ip: req.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
  };
}

/** Narrows an actor to a signed-in one (every route that is not @Public has a user). */
export function signedIn(actor: Actor): Actor & { user: AuthUser } {
  if (!actor.user) throw new Error('Route requires authentication but no user is attached');
  return actor as Actor & { user: AuthUser };
}
