// Builds the confinement helper (native/confine → native/confine/build/expacti-confine) with the
// machine's C compiler, at install (like better-sqlite3's addon). No compiler, another OS, an old
// kernel header: a warning, not a failed install — `expacti serve`, `expacti run` and `expacti
// doctor` say that commands cannot be confined, and the org's policy decides what runs.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native', 'confine', 'confine.c');
const out = join(root, 'native', 'confine', 'build', 'expacti-confine');

if (process.platform !== 'linux') {
  console.warn(`expacti: confinement needs Linux (Landlock); not built on ${process.platform}`);
  process.exit(0);
}
mkdirSync(dirname(out), { recursive: true });
const cc = process.env.CC || 'cc';
// Linked statically when the C library allows it: every confined command starts through this
// helper, and without the dynamic loader it starts ≈ 0.8 ms sooner on the project's VM
// (BENCHMARKS.md). It calls no name service, so a static glibc is safe here. Otherwise dynamic.
const compileHelper = (extra) =>
  spawnSync(cc, ['-O2', '-Wall', '-Wextra', ...extra, '-o', out, src], { encoding: 'utf8' });
let result = compileHelper(['-static']);
if (result.error || result.status !== 0) {
  result = compileHelper([]);
  if (result.status !== 0) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
}
if (result.error || result.status !== 0) {
  console.warn(
    `expacti: could not build the confinement helper with ${cc} (${result.error?.message ?? `exit ${result.status}`}); ` +
      'commands will run unconfined or be refused, as the org decides. Install a C compiler (Debian: apt-get install build-essential) and run npm rebuild expacti.',
  );
}

// The native fast path of `expacti run` and the `expacti-sh` shim (native/fast/fast.c, issue 26):
// two programs from one source, with the Node that runs this install baked in for handing over.
// Linked statically when the C library allows it (-DEXPACTI_STATIC): no dynamic loader and no
// shared libraries to map at every start, about 1 ms less per gated command on the project's VM
// (BENCHMARKS.md); the static build never lets glibc load a name-service module (fast.c says how).
// Not built: everything runs through Node as before (docs/integrations/shell.md).
const fastSrc = join(root, 'native', 'fast', 'fast.c');
const fastOut = join(root, 'native', 'fast', 'build');
mkdirSync(fastOut, { recursive: true });

/** Compiles one program; the compiler's output is shown only when it fails. */
function compile(name, extra, linking) {
  const args = ['-O2', '-Wall', '-Wextra', `-DEXPACTI_NODE=${JSON.stringify(process.execPath)}`, ...extra];
  if (linking === 'static') args.push('-static', '-DEXPACTI_STATIC');
  const built = spawnSync(cc, [...args, '-o', join(fastOut, name), fastSrc], { encoding: 'utf8' });
  return {
    ok: !built.error && built.status === 0,
    why: built.error?.message ?? `exit ${built.status}`,
    output: `${built.stdout ?? ''}${built.stderr ?? ''}`,
  };
}

let fastBuilt = true;
for (const [name, extra] of [
  ['expacti-fast', []],
  ['expacti-sh', ['-DEXPACTI_SH']],
]) {
  // A static C library is optional (Debian: libc6-dev has it; musl and some distributions do not).
  let built = compile(name, extra, 'static');
  if (!built.ok) built = compile(name, extra, 'dynamic');
  if (!built.ok) {
    process.stderr.write(built.output);
    console.warn(
      `expacti: could not build the native fast path (${name}) with ${cc} (${built.why}); ` +
        '`expacti run` and `expacti-sh` work through Node as before, only slower to start.',
    );
    fastBuilt = false;
    break;
  }
}

// The installed commands themselves become the native programs (as esbuild's install replaces its
// JavaScript bin with its binary): `expacti run` and `expacti-sh -c` then start no Node for a
// whitelisted command, and hand everything else to bin/expacti.js unchanged (bin/expacti says
// so). Not in a git checkout (its tracked launchers stay as they are), and only after the program
// has shown it starts here and finds this package's Node CLI: `expacti --version` through it must
// print what the Node CLI prints.
if (fastBuilt && !existsSync(join(root, '.git'))) installCommands();

function installCommands() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EXPACTI_')));
  const version = (program, args) =>
    spawnSync(program, args, { env, encoding: 'utf8', timeout: 60_000 }).stdout?.trim() ?? '';
  const expected = version(process.execPath, [join(root, 'bin', 'expacti.js'), '--version']);
  const through = version(join(fastOut, 'expacti-fast'), ['--version']);
  if (!expected || through !== expected) {
    console.warn(
      `expacti: the native fast path did not pass its check (\`expacti --version\` through it printed "${through}", ` +
        `Node "${expected}"); \`expacti\` and \`expacti-sh\` stay Node programs.`,
    );
    return;
  }
  for (const [program, command] of [
    ['expacti-fast', 'expacti'],
    ['expacti-sh', 'expacti-sh'],
  ]) {
    const target = join(root, 'bin', command);
    const temporary = `${target}.${process.pid}.tmp`;
    copyFileSync(join(fastOut, program), temporary);
    chmodSync(temporary, 0o755);
    renameSync(temporary, target);
  }
}
