import type { EntityManager } from 'typeorm';
import type { AccessLevel } from '../auth/access-level';
import type { Principal } from '../auth/principal';
import type { ActorRef } from '../entities/columns';
import { RoleDefinition } from '../entities/role-definition.entity';
import { RoleGrant } from '../entities/role-grant.entity';
import { User } from '../entities/user.entity';
import { hashPassword } from '../crypto/password';
import { notFound } from '../errors';
import type { ServiceDeps } from './service-deps';

export interface InsertUserInput {
  tenantId: string;
  email: string;
  name: string;
  password: string;
  superUser?: boolean;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UserService {
  constructor(private readonly deps: ServiceDeps) {}

  async byId(principal: Principal, id: string): Promise<User> {
    const user = await this.deps.dataSource.getRepository(User).findOneBy({ id, tenantId: principal.tenant });
    if (!user) throw notFound('User', 'id');
    return user;
  }

  /** Inserts a user (password hashed with scrypt) inside the caller's transaction. */
  static async insert(em: EntityManager, input: InsertUserInput, actor: ActorRef): Promise<User> {
    const user = em
      .create(User, {
        tenantId: input.tenantId,
        email: normalizeEmail(input.email),
        name: input.name,
        passwordHash: await hashPassword(input.password),
        active: true,
        superUser: input.superUser ?? false,
        lastLoginAt: null,
      })
      .stampCreated(actor);
    return em.save(user);
  }

  /** Grants `level` on every role definition of the tenant (bootstrap admins). */
  static async grantAllAreas(em: EntityManager, tenantId: string, userId: string, level: AccessLevel, actor: ActorRef): Promise<void> {
    const roles = await em.find(RoleDefinition, { where: { tenantId } });
    await em.save(
      roles.map((role) => em.create(RoleGrant, { tenantId, subjectType: 'USER', subjectId: userId, roleDefinitionId: role.id, level }).stampCreated(actor)),
    );
  }
}
