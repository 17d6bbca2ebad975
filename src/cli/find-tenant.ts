import type { DataSource } from 'typeorm';
import { Tenant } from '../db/entities/tenant.entity';
import { CliError } from './cli-error';

/** The tenant with this slug, or an error listing the slugs that do exist. */
export async function findTenant(dataSource: DataSource, slug: string): Promise<Tenant> {
  const tenants = dataSource.getRepository(Tenant);
  const tenant = await tenants.findOneBy({ slug });
  if (tenant) return tenant;
  const known = await tenants.find({ order: { slug: 'ASC' }, take: 20 });
  const hint =
    known.length === 0
      ? 'the database has no tenants yet; start the server once to create "default"'
      : `existing: ${known.map((t) => t.slug).join(', ')}`;
  throw new CliError(`no tenant with slug "${slug}" (${hint})`);
}
