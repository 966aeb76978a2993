/**
 * ORMs and migration tools: commands that drop, reset, flush or wipe a database are critical;
 * rolling back migrations (which may drop tables) high; applying them medium. Whether the tool is
 * run directly, through `npx`, `bundle exec`, `python manage.py` or `php artisan`.
 */
import type { Match, RiskRule } from '../rule.js';
import { any, eq, re } from '../dsl.js';

const MANAGE = re(/(^|\/)manage\.py$/);
/** A project's migration program by its path (`./cmd/migrate`, `tools/migrator`). */
const MIGRATOR = re(/(^|\/)(migrate|migrations?|migrator|dbmigrate)\/?$/);
const PYTHON = ['python', 'python3', 'py'];

/** `rails db:drop`, `python manage.py flush`, `php artisan db:wipe`, `mix ecto.drop`: a task of a framework. */
function tasks(names: RegExp): Match {
  const task = re(names);
  return {
    anyOf: [
      { program: ['rails', 'rake'], operand: task },
      { program: PYTHON, sub: [MANAGE, task] },
      { program: ['django-admin'], sub: [task] },
      { program: ['php'], sub: [eq('artisan'), task] },
      { program: ['artisan'], sub: [task] },
      { program: ['mix'], sub: [task] },
    ],
  };
}

