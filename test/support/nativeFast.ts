/**
 * The native fast path's programs (native/fast/build, built by scripts/build-native.mjs at install)
 * run as agents run them: straight, with the test's clean environment. Built here when missing; a
 * machine that cannot build them fails these tests (they are about the native path).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RequestView } from '../../src/protocol/api.js';
import { api } from './api.js';
import { agentEnv, spawnProgram, type CliOptions, type CliResult, type ServerHandle } from './expacti.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const FAST = resolve(ROOT, 'native/fast/build/expacti-fast');
export const FAST_SH = resolve(ROOT, 'native/fast/build/expacti-sh');

export function ensureNativeBuilt(): void {
  if (existsSync(FAST) && existsSync(FAST_SH)) return;
  spawnSync(process.execPath, [resolve(ROOT, 'scripts/build-native.mjs')], { stdio: 'inherit' });
  if (!existsSync(FAST) || !existsSync(FAST_SH))
    throw new Error(
      'the native fast path could not be built (a C compiler is needed: apt-get install build-essential)',
    );
}

/** Starts a native program; `result` settles when it exits. */
export function spawnNative(
  program: string,
  args: string[],
  options: CliOptions = {},
): { proc: ChildProcess; result: Promise<CliResult>; stderrSoFar(): string } {
  return spawnProgram(program, args, options);
}

export function runNative(program: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  return spawnNative(program, args, options).result;
}

/** Does the ELF file ask for a dynamic loader (a PT_INTERP program header)? */
export function hasInterpreter(file: string): boolean {
  const elf = readFileSync(file);
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const size = elf.readUInt16LE(0x36);
  const count = elf.readUInt16LE(0x38);
  for (let i = 0; i < count; i++) if (elf.readUInt32LE(phoff + i * size) === 3) return true;
  return false;
}

/**
 * The environment the native tests run the client in: the server's agent settings, confinement
 * off (the fast path is for unconfined machines), its own spool, and the client's debug line that
 * says whether it ran the command itself or handed over to Node.
 */
export function nativeEnv(
  server: ServerHandle,
  stateDir: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...agentEnv(server),
    EXPACTI_CONFINE: 'off',
    XDG_STATE_HOME: stateDir,
    EXPACTI_FAST_DEBUG: '1',
    ...extra,
  };
}

/** The requests the server holds for exactly this command text (the last 500). */
export async function requestsFor(server: ServerHandle, text: string): Promise<RequestView[]> {
  const body = (await api(server.url, 'GET', '/v1/requests?limit=500', server.secrets.adminToken)).body;
  return (body['requests'] as RequestView[]).filter((r) => r.commandText === text);
}
