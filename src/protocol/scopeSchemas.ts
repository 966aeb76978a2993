/** Runtime schemas for the confinement parts of request bodies (protocol/scope.ts), with bounds. */
import { z } from 'zod';
import type { EffectsRecord, ExecScope } from './scope.js';

const path = z.string().min(1).max(4096);
const paths = z.array(path).max(256);

export const execScopeSchema = z
  .object({
    read: z.enum(['default', 'all']),
    readSecrets: paths,
    write: paths,
    remove: paths,
    network: z
      .object({
        mode: z.enum(['none', 'tcp', 'any']),
        ports: z.array(z.number().int().min(0).max(65535)).max(64),
      })
      .strict(),
    unix: z.enum(['none', 'any']),
    keepEnv: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
          .max(128),
      )
      .max(32),
    why: z.array(z.string().max(500)).max(64),
    resolved: z.record(path, path).optional(),
  })
  .strict();

const effectEntrySchema = z
  .object({
    op: z.enum([
      'write',
      'create',
      'delete',
      'rename',
      'mkdir',
      'exec',
      'connect',
      'truncate',
      'symlink',
      'link',
      'open',
    ]),
    path: z.string().max(4096).optional(),
    to: z.string().max(4096).optional(),
    family: z.enum(['inet', 'inet6', 'unix']).optional(),
    addr: z.string().max(64).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    allowed: z.boolean(),
  })
  .strict();

export const effectsSchema = z
  .object({
    entries: z.array(effectEntrySchema).max(2000),
    dropped: z.number().int().min(0).max(1e9),
    violations: z.array(z.string().max(4200)).max(50),
  })
  .strict();

// Compile-time checks that the schemas accept exactly the documented shapes.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const scopeSchemasMatch: [
  Equal<z.infer<typeof execScopeSchema>['network'], ExecScope['network']>,
  Equal<z.infer<typeof effectsSchema>['violations'], EffectsRecord['violations']>,
] = [true, true];
