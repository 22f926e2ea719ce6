import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from '@storefleet/db';

import { AuditService } from '../audit/audit.service.js';
import { generatePassword, hashPassword, normaliseEmail } from '../auth/passwords.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@storefleet.local';

/**
 * First start: if no admin exists, create one from ADMIN_EMAIL/ADMIN_PASSWORD,
 * or with a generated password printed once to stdout. There is no built-in
 * password. Replicas starting together serialise on an advisory lock, so
 * exactly one of them creates (and prints).
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmin.name);

  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.ADMIN_PASSWORD && !this.config.ADMIN_EMAIL) throw new Error('ADMIN_PASSWORD is set but ADMIN_EMAIL is not');
    const email = normaliseEmail(this.config.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL);
    const generated = this.config.ADMIN_PASSWORD ? null : generatePassword();
    const created = await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('storefleet:first-admin'))`;
        if ((await tx.user.count({ where: { role: 'admin' } })) > 0) return false;
        const existing = await tx.user.findUnique({ where: { email } });
        if (existing)
          throw new Error(`No admin exists and ${email} is already a ${existing.role}; set ADMIN_EMAIL to another address`);
        const user = await tx.user.create({
          data: { email, role: 'admin', passwordHash: await hashPassword(this.config.ADMIN_PASSWORD ?? generated!) },
        });
        const system = { user: null, requestId: 'first-start', ip: null, userAgent: null };
        await this.audit.record(
          system,
          {
            action: 'user.create',
            outcome: 'success',
            targetType: 'user',
            targetId: user.id,
            details: { email, role: 'admin', firstStart: true },
          },
          tx,
        );
        return true;
      },
      { timeout: 20_000 },
    );
    if (!created) return;
    if (generated) {
      // Printed once, on purpose outside the structured logs' redaction: it is the only way to learn it.
      process.stdout.write(
        `\nStorefleet created the first admin.\n  email:    ${email}\n  password: ${generated}\nThis password is shown once; sign in and keep it safe.\n\n`,
      );
    } else {
      this.logger.log(`Created the first admin ${email} from ADMIN_EMAIL/ADMIN_PASSWORD`);
    }
  }
}
