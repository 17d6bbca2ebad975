import type { EntityManager } from 'typeorm';
import { GrantSet } from '../auth/principal';
import { RoleGrant, type GrantSubjectType } from '../entities/role-grant.entity';
import { RoleDefinition } from '../entities/role-definition.entity';
import { UserGroup } from '../entities/user-group.entity';
import type { AccessLevel } from '../auth/access-level';

export interface GrantRow {
  roleKey: string;
  level: AccessLevel;
}

/** Reads grants; effective grants are a subject's own ∪ its groups' (DESIGN §4). */
export class GrantService {
  /** Grants held directly by the given subjects, with their role keys, in one query. */
  static async grantsOf(em: EntityManager, subjectType: GrantSubjectType, subjectIds: string[]): Promise<Array<GrantRow & { subjectId: string }>> {
    if (subjectIds.length === 0) return [];
    return em
      .createQueryBuilder(RoleGrant, 'g')
      .innerJoin(RoleDefinition, 'r', 'r.id = g.roleDefinitionId')
      .select(['g.subjectId AS subjectId', 'r.key AS roleKey', 'g.level AS level'])
      .where('g.subjectType = :subjectType', { subjectType })
      .andWhere('g.subjectId IN (:...subjectIds)', { subjectIds })
      .getRawMany();
  }

  /** A user's own grants ∪ the grants of its groups. */
  static async effectiveForUser(em: EntityManager, tenantId: string, userId: string): Promise<GrantSet> {
    const rows: GrantRow[] = await em
      .createQueryBuilder(RoleGrant, 'g')
      .innerJoin(RoleDefinition, 'r', 'r.id = g.roleDefinitionId')
      .leftJoin(UserGroup, 'ug', "g.subjectType = 'GROUP' AND ug.groupId = g.subjectId AND ug.userId = :userId", { userId })
      .select(['r.key AS roleKey', 'g.level AS level'])
      .where('g.tenantId = :tenantId', { tenantId })
      .andWhere("((g.subjectType = 'USER' AND g.subjectId = :userId) OR ug.userId IS NOT NULL)", { userId })
      .getRawMany();
    return new GrantSet(rows);
  }
}
