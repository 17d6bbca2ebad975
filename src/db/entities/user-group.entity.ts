import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthorizationGroup } from './authorization-group.entity';
import { AuditFields } from './columns';
import { User } from './user.entity';

/** Membership of a user in an authorization group of type USER (created by whoever added it). */
@Entity('user_group')
@Index('IDX_user_group_group', ['groupId'])
export class UserGroup extends AuditFields {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  groupId: string;

  @Column({ type: 'varchar', length: 36 })
  tenantId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  @ManyToOne(() => AuthorizationGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'groupId' })
  group?: AuthorizationGroup;
}
