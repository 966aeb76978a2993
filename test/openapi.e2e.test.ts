/**
 * The OpenAPI document cannot drift from the server: every route the app mounts is in it (and
 * nothing else), with the methods it answers; the document a real `expacti serve` serves at
 * /v1/openapi.json is the one generated from the endpoint table; and each GET route's query
 * parameters, as the running server refuses unknown ones, are the documented ones.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../src/server/app.js';
import { dashboardExtensions } from '../src/server/dashboard.js';
import type { ServerServices } from '../src/server/context.js';
import { ENDPOINTS, SITE_ROUTES } from '../src/server/openapi/endpoints.js';
import { openApiDocument, openApiPath } from '../src/server/openapi/document.js';
import { VERSION } from '../src/version.js';
import { startServer, type ServerHandle } from './support/expacti.js';

type Doc = ReturnType<typeof openApiDocument>;
type Parameter = { in: string; name: string };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** METHOD path of every route the app mounts (middleware left out), as Hono records them. */
function mountedRoutes(): Set<string> {
  // Routes are registered when the app is built; no service is called until a request comes.
  const services = {} as ServerServices;
  const app = createApp(services, dashboardExtensions(services));
  return new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
}

function documented(doc: Doc): Set<string> {
  const out = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const method of METHODS) if (item?.[method]) out.add(`${method.toUpperCase()} ${path}`);
  return out;
}

describe('the OpenAPI document', () => {
  const doc = openApiDocument(VERSION);
  let server: ServerHandle;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  it('documents exactly the routes the app mounts, with their methods (the dashboard’s page and assets aside)', () => {
    const site = new Set(SITE_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const mounted = new Set(
      [...mountedRoutes()]
        .filter((r) => !site.has(r))
        .map((r) => {
          const [, method, path] = /^(\S+) (.*)$/.exec(r) as unknown as [string, string, string];
          return `${method} ${openApiPath(path)}`;
        }),
    );
    const inDoc = documented(doc);
    assert.deepEqual(
      [...mounted].filter((r) => !inDoc.has(r)).sort(),
      [],
      'mounted but not documented: add them to src/server/openapi/endpoints.ts',
    );
    assert.deepEqual([...inDoc].filter((r) => !mounted.has(r)).sort(), [], 'documented but not mounted');
    for (const r of SITE_ROUTES)
      assert.ok(mountedRoutes().has(`GET ${r.path}`), `${r.path} is still a site route`);
  });

  it('is OpenAPI 3.1 with unique operation ids, every path parameter declared and every error in the one shape', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, VERSION);
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of METHODS) {
        const op = item?.[method];
        if (!op) continue;
        assert.ok(op.operationId && !ids.has(op.operationId), `${method} ${path}: unique operationId`);
        ids.add(op.operationId);
        const params = (op.parameters ?? []) as Parameter[];
        for (const [, name] of path.matchAll(/\{(\w+)\}/g))
          assert.ok(
            params.some((p) => p.in === 'path' && p.name === name),
            `${method} ${path} declares {${name}}`,
          );
        for (const [status, answer] of Object.entries(op.responses ?? {})) {
          if (Number(status) < 400 || path === '/readyz') continue;
          const schema = (answer as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.[
            'application/json'
          ]?.schema;
          assert.equal(schema?.$ref, '#/components/schemas/Error', `${method} ${path} ${status}`);
        }
      }
    }
  });

  it('describes request bodies with the very schemas the server validates with', () => {
    const submit = doc.components?.schemas?.['SubmitRequest'] as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    assert.deepEqual(submit.required.sort(), ['command', 'cwd']);
    assert.equal(submit.additionalProperties, false);
    for (const e of ENDPOINTS.filter((x) => x.body)) {
      const op = doc.paths?.[openApiPath(e.path)]?.[e.method];
      const schema = (op?.requestBody as { content: Record<string, { schema: { $ref?: string } }> }).content[
        e.body?.media ?? 'application/json'
      ]?.schema;
      assert.equal(schema?.$ref, `#/components/schemas/${e.body?.component}`, `${e.method} ${e.path}`);
    }
  });

  it('is what the server serves at /v1/openapi.json, without credentials', async () => {
    const res = await fetch(`${server.url}/v1/openapi.json`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), JSON.parse(JSON.stringify(doc)));
  });

  it('lists for each GET route the query parameters the running server accepts, and no others', async () => {
    const tokenFor: Record<string, string | null> = {
      public: null,
      user: server.secrets.adminToken,
      admin: server.secrets.adminToken,
      token: server.secrets.adminToken,
      agent: server.secrets.agentToken,
    };
    const someId = '00000000-0000-4000-8000-000000000000';
    for (const e of ENDPOINTS.filter((x) => x.method === 'get' && x.query)) {
      if (!(e.access in tokenFor)) continue;
      const token = tokenFor[e.access];
      const res = await fetch(`${server.url}${e.path.replace(':id', someId)}?zz_not_a_parameter=1`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      assert.equal(res.status, 400, `${e.path} refuses an unknown parameter`);
      const message = ((await res.json()) as { error: { message: string } }).error.message;
      const takes = /this route takes (.*)$/.exec(message)?.[1];
      const accepted = takes === 'none' ? [] : (takes ?? '').split(', ');
      const op = doc.paths?.[openApiPath(e.path)]?.get;
      const inDoc = ((op?.parameters ?? []) as Parameter[])
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      assert.deepEqual(inDoc.sort(), accepted.sort(), `${e.path}: ${message}`);
    }
  });
});
