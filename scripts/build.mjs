// Builds dist/:
// - cli/main.js + chunks/: the CLI, one lazily loaded chunk per command (ESM, code-split);
// - index.js: the SDK entry (`import { Expacti } from 'expacti'`);
// - agent.cjs: the agent fast path (`expacti run`, `expacti sh`) as ONE CommonJS file, loaded by
//   bin/expacti.js without the ESM loader or a module graph: it is paid on every agent command.
// - web/: the reviewer dashboard (React, `vite build` → dist/web), served by `expacti serve` at /.
// Dependencies stay external (loaded from node_modules at run time).
import { build } from 'esbuild';
import { build as buildWeb } from 'vite';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

// A fresh dist/, except the SDK's declarations when this build does not make them again (`npm run
// build` after `npm ci` must not remove what `prepare` made for `import { Expacti } from 'expacti'`).
const keepTypes = !process.argv.includes('--types');
for (const entry of existsSync('dist') ? readdirSync('dist') : [])
  if (!(keepTypes && entry === 'types')) rmSync(join('dist', entry), { recursive: true, force: true });
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  define: { EXPACTI_VERSION: JSON.stringify(version) },
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};
await Promise.all([
  build({
    ...common,
    entryPoints: {
      'cli/main': 'src/cli/main.ts',
      index: 'src/index.ts',
      // A worker thread's module, beside the chunks that start it (offThreadAuditVerifier.ts).
      'chunks/auditVerifyWorker': 'src/server/services/auditVerifyWorker.ts',
    },
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...common, entryPoints: ['src/cli/agentMain.ts'], outfile: 'dist/agent.cjs', format: 'cjs' }),
  buildWeb({ configFile: 'web/vite.config.ts' }),
]);
// `--types`: the SDK's declarations (dist/types) for `import { Expacti } from 'expacti'`; for packaging.
if (process.argv.includes('--types')) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
