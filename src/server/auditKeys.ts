/**
 * The audit key file: the secrets the audit chain is sealed with (HMAC-SHA256) and the Ed25519
 * keys checkpoints are signed with. It is never stored in the database — that is the point: whoever
 * can write the database but cannot read this file cannot re-seal records they changed, nor sign a
 * checkpoint. Every replica of one deployment uses the same file.
 *
 * JSON, mode 0600:
 *   { "format": "expacti-audit-keys/1",
 *     "chain":   [{ "id": "k-…", "secret": "<base64, 32 bytes>", "createdAt": "…" }, …],
 *     "signing": [{ "id": "s-…", "privateKey": "<base64 PKCS#8 DER, Ed25519>", "createdAt": "…" }, …] }
 * The last key of each list is current; earlier ones stay to verify what they sealed or signed
 * (rotation: `expacti audit keygen --file PATH --rotate` appends a new pair).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  closeSync,
  fsyncSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { chainKeyring, signingKeyring, type ChainKeyring, type SigningKeyring } from '../core/audit/index.js';

export const AUDIT_KEY_FILE = 'audit-keys.json';
const FORMAT = 'expacti-audit-keys/1';

export interface AuditKeys {
  chain: ChainKeyring;
  signing: SigningKeyring;
  /** Where they were read from (for messages). */
  file: string;
}

/** The key file is missing, unreadable or unusable: a configuration problem (expacti serve exits 78). */
export class AuditKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

interface KeyFile {
  format: typeof FORMAT;
  chain: Array<{ id: string; secret: string; createdAt: string }>;
  signing: Array<{ id: string; privateKey: string; createdAt: string }>;
}

/** Reads and checks a key file; throws an AuditKeyError that says what is wrong and how to fix it. */
export function readAuditKeys(file: string, warn: (message: string) => void = () => undefined): AuditKeys {
  if (!existsSync(file)) {
    throw new AuditKeyError(
      `the audit key file ${file} does not exist: create it with \`expacti audit keygen --file ${file}\``,
    );
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    warn(
      `expacti: the audit key file ${file} can be read by other users (mode ${mode.toString(8)}); chmod 600 it`,
    );
  }
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch (error) {
    throw new AuditKeyError(`the audit key file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed?.format !== FORMAT || !Array.isArray(parsed.chain) || !Array.isArray(parsed.signing)) {
    throw new AuditKeyError(`the audit key file ${file} is not an expacti audit key file (format ${FORMAT})`);
  }
  try {
    const chain = chainKeyring(
      parsed.chain.map((k) => ({ id: k.id, secret: Buffer.from(k.secret, 'base64') })),
    );
    const signing = signingKeyring(
      parsed.signing.map((k) => {
        const privateKey = createPrivateKey({
          key: Buffer.from(k.privateKey, 'base64'),
          format: 'der',
          type: 'pkcs8',
        });
        if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`signing key ${k.id} is not Ed25519`);
        return { id: k.id, privateKey, publicKey: createPublicKey(privateKey) };
      }),
    );
    return { chain, signing, file };
  } catch (error) {
    throw new AuditKeyError(`the audit key file ${file} is unusable: ${(error as Error).message}`);
  }
}

/** Creates a new key file (refuses to overwrite one). */
export function createAuditKeyFile(file: string, now: Date): void {
  if (existsSync(file)) throw new Error(`${file} already exists; use --rotate to add a new key to it`);
  writeKeyFile(file, { format: FORMAT, chain: [newChainKey(now)], signing: [newSigningKey(now)] });
}

/** Adds a new current key pair to an existing file; earlier keys stay, to verify what they sealed. */
export function rotateAuditKeyFile(file: string, now: Date): void {
  readAuditKeys(file);
  const current = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  writeKeyFile(file, {
    format: FORMAT,
    chain: [...current.chain, newChainKey(now)],
    signing: [...current.signing, newSigningKey(now)],
  });
}

/**
 * The keys for a server: from the configured file; or, with embedded SQLite and no file
 * configured, from `audit-keys.json` in the data directory, created on first start. PostgreSQL
 * replicas must share one file, so there it must be configured (and exist).
 */
export function loadServerAuditKeys(
  options: { keyFile: string | null; dataDir: string; postgres: boolean },
  log: (message: string) => void,
): AuditKeys {
  if (options.keyFile) return readAuditKeys(options.keyFile, log);
  if (options.postgres) {
    throw new AuditKeyError(
      'with PostgreSQL, every replica needs the same audit key file: create one with ' +
        '`expacti audit keygen --file /etc/expacti/audit-keys.json`, copy it to every replica, and pass ' +
        '--audit-key-file (or EXPACTI_AUDIT_KEY_FILE)',
    );
  }
  const file = join(options.dataDir, AUDIT_KEY_FILE);
  if (!existsSync(file)) {
    createAuditKeyFile(file, new Date());
    log(
      `expacti: created the audit key file ${file}. For tamper evidence against whoever can write the ` +
        'database, keep it where they cannot read it (see docs/deployment.md, "Audit keys and checkpoints").',
    );
  }
  return readAuditKeys(file, log);
}

function newChainKey(now: Date): KeyFile['chain'][number] {
  return {
    id: `k-${randomBytes(6).toString('hex')}`,
    secret: randomBytes(32).toString('base64'),
    createdAt: now.toISOString(),
  };
}

function newSigningKey(now: Date): KeyFile['signing'][number] {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    id: `s-${randomBytes(6).toString('hex')}`,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    createdAt: now.toISOString(),
  };
}

/** Writes the file whole and atomically (temp file, fsync, rename), readable by its owner only. */
function writeKeyFile(file: string, content: KeyFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  const fd = openSync(temp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
