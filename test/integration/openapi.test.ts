import SwaggerParser from '@apidevtools/swagger-parser';
import { testServerForSuite } from '../helpers/harness';

type OpenApi = {
  tags?: Array<{ name: string }>;
  paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; responses: Record<string, unknown> }>>;
};

describe('GET /openapi.json', () => {
  const server = testServerForSuite();
  let doc: OpenApi;
  beforeAll(async () => {
    const res = await server.kw.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = JSON.parse(res.body);
  });

  it('is a valid OpenAPI 3.0 document (swagger-parser validates it against the OpenAPI 3 schema)', async () => {
    // validate() dereferences in place: give it a copy
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect((doc as { openapi?: string }).openapi).toMatch(/^3\.0\./);
  });

  it('declares every tag an operation uses', () => {
    const declared = new Set((doc.tags ?? []).map((t) => t.name));
    const used = Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? []));
    expect(used.filter((tag) => !declared.has(tag))).toEqual([]);
    expect(used).toContain('audit');
  });

  it('describes the audit export with its security and its 4xx answers, and /metrics', () => {
    const audit = doc.paths['/v1/audit-events']!.get!;
    expect(audit.security).toEqual(expect.arrayContaining([{ bearer: [] }, { apiKey: [] }]));
    expect(Object.keys(audit.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(doc.paths['/metrics']?.get?.responses['200']).toBeDefined();
  });

  it('/metrics still answers Prometheus text, not a JSON string', async () => {
    const res = await server.kw.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body.startsWith('# HELP')).toBe(true);
  });

  it("/docs shows Keyward's name, not Fastify's logo", async () => {
    const page = await server.kw.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Keyward REST API</title>');
    const init = await server.kw.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    const logo = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(init.body);
    expect(Buffer.from(logo![1]!, 'base64').toString('utf8')).toContain('>Keyward<');
  });
});
