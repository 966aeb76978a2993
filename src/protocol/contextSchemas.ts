/**
 * Schemas for what the agent reports about runtime context (POST /v1/requests/:id/context). The
 * server reads these facts to raise risk and to check context-bound whitelist entries, so every
 * field is checked, with bounds on sizes.
 */
import { z } from 'zod';
import { SCRIPT_MAX_BYTES, type AttachContextBody, type ProbeResult } from './context.js';

const str = (max = 4096) => z.string().max(max);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const why = str(1000);

function fact<T extends z.ZodType>(value: T) {
  return z.union([
    z.object({ known: z.literal(true), value }).strict(),
    z.object({ known: z.literal(false), why }).strict(),
  ]);
}

const mount = z.object({ mountPoint: str(), fsType: str(255), source: str() }).strict();

const fsTarget = z
  .object({
    path: str(),
    exists: z.boolean(),
    resolved: str(),
    hops: z.array(z.object({ from: str(), to: str() }).strict()).max(64),
    finalLink: z.boolean(),
    type: z.enum(['file', 'dir', 'link', 'other', 'missing']),
    outside: z
      .object({
        cwd: z.boolean(),
        gitRoot: z.boolean().nullable(),
        home: z.boolean(),
        temp: z.boolean().optional(),
      })
      .strict(),
    mount: fact(mount),
    size: fact(z.object({ files: count, bytes: count, capped: z.boolean() }).strict()).optional(),
  })
  .strict();

const fsFact = z
  .object({
    pattern: str(),
    glob: z.boolean(),
    matches: z.array(fsTarget).max(50),
    matchCount: count,
    matchesCapped: z.boolean(),
  })
  .strict();

const pushTarget = z
  .object({
    source: str(1024),
    branch: str(1024),
    force: z.boolean(),
    delete: z.boolean(),
    protected: z.boolean(),
    discarded: fact(z.object({ count, commits: z.array(str(300)).max(20), trackingRef: str(1024) }).strict()),
  })
  .strict();

const gitFact = z
  .object({
    root: str(),
    branch: str(1024).nullable(),
    upstream: str(1024).nullable(),
    dirty: fact(count),
    push: fact(
      z
        .object({ remote: str(1024), remoteUrl: str().nullable(), targets: z.array(pushTarget).max(50) })
        .strict(),
    ).optional(),
  })
  .strict();

const sqlFact = z
  .object({
    engine: z.literal('sqlite').optional(),
    server: z
      .object({
        host: str(1024),
        port: z.number().int().min(0).max(65535),
        database: str(1024),
        user: str(1024),
      })
      .strict(),
    statements: z
      .array(
        z
          .object({
            statement: str(64),
            text: str(64 * 1024),
            estimatedRows: fact(count),
            tables: z.array(z.object({ name: str(1024), estimatedRows: fact(count) }).strict()).max(50),
          })
          .strict(),
      )
      .max(50),
  })
  .strict();

const kubeFact = z
  .object({
    context: str(1024).nullable(),
    namespace: str(1024),
    cluster: str(1024).nullable(),
    server: str().nullable(),
    source: str(),
  })
  .strict();
const awsFact = z
  .object({ profile: str(1024).nullable(), region: str(255).nullable(), source: str() })
  .strict();
const terraformFact = z.object({ workspace: str(1024), source: str() }).strict();
const scriptFact = z
  .object({
    path: str(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: count,
    content: z.string().max(SCRIPT_MAX_BYTES).optional(),
    truncated: z.boolean(),
  })
  .strict();

const packageName = str(214);
const lockfileFact = z
  .object({
    lockfile: str(),
    present: z.array(packageName).max(50),
    missing: z.array(packageName).max(50),
  })
  .strict();

const id = str(64);
export const probeResultSchema = z.discriminatedUnion('kind', [
  z.object({ id, kind: z.literal('fs'), fact: fact(fsFact) }).strict(),
  z.object({ id, kind: z.literal('git'), fact: fact(gitFact) }).strict(),
  z.object({ id, kind: z.literal('sql'), fact: fact(sqlFact) }).strict(),
  z.object({ id, kind: z.literal('kube'), fact: fact(kubeFact) }).strict(),
  z.object({ id, kind: z.literal('aws'), fact: fact(awsFact) }).strict(),
  z.object({ id, kind: z.literal('terraform'), fact: fact(terraformFact) }).strict(),
  z.object({ id, kind: z.literal('script'), fact: fact(scriptFact) }).strict(),
  z.object({ id, kind: z.literal('lockfile'), fact: fact(lockfileFact) }).strict(),
]);

export const attachContextSchema = z
  .object({
    probes: z.array(probeResultSchema).max(100),
    elapsedMs: z.number().min(0).max(1e7),
    budgetMs: z.number().min(0).max(1e7),
  })
  .strict();

// Compile-time checks that the schemas accept exactly the documented shapes.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const contextSchemasMatchTypes: [
  Equal<z.infer<typeof probeResultSchema>, ProbeResult>,
  Equal<z.infer<typeof attachContextSchema>, AttachContextBody>,
] = [true, true];
