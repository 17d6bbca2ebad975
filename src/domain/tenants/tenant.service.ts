import type { EntityManager } from 'typeorm';
import { Tenant, type LeakedKeyAction } from '../../db/entities/tenant.entity';
import type { Principal } from '../../core/principal';
import { badInput, conflict, forbidden, KeywardError, notFound } from '../../core/errors';
import { diffFields } from '../shared/domain-events';
import { checkRateLimit, mapUniqueViolation, NAME_MAX, notNull, requireText, rowLock } from '../shared/input-rules';
import type { Infrastructure } from '../shared/infrastructure';
import { provisionTenant, type ProvisionTenantInput } from './tenant-provisioning';

export type { ProvisionTenantInput } from './tenant-provisioning';

export interface UpdateTenantInput {
  name?: string | null;
  slug?: string | null;
  apiKeyLimit?: number | null;
  /** null: back to KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE. */
  defaultRateLimitPerMinute?: number | null;
  leakedKeyAction?: LeakedKeyAction | null;
}

const LEAKED_KEY_ACTIONS: readonly LeakedKeyAction[] = ['REVOKE', 'NOTIFY'];

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])$/;
const MAX_API_KEY_LIMIT = 100_000;

export function tenantView(tenant: Tenant) {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    apiKeyLimit: tenant.apiKeyLimit,
    defaultRateLimitPerMinute: tenant.defaultRateLimitPerMinute,
    leakedKeyAction: tenant.leakedKeyAction,
  };
}
const TENANT_FIELDS: Array<keyof ReturnType<typeof tenantView>> = [
  'name',
  'slug',
  'apiKeyLimit',
  'defaultRateLimitPerMinute',
  'leakedKeyAction',
];
/** What a tenant's own API_KEY owners may change on it (docs/design.md §15); everything else is for super users. */
const OWNER_SETTABLE: ReadonlySet<string> = new Set(['leakedKeyAction']);

/**
 * Super users update any tenant; otherwise only the caller's own tenant (another answers NOT_FOUND),
 * only with API_KEY OWNER, not as a channel-bound key, and only the fields in OWNER_SETTABLE.
 */
function assertMayUpdate(principal: Principal, tenantId: string, input: UpdateTenantInput): void {
  if (principal.superUser) return;
  if (tenantId !== principal.tenantId) throw notFound('Tenant', 'id');
  if (!principal.can('API_KEY', 'OWNER') || principal.channelId)
    throw forbidden('Requires a super user, or API_KEY at level OWNER for leakedKeyAction');
  const field = Object.keys(input).find(
    (key) => !OWNER_SETTABLE.has(key) && input[key as keyof UpdateTenantInput] !== undefined,
  );
  if (field) throw new KeywardError('FORBIDDEN', `Only super users may change ${field}`, { field: `input.${field}` });
}

export class TenantService {
  constructor(private readonly deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events'>) {}

  /** Every tenant (the directive restricts this to super users). */
  list(_principal: Principal): Promise<Tenant[]> {
    return this.deps.dataSource.getRepository(Tenant).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  async create(principal: Principal, args: { input: ProvisionTenantInput }): Promise<Tenant> {
    return this.deps.tx.run(async (em) => {
      const values = this.validate(args.input, true) as Required<ProvisionTenantInput>;
      await this.assertSlugFree(em, values.slug, null);
      const tenant = await mapUniqueViolation('input.slug', 'A tenant with this slug exists', () =>
        provisionTenant(em, values, principal.actor()),
      );
      await this.deps.events.emit(em, principal, {
        action: 'tenant.created',
        tenantId: tenant.id,
        targetType: 'Tenant',
        targetId: tenant.id,
        changes: diffFields({}, tenantView(tenant), TENANT_FIELDS),
        data: tenantView(tenant),
      });
      return tenant;
    });
  }

  async update(principal: Principal, args: { id: string; input: UpdateTenantInput }): Promise<Tenant> {
    assertMayUpdate(principal, args.id, args.input);
    return this.deps.tx.run(async (em) => {
      const tenant = await em.findOne(Tenant, { where: { id: args.id }, ...rowLock(this.deps.tx.dialect) });
      if (!tenant) throw notFound('Tenant', 'id');
      const values = this.validate(args.input, false);
      const before = tenantView(tenant);
      if (values.slug != null && values.slug !== tenant.slug) await this.assertSlugFree(em, values.slug, tenant.id);
      Object.assign(tenant, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));
      const changes = diffFields(before, tenantView(tenant), TENANT_FIELDS);
      if (Object.keys(changes).length === 0) return tenant;
      tenant.stampUpdated(principal.actor());
      await mapUniqueViolation('input.slug', 'A tenant with this slug exists', () => em.save(tenant));
      await this.deps.events.emit(em, principal, {
        action: 'tenant.updated',
        tenantId: tenant.id,
        targetType: 'Tenant',
        targetId: tenant.id,
        changes,
        data: tenantView(tenant),
      });
      return tenant;
    });
  }

  private validate(input: UpdateTenantInput, creating: boolean): UpdateTenantInput {
    const out: UpdateTenantInput = {};
    const name = creating ? input.name : notNull('input.name', input.name);
    if (name !== undefined && name !== null) out.name = requireText('input.name', name, 1, NAME_MAX, 'Name');
    const slug = creating ? input.slug : notNull('input.slug', input.slug);
    if (slug !== undefined && slug !== null) {
      if (!SLUG.test(slug))
        throw badInput(
          'input.slug',
          'Slug must be 2–64 lower-case letters, digits and dashes, not starting or ending with a dash',
        );
      out.slug = slug;
    }
    const limit = creating ? input.apiKeyLimit : notNull('input.apiKeyLimit', input.apiKeyLimit);
    if (limit !== undefined && limit !== null) {
      if (!Number.isInteger(limit) || limit < 0 || limit > MAX_API_KEY_LIMIT)
        throw badInput('input.apiKeyLimit', `apiKeyLimit must be between 0 and ${MAX_API_KEY_LIMIT}`);
      out.apiKeyLimit = limit;
    }
    // null clears it (the server-wide default applies); undefined leaves it as it is
    if (input.defaultRateLimitPerMinute !== undefined)
      out.defaultRateLimitPerMinute = checkRateLimit(
        input.defaultRateLimitPerMinute,
        'input.defaultRateLimitPerMinute',
        'KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE',
      );
    const action = creating ? input.leakedKeyAction : notNull('input.leakedKeyAction', input.leakedKeyAction);
    if (action !== undefined && action !== null) {
      if (!LEAKED_KEY_ACTIONS.includes(action))
        throw badInput('input.leakedKeyAction', `leakedKeyAction must be one of ${LEAKED_KEY_ACTIONS.join(', ')}`);
      out.leakedKeyAction = action;
    }
    return out;
  }

  private async assertSlugFree(em: EntityManager, slug: string, exceptId: string | null): Promise<void> {
    const existing = await em.findOne(Tenant, { where: { slug } });
    if (existing && existing.id !== exceptId) throw conflict('input.slug', `A tenant with slug "${slug}" exists`);
  }

  /** The caller's own tenant. */
  async current(principal: Principal): Promise<Tenant> {
    const tenant = await this.deps.dataSource.getRepository(Tenant).findOneBy({ id: principal.tenant });
    if (!tenant) throw notFound('Tenant');
    return tenant;
  }
}