/** Commands that apply migrations or seed data, by framework. */
const MIGRATE: Match[] = [
  tasks(/^(db:(migrate|seed|setup|prepare|create)|migrate|loaddata|ecto\.(migrate|create|setup))$/),
  {
    program: ['prisma'],
    sub: [
      ['migrate', 'db'],
      ['deploy', 'dev', 'push', 'seed', 'execute'],
    ],
  },
  { program: ['drizzle-kit'], sub: [['push', 'migrate']] },
  { program: ['sequelize', 'sequelize-cli'], sub: [['db:migrate', 'db:seed:all', 'db:create']] },
  { program: ['knex'], sub: [['migrate:latest', 'migrate:up', 'seed:run']] },
  { program: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'], sub: [['migration:run']] },
  { program: ['alembic'], sub: [['upgrade', 'stamp']] },
  { program: ['flask'], sub: [['db'], ['upgrade', 'migrate']] },
  {
    program: ['diesel', 'sqlx'],
    sub: [
      ['migration', 'migrate', 'database'],
      ['run', 'setup', 'create'],
    ],
  },
  { program: ['dotnet'], sub: [['ef'], ['database'], ['update']] },
  { program: ['flyway'], sub: [['migrate', 'repair', 'baseline']] },
  { program: ['liquibase'], sub: [re(/^update/i)] },
  { program: ['goose', 'dbmate'], operand: eq('up', 'up-to', 'migrate', 'create') },
  { program: ['migrate'], operand: eq('up', 'goto') },
  { program: ['atlas'], sub: [['migrate', 'schema'], ['apply']] },
  { program: ['sqitch'], sub: [['deploy']] },
];

/** An environment named production, by its usual variables and options. */
const PRODUCTION = re(/^prod(uction)?$/i);
const ENV_FLAGS = ['--env', '-e', '--environment', '--stage'];
const ENV_VARIABLES = [
  'NODE_ENV',
  'RAILS_ENV',
  'RACK_ENV',
  'APP_ENV',
  'MIX_ENV',
  'FLASK_ENV',
  'DJANGO_ENV',
  'ASPNETCORE_ENVIRONMENT',
  'ENVIRONMENT',
  'STAGE',
];

export const frameworkRules: RiskRule[] = [
  {
    id: 'framework.destroy-database',
    category: 'database',
    tier: 'critical',
    reason:
      'A framework or migration tool drops, resets, flushes or wipes the database (every table, or every row)',
    match: {
      anyOf: [
        tasks(
          /^(db:(drop|drop:all|reset|purge|schema:load|structure:load|truncate_all|wipe|seed:replant)|flush|reset_db|reset_schema|migrate:(fresh|reset|refresh)|ecto\.(drop|reset))$/,
        ),
        // Every migration rolled back.
        { ...tasks(/^ecto\.rollback$/), anyFlag: ['--all'] },
        {
          program: ['hasura'],
          sub: [['migrate'], ['apply']],
          flagValue: { flags: ['--down'], test: eq('all') },
        },
        { program: PYTHON, sub: [MANAGE, eq('migrate'), re(/./), eq('zero')] },
        { program: ['prisma'], sub: [['migrate'], ['reset']] },
        { program: ['prisma'], sub: [['db'], ['push']], anyFlag: ['--force-reset'] },
        { program: ['sequelize', 'sequelize-cli'], sub: [['db:drop', 'db:migrate:undo:all']] },
        { program: ['knex'], sub: [['migrate:rollback']], anyFlag: ['--all'] },
        { program: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'], sub: [['schema:drop']] },
        { program: ['alembic'], sub: [['downgrade'], ['base']] },
        { program: ['flask'], sub: [['db'], ['downgrade'], ['base']] },
        { program: ['diesel', 'sqlx'], sub: [['database'], ['reset', 'drop']] },
        { program: ['dotnet'], sub: [['ef'], ['database'], ['drop']] },
        { program: ['dotnet'], sub: [['ef'], ['database'], ['update'], ['0']] },
        { program: ['flyway'], sub: [['clean']] },
        { program: ['liquibase'], sub: [re(/^drop-?all$/i)] },
        { program: ['goose'], operand: eq('reset') },
        { program: ['migrate'], operand: eq('drop') },
        { program: ['migrate'], operand: eq('down'), anyFlag: ['-all', '--all'] },
        { program: ['atlas'], sub: [['schema'], ['clean']] },
        { program: ['dbmate'], sub: [['drop']] },
        { program: ['dropdb'] },
        // sqitch revert with no target, or to the root, reverts every change.
        {
          program: ['sqitch'],
          sub: [['revert']],
          flagValue: { flags: ['--to', '--to-change'], test: re(/^@ROOT$/i) },
        },
        { program: ['sqitch'], sub: [['revert']], noFlag: ['--to', '--to-change'], maxOperands: 0 },
        // A project's own migration program run from source (`go run ./cmd/migrate down -all`).
        { program: ['go'], sub: [['run'], MIGRATOR], operand: eq('drop') },
        { program: ['go'], sub: [['run'], MIGRATOR], operand: eq('down'), anyFlag: ['-all', '--all'] },
      ],
    },
    examples: [
      'rails db:drop',
      'bin/rails db:reset',
      'bundle exec rake db:schema:load',
      'python manage.py flush --no-input',
      'python3 manage.py migrate billing zero',
      'npx prisma migrate reset --force',
      'prisma db push --force-reset',
      'npx sequelize-cli db:migrate:undo:all',
      'alembic downgrade base',
      'php artisan migrate:fresh --force',
      'mix ecto.drop',
      'dotnet ef database drop --force',
      'flyway clean',
      'liquibase dropAll',
      'dropdb app',
      'rails db:seed:replant',
      'mix ecto.rollback --all',
      'hasura migrate apply --down all',
      'migrate -path db/migrations -database "$DATABASE_URL" down -all',
    ],
    counterExamples: [
      'rails db:migrate',
      'python manage.py sqlflush',
      'prisma migrate deploy',
      'alembic downgrade -1',
    ],
    weight: 17,
  },
  {
    id: 'framework.rollback',
    category: 'database',
    tier: 'high',
    reason: 'Rolls back database migrations, which can drop tables or columns and their data',
    match: {
      anyOf: [
        tasks(/^(db:rollback|db:migrate:(down|redo)|migrate:rollback|ecto\.rollback)$/),
        { program: PYTHON, sub: [MANAGE, eq('migrate'), re(/./), re(/^\d{4}/)] },
        { program: ['prisma'], sub: [['db'], ['push']], anyFlag: ['--accept-data-loss'] },
        { program: ['drizzle-kit'], sub: [['drop']] },
        { program: ['drizzle-kit'], sub: [['push']], anyFlag: ['--force'] },
        { program: ['sequelize', 'sequelize-cli'], sub: [['db:migrate:undo', 'db:seed:undo:all']] },
        { program: ['knex'], sub: [['migrate:rollback', 'migrate:down']] },
        {
          program: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'],
          sub: [['migration:revert', 'schema:sync']],
        },
        { program: ['alembic'], sub: [['downgrade']] },
        { program: ['flask'], sub: [['db'], ['downgrade']] },
        {
          program: ['diesel', 'sqlx'],
          sub: [
            ['migration', 'migrate'],
            ['revert', 'redo'],
          ],
        },
        { program: ['dotnet'], sub: [['ef'], ['migrations'], ['remove']] },
        { program: ['goose', 'dbmate'], operand: any(eq('down'), eq('rollback'), eq('down-to')) },
        { program: ['migrate'], operand: eq('down', 'force') },
        { program: ['liquibase'], sub: [re(/^rollback/i)] },
        { program: ['sqitch'], sub: [['revert', 'rework']] },
        { program: ['go'], sub: [['run'], MIGRATOR], operand: eq('down', 'rollback', 'reset', 'down-to') },
      ],
    },
    examples: [
      'rails db:rollback STEP=3',
      'alembic downgrade -1',
      'npx prisma db push --accept-data-loss',
      'npx drizzle-kit push --force',
      'diesel migration redo',
      'goose down',
      'php artisan migrate:rollback',
    ],
    counterExamples: ['rails db:migrate', 'alembic upgrade head', 'goose up'],
  },
  {
    id: 'framework.migrate',
    category: 'database',
    tier: 'medium',
    reason: 'Applies database migrations or seeds data (changes the schema or rows)',
    match: { anyOf: MIGRATE },
    examples: [
      'rails db:migrate',
      'python manage.py migrate',
      'npx prisma migrate deploy',
      'alembic upgrade head',
      'php artisan migrate',
      'mix ecto.migrate',
    ],
    counterExamples: ['rails db:drop', 'alembic history', 'prisma studio'],
  },
  {
    id: 'framework.migrate-production',
    category: 'database',
    tier: 'high',
    reason: 'Applies database migrations or seeds data in the production environment',
    match: {
      anyOf: [
        { anyOf: MIGRATE, assignment: { names: ENV_VARIABLES, value: PRODUCTION } },
        { anyOf: MIGRATE, flagValue: { flags: ENV_FLAGS, test: PRODUCTION } },
        // The option's value as the next word, for tools whose options the table does not list.
        { anyOf: MIGRATE, anyFlag: ENV_FLAGS, anyWord: PRODUCTION },
      ],
    },
    examples: [
      'NODE_ENV=production npx knex migrate:latest --env production',
      'RAILS_ENV=production bin/rails db:migrate',
      'npx sequelize-cli db:migrate --env production',
    ],
    counterExamples: [
      'npx knex migrate:latest',
      'RAILS_ENV=test rails db:migrate',
      'NODE_ENV=production npm start',
    ],
  },
  {
    id: 'framework.local-task',
    category: 'build-test',
    tier: 'low',
    reason: "Clears or rebuilds a framework's local caches, or lists its routes and settings",
    match: tasks(
      /^(cache:clear|config:(clear|cache)|route:(clear|cache|list)|view:(clear|cache)|event:(clear|cache|list)|optimize(:clear)?|clear-compiled|about|package:discover|check|makemigrations|collectstatic|diffsettings|showurls|tmp:clear|log:clear|assets:(precompile|clobber)|routes|stats|notes)$/,
    ),
    examples: [
      'php artisan cache:clear',
      'python manage.py check',
      'rails tmp:clear',
      'php artisan route:list',
    ],
    counterExamples: ['php artisan db:wipe', 'python manage.py flush'],
  },
  {
    id: 'framework.read',
    category: 'read-only',
    tier: 'safe',
    reason: 'Prints migration state or the SQL a framework would run, and changes nothing',
    match: {
      anyOf: [
        tasks(
          /^(db:(version|migrate:status)|sqlflush|sqlmigrate|showmigrations|migrate:status|ecto\.migrations)$/,
        ),
        { program: ['alembic'], sub: [['history', 'current', 'heads', 'show', 'branches']] },
        { program: ['prisma'], sub: [['migrate'], ['status', 'diff']] },
      ],
    },
    examples: ['python manage.py sqlflush', 'rails db:version', 'alembic current'],
    counterExamples: ['python manage.py flush'],
  },
];
