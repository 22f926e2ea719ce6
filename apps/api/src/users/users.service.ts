import { Inject, Injectable } from '@nestjs/common';
import { isStaff, isUuid, type Page, type UserView } from '@storefleet/contracts';
import { isUniqueViolation, type Prisma, PrismaService, type User } from '@storefleet/db';

import { AuditService } from '../audit/audit.service.js';
import type { Actor, AuthUser } from '../auth/actor.js';
import { hashPassword } from '../auth/passwords.js';
import { TokensService } from '../auth/tokens.service.js';
import { UserDirectory } from '../auth/user-directory.js';
import { API_CONFIG, type ApiEnv } from '../config/api-config.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, pageOf } from '../http/pagination.js';
import { problems } from '../problems/problem.js';
import type { CreateUserDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto.js';
import { toUserView } from './user-view.js';

const LIMIT_FIELDS = ['maxLiveStores', 'maxProvisioningStores', 'maxCreatesPerHour'] as const;
const ACCOUNT_FIELDS = ['role', 'disabled'] as const;

const isUserCursor = (value: unknown[]): value is [string, string] =>
  value.length === 2 &&
  typeof value[0] === 'string' &&
  !Number.isNaN(Date.parse(value[0])) &&
  isUuid(value[1]);

@Injectable()
export class UsersService {
  constructor(
    @Inject(PrismaService) private readonly prisma: PrismaService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(UserDirectory) private readonly users: UserDirectory,
    @Inject(API_CONFIG) private readonly config: ApiEnv,
  ) {}

  view(user: User): UserView {
    return toUserView(user, this.config);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.prisma.user.findUnique({ where: { id } });
    if (!user) throw problems.notFound('User');
    return this.view(user);
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await hashPassword(dto.password);
    try {
      const user = await this.prisma.$transaction(async (tx) => {
        const created = await tx.user.create({ data: { email: dto.email, passwordHash, role: dto.role } });
        await this.audit.record(
          actor,
          {
            action: 'user.create',
            outcome: 'success',
            targetType: 'user',
            targetId: created.id,
            details: { email: created.email, role: created.role },
          },
          tx,
        );
        return created;
      });
      return this.view(user);
    } catch (error) {
      if (isUniqueViolation(error, 'email')) throw problems.conflict(`A user with email ${dto.email} already exists`);
      throw error;
    }
  }

  async list(query: UserListQueryDto): Promise<Page<UserView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor ? decodeCursor(query.cursor, isUserCursor) : null;
    const where: Prisma.UserWhereInput = {
      ...(query.role ? { role: query.role } : {}),
      ...(query.q ? { email: { contains: query.q.toLowerCase() } } : {}),
      ...(after
        ? { OR: [{ createdAt: { lt: new Date(after[0]) } }, { createdAt: new Date(after[0]), id: { lt: after[1] } }] }
        : {}),
    };
    const rows = await this.prisma.user.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit + 1 });
    const page = pageOf(rows, limit);
    return {
      items: page.items.map((user) => this.view(user)),
      nextCursor: page.more && page.last ? encodeCursor([page.last.createdAt.toISOString(), page.last.id]) : null,
    };
  }

  /** Admins change role and disabled; operators and admins change limits. */
  async update(actor: Actor & { user: AuthUser }, id: string, dto: UpdateUserDto): Promise<UserView> {
    const changesAccount = ACCOUNT_FIELDS.some((field) => dto[field] !== undefined);
    const changesLimits = LIMIT_FIELDS.some((field) => dto[field] !== undefined);
    if (!changesAccount && !changesLimits) throw problems.validation([], 'Nothing to change');
    if (changesAccount && actor.user.role !== 'admin')
      throw problems.forbidden('Only an admin may change a role or disable a user');
    if (!isStaff(actor.user.role)) throw problems.forbidden('Only an operator or admin may change limits');

    const updated = await this.prisma.$transaction(async (tx) => {
      // One admin change at a time, so two admins cannot demote each other and leave none.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('storefleet:admins'))`;
      const user = await tx.user.findUnique({ where: { id } });
      if (!user) throw problems.notFound('User');
      if (changesAccount) await this.assertKeepsAnAdmin(tx, actor.user, user, dto);

      const data: Prisma.UserUpdateInput = {};
      for (const field of [...ACCOUNT_FIELDS, ...LIMIT_FIELDS])
        if (dto[field] !== undefined) Object.assign(data, { [field]: dto[field] });
      const after = await tx.user.update({ where: { id }, data });

      const diff = (fields: readonly (keyof User)[]) =>
        Object.fromEntries(
          fields.filter((f) => dto[f as keyof UpdateUserDto] !== undefined).map((f) => [f, { from: user[f], to: after[f] }]),
        ) as Prisma.InputJsonValue;
      if (changesAccount)
        await this.audit.record(
          actor,
          { action: 'user.update', outcome: 'success', targetType: 'user', targetId: id, details: diff(ACCOUNT_FIELDS) },
          tx,
        );
      if (changesLimits)
        await this.audit.record(
          actor,
          { action: 'user.update_limits', outcome: 'success', targetType: 'user', targetId: id, details: diff(LIMIT_FIELDS) },
          tx,
        );
      return after;
    });
    await this.users.changed(updated.id);
    if (updated.disabled) await this.tokens.revokeAllOf(updated.id);
    return this.view(updated);
  }

  private async assertKeepsAnAdmin(tx: Prisma.TransactionClient, actor: AuthUser, user: User, dto: UpdateUserDto): Promise<void> {
    const losesAdmin =
      user.role === 'admin' && !user.disabled && ((dto.role !== undefined && dto.role !== 'admin') || dto.disabled === true);
    if (!losesAdmin) return;
    if (user.id === actor.id) throw problems.conflict('You cannot demote or disable yourself; ask another admin');
    const others = await tx.user.count({ where: { role: 'admin', disabled: false, id: { not: user.id } } });
    if (others === 0) throw problems.conflict('This is the last active admin');
  }
}
