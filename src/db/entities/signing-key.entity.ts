import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';

/**
 * Platform-wide asymmetric keys that sign session tokens and OAuth access tokens.
 * The private key is sealed with the master key; every un-retired key verifies and is published in
 * the JWKS; the newest one published long enough signs (SigningKeys).
 */
@Entity('signing_key')
export class SigningKey {
  /** The JWK `kid`. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  alg: string;

  @Column({ type: 'text' })
  publicJwk: string;

  @Column({ type: 'text' })
  privateKeySealed: string;

  @TimestampColumn()
  createdAt: Date;

  @TimestampColumn({ nullable: true, default: null })
  retiredAt: Date | null;
}
