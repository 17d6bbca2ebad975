import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { AccessLevel } from '../../core/access-level';
import { TenantScopedEntity } from './columns';
import { RoleDefinition } from './role-definition.entity';

/** Who holds a grant: a user directly, an authorization group, or an API key (inline grants). */
export type GrantSubjectType = 'USER' | 'GROUP' | 'API_KEY';

@Entity('role_grant')
@Index('UQ_role_grant_subject_role', ['subjectType', 'subjectId', 'roleDefinitionId'], { unique: true })
@Index('IDX_role_grant_subject', ['subjectId'])
export class RoleGrant extends TenantScopedEntity {
  @Column({ type: 'varchar', length: 16 })
  subjectType: GrantSubjectType;

  @Column({ type: 'varchar', length: 36 })
  subjectId: string;

  @ManyToOne(() => RoleDefinition, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roleDefinitionId' })
  roleDefinition?: RoleDefinition;

  @Column({ type: 'varchar', length: 36 })
  roleDefinitionId: string;

  @Column({ type: 'varchar', length: 16 })
  level: AccessLevel;
}
