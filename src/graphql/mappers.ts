import type { ApiKey } from '../db/entities/api-key.entity';
import type { Channel } from '../db/entities/channel.entity';
import type { User } from '../db/entities/user.entity';
import type { Connection } from '../db/pagination/connection';

/** Models behind GraphQL types that are not a single entity (codegen.yml mappers). */
export type UserConnectionModel = Connection<User>;
export type ChannelConnectionModel = Connection<Channel>;
/** Whoever created or changed a row; `Actor.__resolveType` tells them apart. */
export type ActorModel = User | ApiKey;
export interface ApiKeyUsageModel {
  tenantId: string;
  limit: number;
}
