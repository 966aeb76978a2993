/**
 * `yarn prisma migrate reset`, `pnpm typeorm schema:drop`, `bun knex migrate:rollback --all`:
 * yarn, pnpm and bun run a project's installed program when the first word is not one of their
 * own commands (pnpm and yarn also under `run`, when no script has that name). The command is read
 * as the program it runs — but only for names listed here, programs that npm packages install and
 * the rule table judges: `yarn test` runs a package.json script whose text is not on the line, and
 * is not the shell's `test`.
 */
import type { Word } from '../types.js';

// prettier-ignore
const PACKAGE_BINS: ReadonlySet<string> = new Set([
  // ORMs and migration tools
  'prisma', 'drizzle-kit', 'sequelize', 'sequelize-cli', 'knex', 'typeorm', 'typeorm-ts-node-commonjs',
  'typeorm-ts-node-esm', 'mikro-orm', 'db-migrate', 'migrate-mongo', 'node-pg-migrate', 'kysely',
  // deploy and cloud CLIs installed as dev dependencies
  'wrangler', 'vercel', 'netlify', 'firebase', 'supabase', 'cdk', 'cdktf', 'serverless', 'sls', 'sst', 'amplify',
  'hardhat', 'pm2', 'prettier', 'eslint', 'tsc', 'jest', 'vitest', 'next', 'nx', 'turbo', 'lerna', 'vite',
  'webpack', 'playwright', 'cypress', 'changeset', 'semantic-release', 'release-it', 'np',
  // programs that run or delete (read by the runner and alias tables)
  'rimraf', 'del-cli', 'shx', 'cross-env', 'dotenv', 'env-cmd', 'concurrently', 'npm-run-all', 'run-s', 'run-p',
  'nodemon', 'tsx', 'ts-node',
]);

/** Package managers whose first word may name an installed program, and their `run`. */
const MANAGERS: ReadonlySet<string> = new Set(['yarn', 'pnpm', 'bun']);

/** Where the installed program's name sits in `yarn [run] NAME …`, or -1. */
export function packageBinAt(program: string, argv: readonly Word[], from: number): number {
  if (!MANAGERS.has(program)) return -1;
  let at = from;
  if (argv[at]?.value === 'run' && argv[at]?.dynamic.length === 0) at++;
  const name = argv[at];
  return name !== undefined && name.dynamic.length === 0 && PACKAGE_BINS.has(name.value) ? at : -1;
}
