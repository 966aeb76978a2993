/**
 * The OpenAPI 3.1 document, generated (zod-openapi, on zod's own JSON Schema output) from the
 * endpoint table and the schemas the server validates with. Request bodies and query parameters
 * are exact; answers are named by their TypeScript type in src/protocol (their schemas are types,
 * not runtime validators), and every error answer has the one error shape.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { WIRE_ERROR_STATUS, type WireErrorBody } from '../../protocol/errors.js';
import { ENDPOINTS, type Access, type Endpoint } from './endpoints.js';

const wireErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(WIRE_ERROR_STATUS) as [keyof typeof WIRE_ERROR_STATUS]),
      message: z.string().meta({ description: 'What went wrong, in words a user can act on' }),
      field: z
        .string()
        .optional()
        .meta({ description: 'The request field at fault (400), e.g. command.argv' }),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answer (docs/api.md)' });

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const errorSchemaMatchesType: Equal<z.infer<typeof wireErrorSchema>, WireErrorBody> = true;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request: the body, a field or a query parameter is refused (error.field names it)',
  401: 'No credentials, or an unknown or revoked token',
  403: 'The credentials do not allow this (e.g. an agent token on a reviewer route)',
  404: 'No such record (also for another org’s)',
  409: 'Conflict: already decided, already run, approval expired unused, … (error.details says which)',
  413: 'The body (512 KiB) or the command (64 KiB) is too large',
  429: 'Too many failed sign-ins: wait Retry-After seconds (also error.details.retryAfter)',
  500: 'Internal error; nothing was changed',
  503: 'The database is unavailable; nothing was changed (agents fail closed)',
};

const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  public: [],
  agent: [{ bearer: [] }],
  token: [{ bearer: [] }, { session: [], csrf: [] }],
  user: [{ bearer: [] }, { session: [], csrf: [] }],
  admin: [{ bearer: [] }, { session: [], csrf: [] }],
  session: [{ session: [], csrf: [] }],
  metrics: [{ bearer: [] }],
};

const WHO: Record<Access, string> = {
  public: 'Anyone.',
  agent: 'An agent token (exp_a_…).',
  token: 'Any token (agents: only their own requests), or a dashboard session.',
  user: 'A user token (exp_u_…) or a dashboard session (with x-csrf-token on changes).',
  admin: 'An admin’s user token or dashboard session.',
  session: 'The dashboard session cookie (with x-csrf-token).',
  metrics: 'The metrics token (--metrics-token-file) or an admin token; none on the --metrics-listen port.',
};

let built: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(version: string): ReturnType<typeof createDocument> {
  built ??= build(version);
  return built;
}

function build(version: string): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  const schemas: Record<string, z.ZodType> = { Error: wireErrorSchema };
  for (const e of ENDPOINTS) {
    if (e.body) schemas[e.body.component] = e.body.schema;
    const path = openApiPath(e.path);
    paths[path] = { ...paths[path], [e.method]: operation(e) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'expacti',
      version,
      description:
        'A runtime approval gate for AI agents’ shell commands. Guide: docs/api.md; bodies and answers are ' +
        'typed in src/protocol/api.ts. Generated from the schemas the server validates with.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    tags: [...new Set(ENDPOINTS.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An agent token (exp_a_…), a user token (exp_u_…), or the metrics token for /metrics',
        },
        session: { type: 'apiKey', in: 'cookie', name: 'expacti_session', description: 'Dashboard session' },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: 'x-csrf-token',
          description: 'The session’s CSRF token, on every state-changing request of a dashboard session',
        },
      },
    },
  });
}

function operation(e: Endpoint): ZodOpenApiOperationObject {
  const uuid = e.path.includes(':id')
    ? z.object({ id: z.uuid().meta({ description: 'A UUID' }) })
    : undefined;
  const id = uuid && e.params ? uuid.extend(e.params.shape) : (uuid ?? e.params);
  const op: ZodOpenApiOperationObject = {
    operationId: operationId(e),
    tags: [e.tag],
    summary: e.summary,
    description: `Who: ${WHO[e.access]}${e.answer.type ? ` Answer: \`${e.answer.type}\`.` : ''}`,
    security: SECURITY[e.access],
    responses: { [e.answer.status]: success(e), ...errorResponses(e) },
  };
  if (e.query || id)
    op.requestParams = { ...(e.query ? { query: e.query } : {}), ...(id ? { path: id } : {}) };
  if (e.body)
    op.requestBody = {
      required: true,
      content: { [e.body.media ?? 'application/json']: { schema: e.body.schema } },
    };
  return op;
}

function success(e: Endpoint): { description: string; content?: Record<string, { schema: object }> } {
  const media = e.answer.media ?? 'json';
  if (media === 'json')
    return { description: e.answer.description, content: { 'application/json': { schema: {} } } };
  const type =
    media === 'text'
      ? 'text/plain; version=0.0.4'
      : media === 'asciicast'
        ? 'application/x-asciicast'
        : 'text/event-stream';
  return { description: e.answer.description, content: { [type]: { schema: { type: 'string' } } } };
}

function errorResponses(e: Endpoint): Record<string, { description: string; content: object }> {
  const statuses = new Set<number>([500]);
  if (e.body || e.query || e.path.includes(':id')) statuses.add(400);
  if (e.body) statuses.add(413);
  if (e.access !== 'public') statuses.add(401);
  if (e.access !== 'public' && e.access !== 'metrics') statuses.add(403);
  if (e.access === 'metrics') statuses.add(403);
  if (e.path.includes(':id')) statuses.add(404);
  if (e.path.startsWith('/v1/') || e.path === '/readyz') statuses.add(503);
  for (const s of e.errors ?? []) statuses.add(s);
  const out: Record<string, { description: string; content: object }> = {};
  for (const status of [...statuses].sort()) {
    const description =
      e.path === '/readyz' && status === 503 ? 'Not ready (body as for 200)' : STATUS_TEXT[status];
    out[status] = {
      description: description ?? String(status),
      content:
        e.path === '/readyz' && status === 503
          ? { 'application/json': { schema: {} } }
          : { 'application/json': { schema: wireErrorSchema } },
    };
  }
  return out;
}

/** `/v1/requests/:id/approve` → `/v1/requests/{id}/approve`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function operationId(e: Endpoint): string {
  const words = e.path
    .replace(/^\/v1\//, '/')
    .split(/[/.]/)
    .filter((w) => w && w !== ':id')
    .map((w) => (w.startsWith(':') ? `by-${w.slice(1)}` : w))
    .map((w) => w.replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase()));
  const byId = e.path.includes(':id') ? 'ById' : '';
  return `${e.method}${words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')}${byId}`;
}
