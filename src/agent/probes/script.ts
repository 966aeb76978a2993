/**
 * The script probe: the file a command runs (`sh deploy.sh`, `psql -f migrate.sql`), read-only
 * and bounded. Its SHA-256 always; its content when it is small enough and the server does not
 * already know it (a whitelist entry's hash): the server judges the content as it judges inline
 * code. Loaded only when the server asks, never on the whitelisted fast path's submit.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { SCRIPT_MAX_BYTES, type ScriptFact, type ScriptProbe } from '../../protocol/context.js';
import { expandParameters, expandTilde } from './expand.js';
import type { ProbeEnv } from './types.js';

/** Files larger than this are not hashed either (the hash alone is not worth a long read). */
const HASH_MAX_BYTES = 16 * 1024 * 1024;

export async function probeScript(p: ScriptProbe, env: ProbeEnv): Promise<ScriptFact> {
  const expand = new Set(p.expand ?? []);
  let text = p.path;
  if (expand.has('tilde')) text = expandTilde(text, env.home);
  if (expand.has('parameter')) text = expandParameters(text, env.env);
  const path = isAbsolute(text) ? text : resolve(env.cwd, text);
  const file = await open(path, 'r');
  try {
    const st = await file.stat();
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size > HASH_MAX_BYTES) throw new Error(`${path} is ${st.size} bytes: too large to read`);
    const buffer = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const r = await file.read(buffer, read, st.size - read, read);
      if (r.bytesRead === 0) break;
      read += r.bytesRead;
    }
    const bytes = buffer.subarray(0, read);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fact: ScriptFact = { path, sha256, bytes: read, truncated: read > SCRIPT_MAX_BYTES };
    if (!fact.truncated && sha256 !== p.knownHash) fact.content = bytes.toString('utf8');
    return fact;
  } finally {
    await file.close();
  }
}
