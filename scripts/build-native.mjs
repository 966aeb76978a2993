// Builds the confinement helper (native/confine → native/confine/build/expacti-confine) with the
// machine's C compiler, at install (like better-sqlite3's addon). No compiler, another OS, an old
// kernel header: a warning, not a failed install — `expacti serve`, `expacti run` and `expacti
// doctor` say that commands cannot be confined, and the org's policy decides what runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
const result = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-o', out, src], { stdio: 'inherit' });
if (result.error || result.status !== 0) {
  console.warn(
    `expacti: could not build the confinement helper with ${cc} (${result.error?.message ?? `exit ${result.status}`}); ` +
      'commands will run unconfined or be refused, as the org decides. Install a C compiler (Debian: apt-get install build-essential) and run npm rebuild expacti.',
  );
}
