/** Builds, tests, linters, formatters and ordinary local writes: low. */
import type { RiskRule } from '../rule.js';
import { all, not, re } from '../dsl.js';
import { DESTROYING_VERB, DESTROYING_VERBS } from './generic.js';

// prettier-ignore
export const BUILD_TOOLS = [
  'make', 'cmake', 'ninja', 'meson', 'gradle', 'gradlew', 'mvn', 'mvnw', 'ant', 'bazel', 'bazelisk', 'buck', 'tsc',
  'esbuild', 'vite', 'webpack', 'rollup', 'babel', 'swc', 'parcel', 'turbo', 'nx', 'lerna', 'jest', 'vitest', 'mocha',
  'ava', 'tap', 'playwright', 'cypress', 'karma', 'pytest', 'py.test', 'tox', 'nox', 'rspec', 'phpunit', 'eslint',
  'prettier', 'biome', 'black', 'ruff', 'flake8', 'mypy', 'pyright', 'pylint', 'isort', 'rubocop', 'golangci-lint',
  'gofmt', 'goimports', 'shellcheck', 'shfmt', 'stylelint', 'tslint', 'xcodebuild', 'swiftc', 'javac', 'kotlinc',
  'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'rustc', 'rustfmt', 'ctest', 'hadolint', 'markdownlint', 'yamllint',
  'actionlint', 'tsx', 'ts-node', 'next', 'nuxt', 'astro', 'svelte-kit', 'ng', 'storybook', 'node-gyp', 'autoreconf',
  'configure', 'sbt', 'lein', 'mix', 'rebar3', 'dune', 'stack', 'cabal', 'zig', 'nim', 'elm', 'dart', 'flutter',
  'terraform-docs', 'tflint', 'checkov', 'cspell', 'codespell', 'vue-tsc', 'knip', 'depcheck', 'size-limit', 'c8',
  'nyc', 'istanbul', 'coverage', 'bandit', 'semgrep', 'trivy', 'gitleaks', 'pre-commit', 'lint-staged', 'commitlint',
  'changeset', 'prisma', 'drizzle-kit', 'sequelize', 'sequelize-cli', 'knex', 'typeorm', 'alembic', 'diesel', 'sqlx',
  'goose', 'dbmate', 'atlas', 'flyway', 'liquibase',
];

/** A script or target name that says it destroys (`db:reset`, `drop-tables`, `purge_cache`). */
/** A script or target named for shipping: `deploy`, `deploy:prod`, `release-staging`, `publish`. */
const DEPLOYING_VERB =
  /^(deploy|release|publish|ship|promote)([-_:.][\w.:-]*)?$|^[\w.-]*[-_:](deploy|release|publish|ship)$/i;
/** Names about shipping that only prepare or check it (`release-notes`, `deploy:check`, `deploy-dry-run`). */
const NOT_SHIPPING = /[-_:.](notes|changelog|check|lint|test|dry-?run|plan|diff|build|preview-build)$/i;
const DEPLOYING_SCRIPT = all(re(/^[\w.:-]+$/), re(DEPLOYING_VERB), not(re(NOT_SHIPPING)));
const DESTROYING_SCRIPT = all(re(/^[\w.:-]+$/), re(DESTROYING_VERB));
/** The same as a script or program name given as a separated word (`db:reset`, not `reset`). */
const SEPARATED_DESTROYING_SCRIPT = all(re(/^[\w.-]*[:_-][\w.:-]*$/), re(DESTROYING_VERB));
/** A path whose last part names a destroying program (`./cmd/reset-db`, `tools/wipe`). */
const DESTROYING_PROGRAM_PATH = re(
  new RegExp(`(^|\\/)([\\w.]*[-_.])?(${DESTROYING_VERBS})([-_.][\\w.-]*)?\\/?$`, 'i'),
);

