/** Runtime schemas for the read bodies (protocol/reads.ts), checked against the types at compile time. */
import { z } from 'zod';
import type { ClearTaintBody, OutputScan, ReportReadsBody } from './reads.js';
import { LIMITS } from './api.js';
import { READ_LIMITS } from './reads.js';

export { READ_LIMITS };

const kindSchema = z.enum(['file', 'url', 'search', 'tool', 'issue', 'package', 'command']);

export const readFindingSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'a finding code is lower-case words joined by . and -'),
    message: z.string().max(300),
    count: z.number().int().min(1).max(1_000_000),
    samples: z.array(z.string().max(READ_LIMITS.sampleChars)).max(3).optional(),
  })
  .strict();

const sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits')
  .nullable();

export const observedReadSchema = z
  .object({
    host: z.string().min(1).max(32),
    tool: z.string().min(1).max(255),
    kind: kindSchema,
    source: z.string().max(READ_LIMITS.sourceChars),
    cwd: z.string().min(1).max(4096).optional(),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    sha256: sha256Schema,
    findings: z.array(readFindingSchema).max(READ_LIMITS.findings),
    error: z.string().max(1000).optional(),
  })
  .strict();

export const reportReadsSchema = z
  .object({
    session: z.string().min(1).max(255),
    reads: z.array(observedReadSchema).min(1).max(READ_LIMITS.perReport),
  })
  .strict();

export const clearTaintSchema = z
  .object({ session: z.string().min(1).max(255), note: z.string().max(LIMITS.noteChars).optional() })
  .strict();

export const outputScanSchema = z
  .object({
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    sha256: sha256Schema,
    findings: z.array(readFindingSchema).max(READ_LIMITS.findings),
    truncated: z.boolean(),
    unscanned: z.string().max(300).optional(),
  })
  .strict();

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const readSchemasMatchTypes: [
  Equal<z.infer<typeof reportReadsSchema>, ReportReadsBody>,
  Equal<z.infer<typeof clearTaintSchema>, ClearTaintBody>,
  Equal<z.infer<typeof outputScanSchema>, OutputScan>,
] = [true, true, true];