/** A variable set on make's command line (`PREFIX=/`) whose value is the root or a home directory. */
const ROOT_VARIABLE = all(re(/^[A-Za-z_][A-Za-z0-9_]*=/), {
  kind: 'path',
  classes: ['root', 'home', 'dynamic-root'],
  strip: /^[A-Za-z_][A-Za-z0-9_]*=/,
});

export const buildRules: RiskRule[] = [
  {
    id: 'build.root-variable',
    category: 'delete',
    tier: 'high',
    reason:
      "Runs the project's build with a directory variable set to / or a home directory; its clean, install or uninstall recipes then delete or write there",
    match: {
      program: ['make', 'gmake', 'bmake', 'remake'],
      operand: ROOT_VARIABLE,
      noFlag: ['-n', '--dry-run', '--just-print', '--recon', '-h', '--help'],
    },
    examples: [
      'make clean-all PREFIX=/',
      'make uninstall DESTDIR=~',
      'make install PREFIX=$HOME',
      'make clean BUILD_DIR=/',
    ],
    counterExamples: [
      'make install PREFIX=$HOME/.local',
      'make clean',
      'make -n clean PREFIX=/',
      'make CFLAGS=-O2',
    ],
  },
  {
    id: 'build.deploying-script',
    category: 'infrastructure',
    tier: 'high',
    reason:
      'Runs a project script or target whose name says it deploys, releases or publishes; what it does is not visible here',
    match: {
      anyOf: [
        { program: ['npm', 'pnpm', 'yarn', 'bun'], sub: [['run', 'run-script'], DEPLOYING_SCRIPT] },
        { program: ['pnpm', 'yarn', 'bun'], sub: [DEPLOYING_SCRIPT] },
        { program: ['deno'], sub: [['task'], DEPLOYING_SCRIPT] },
        {
          program: ['make', 'just', 'task', 'mage'],
          operand: all(re(/^[^=]+$/), re(DEPLOYING_VERB), not(re(NOT_SHIPPING))),
        },
      ],
      noFlag: ['-n', '--dry-run', '--just-print', '--recon', '-h', '--help', '--list', '-l'],
    },
    examples: [
      'make deploy-prod',
      'npm run deploy',
      'yarn release',
      'just publish',
      'pnpm run deploy:staging',
    ],
    counterExamples: [
      'make -n deploy',
      'npm run build',
      'make test',
      'npm run predeploy-check',
      'make release-notes',
      'npm run deploy:check',
    ],
  },
  {
    id: 'build.destroying-script',
    category: 'delete',
    tier: 'high',
    reason:
      'Runs a project script, target or program whose name says it deletes, drops, resets or purges something; what it does is not visible here',
    match: {
      anyOf: [
        { program: ['npm', 'pnpm', 'yarn', 'bun'], sub: [['run', 'run-script'], DESTROYING_SCRIPT] },
        { program: ['pnpm', 'yarn', 'bun'], sub: [SEPARATED_DESTROYING_SCRIPT] },
        { program: ['deno'], sub: [['task'], DESTROYING_SCRIPT] },
        { program: ['go'], sub: [['run'], DESTROYING_PROGRAM_PATH] },
        {
          program: ['cargo'],
          sub: [['run', 'r']],
          flagValue: { flags: ['--bin', '--example'], test: re(DESTROYING_VERB) },
        },
        { program: ['make', 'just', 'task', 'mage'], operand: all(re(/^[^=]+$/), re(DESTROYING_VERB)) },
      ],
      noFlag: ['-n', '--dry-run', '--just-print', '--recon', '-h', '--help', '--list', '-l'],
    },
    examples: [
      'npm run db:reset',
      'pnpm run drop-tables',
      'yarn db:drop',
      'go run ./cmd/reset-db --all',
      'cargo run --bin wipe -- --yes',
      'make purge-cache',
      'just nuke',
    ],
    counterExamples: [
      'npm run build',
      'yarn remove lodash',
      'go run ./cmd/server',
      'make clean',
      'make -n db-reset',
    ],
  },
  {
    id: 'build.tool',
    category: 'build-test',
    tier: 'low',
    reason: 'Builds, tests, lints or formats the project',
    match: { program: BUILD_TOOLS },
    examples: [
      'make',
      'tsc --noEmit',
      'pytest -x',
      'jest --watch=false',
      'eslint src',
      'prettier --write src',
      'gradle build',
    ],
    counterExamples: ['npm publish'],
  },
  {
    id: 'build.package-script',
    category: 'build-test',
    tier: 'low',
    reason: 'Runs a project script (test, build, lint…) defined in the project',
    match: {
      anyOf: [
        {
          program: ['npm', 'pnpm', 'yarn', 'bun'],
          sub: [
            [
              'test',
              't',
              'tst',
              'start',
              'stop',
              'restart',
              'build',
              'run',
              'run-script',
              'pack',
              'version',
              'init',
              'create',
              'link',
              'set-script',
              'pkg',
              'cache',
              'config',
              'lint',
              'dev',
              'rebuild',
              'why',
            ],
          ],
        },
        {
          program: ['yarn', 'pnpm', 'bun'],
          sub: [
            [
              'typecheck',
              'format',
              'check',
              'serve',
              'preview',
              'compile',
              'watch',
              'e2e',
              'tsc',
              'jest',
              'vitest',
              'eslint',
              'prettier',
            ],
          ],
        },
        {
          program: ['cargo'],
          sub: [
            [
              'build',
              'b',
              'test',
              't',
              'check',
              'c',
              'clippy',
              'fmt',
              'run',
              'r',
              'bench',
              'doc',
              'clean',
              'new',
              'init',
              'nextest',
              'miri',
              'expand',
              'llvm-cov',
              'tarpaulin',
              'fix',
            ],
          ],
        },
        {
          program: ['go'],
          sub: [['build', 'test', 'vet', 'fmt', 'run', 'generate', 'work', 'tool', 'clean', 'fix']],
        },
        { program: ['dotnet'], sub: [['build', 'test', 'run', 'format', 'clean', 'new', 'watch']] },
        { program: ['swift'], sub: [['build', 'test', 'run']] },
        { program: ['deno'], sub: [['test', 'check', 'lint', 'fmt', 'task', 'bench', 'compile', 'doc']] },
        { program: ['bun'], sub: [['test', 'build']] },
        {
          program: ['python', 'python3', 'py'],
          flagValue: {
            flags: ['-m'],
            test: re(
              /^(pytest|unittest|mypy|black|ruff|flake8|pylint|isort|coverage|tox|nox|build|compileall|doctest|pyright|bandit|py_compile|venv|virtualenv|json\.tool|timeit|pydoc|tabnanny|django)$/,
            ),
          },
        },
        {
          program: ['poetry', 'uv', 'pipenv', 'hatch', 'pdm'],
          sub: [['run', 'build', 'shell', 'lock', 'venv', 'check', 'format', 'lint', 'test']],
        },
        { program: ['bundle'], sub: [['exec']] },
        { program: ['rake', 'gulp', 'grunt', 'just', 'task', 'invoke', 'mage', 'earthly'] },
      ],
    },
    examples: [
      'npm test',
      'npm run build',
      'yarn test',
      'pnpm run lint',
      'cargo build --release',
      'cargo test -p core',
      'go test ./...',
      'python -m pytest -q',
      'dotnet test',
      'just test',
    ],
    counterExamples: ['npm publish', 'npm install', 'cargo publish'],
  },
  {
    id: 'build.npx-unknown',
    category: 'download',
    tier: 'medium',
    reason:
      'A package runner (npx, pnpm dlx, uvx, pipx run) may download a package from the registry and run it',
    match: { wrapper: ['npx', 'uvx', 'pipx'], noneOf: [{ program: BUILD_TOOLS }] },
    examples: [
      'npx create-react-app my-app',
      'npx cowsay hi',
      'uvx ruff-check-tool',
      'pnpm dlx degit x/y app',
    ],
    counterExamples: ['npx tsc --noEmit', 'npx jest', 'cowsay hi'],
    scope: 'context',
  },
];
