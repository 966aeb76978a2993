/**
 * How a program the table does not cover is judged (scope 'fallback': only where no rule about the
 * program itself matched). Tools agents drive keep appearing — object stores, brokers, edge and
 * feature-flag CLIs — and their destroying subcommands look alike: a verb such as delete, destroy,
 * drop, purge, reset or revoke in subcommand position, or a flag named after one.
 */
import type { RiskRule } from '../rule.js';
import { re } from '../dsl.js';

/** Verbs that destroy what they name. */
export const DESTROYING_VERBS =
  'delete|deleteall|del|destroy|drop|dropdb|purge|prune|rm|rmi|rb|rdelete|rmdir|remove|flush|flushall|flushdb|wipe|reset|truncate|terminate|disable|revoke|forget|uninstall|unregister|deregister|decommission|deprovision|teardown|erase|expunge|nuke|evict|obliterate|shred|unpublish|yank|unset|down|undefine|unprovision|zap|wipeout|unsubscribe';

/** A destroying verb as a word or one part of one (`delete-table`, `apps:destroy`, `purge_queue`). */
export const DESTROYING_VERB = new RegExp(`(^|[-_:.])(${DESTROYING_VERBS})([-_:.]|$)|^clear_[a-z]`, 'i');

/** The longer verbs capitalised inside a camelCase word (`doDelete`, `forceRemove`, `purgeAll`'s `All` is not one). */
const CAMEL_VERBS =
  'Delete|Destroy|Drop|Purge|Prune|Remove|Flush|Wipe|Reset|Truncate|Terminate|Revoke|Uninstall|Unregister|Deregister|Erase|Expunge|Nuke|Evict|Obliterate|Shred|Unpublish|Disable|Undefine';

/** A destroying verb at a camelCase boundary (`doDelete`, `forceRemoveAll`, `jobs/doDelete`). */
export const CAMEL_DESTROYING_VERB = new RegExp(`[a-z0-9](${CAMEL_VERBS})([A-Z0-9_:./?#-]|$)`);

/** Verbs that change state where they are sent (a word or a part of one: `ps:restart`, `api:…:create`). */
const CHANGING_VERB =
  /(^|:)(create|new|mk|update|upsert|set|put|post|patch|send|upload|deploy|release|promote|rollback|trigger|dispatch|start|stop|restart|scale|apply|import|enable|unpause|pause|resume|assign|comment|merge|approve|invite|rotate|up|deps|publish)(:|$)/i;

/** Programs named for a destroying verb whose uses the table judges itself (delete.ts, disk.ts). */
const DELETERS_WITH_RULES = ['rm', 'rmdir', 'unlink', 'shred', 'truncate', 'wipefs', 'dropdb'];

/** A program named after a destroying verb (`kafka-delete-records`, `./delete-old-logs.sh`). */
const DESTROYING_NAME = new RegExp(`(^|[-_:./])(${DESTROYING_VERBS})([-_:.]|$)`, 'i');

/** The same verbs as a flag (`--delete`, `--drop-database`, `--purge`), not `--no-delete`. */
const DESTROYING_FLAG =
  /^--?(delete|destroy|drop|purge|prune|wipe|reset|truncate|remove|rm|force-delete|hard-delete|erase|flush|uninstall|revoke|expunge|nuke)([-_]|$)/i;

/** What a cautious CLI offers to show what it would do, or how it is used. */
const INERT = ['--dry-run', '--dryrun', '--what-if', '--whatif', '--noop', '--simulate', '--help', '-h'];

export const genericRules: RiskRule[] = [
  {
    id: 'generic.destroy-verb',
    category: 'delete',
    tier: 'high',
    reason:
      'A program the rule table does not cover is asked to delete, destroy, drop, purge, reset or revoke something',
    match: {
      anyOf: [
        { subcommand: re(DESTROYING_VERB) },
        { subcommand: re(CAMEL_DESTROYING_VERB) },
        { flagName: re(DESTROYING_FLAG) },
        // Not the deleting programs the table covers: with nothing to delete (`rm` alone) they fail.
        { programWord: re(DESTROYING_NAME), noneOf: [{ program: DELETERS_WITH_RULES }] },
      ],
      noFlag: INERT,
    },
    scope: 'fallback',
    examples: [
      'wrangler r2 bucket delete assets',
      'kafka-topics --bootstrap-server k:9092 --delete --topic orders',
      'rabbitmqctl delete_queue jobs',
      'nats stream rm ORDERS',
      'duplicacy prune -exclusive',
      'bupstash rm --query id=1',
      'etcdctl del /config/app',
      'ldcli flags delete --flag new-ui',
      'vault auth disable github',
      'sentry-cli releases delete 1.2.3',
      'b2 delete-bucket logs',
      'kafka-delete-records --bootstrap-server k:9092 --offset-json-file o.json',
      './scripts/delete-old-logs.sh',
      'influx task delete -i 0a1b',
      'jenkins-cli -s http://ci.local/ delete-job deploy',
      'mycli users forceRemove u1',
    ],
    counterExamples: [
      'wrangler dev',
      'kafka-topics --list --bootstrap-server k:9092',
      'mytool delete-old --dry-run',
      'mytool delete --help',
      'rm -rf dist',
      'mytool build ./deleted-items',
      'mytool get --no-delete',
      'mytool listDeleted',
      'mytool upload ./delete-me.txt',
    ],
  },
  {
    id: 'generic.powershell-destroy',
    category: 'delete',
    tier: 'high',
    reason:
      'A PowerShell command whose verb removes, clears, stops, disables, resets or uninstalls what it names; the rule table has no entry for it',
    match: {
      // PowerShell names commands Verb-Noun, and its approved verbs say what they do.
      programWord: re(
        /^(remove|clear|stop|disable|uninstall|unregister|reset|revoke|dismount|suspend|block|unpublish)-[a-z]\w*$/i,
      ),
      // -WhatIf only says what it would do.
      noneOf: [{ flagName: re(/^-whatif(:\$true)?$/i) }],
    },
    scope: 'fallback',
    examples: [
      'Clear-RecycleBin -Force',
      'Remove-AzResourceGroup -Name prod -Force',
      'Disable-NetAdapter -Name Ethernet -Confirm:$false',
      'Disable-LocalUser -Name admin',
      'Uninstall-Module Az',
    ],
    counterExamples: [
      'Get-AzResourceGroup',
      'Remove-AzResourceGroup -Name x -WhatIf',
      'Set-Location src',
      'remove-dupes.py',
    ],
  },
  {
    id: 'generic.install-verb',
    category: 'download',
    tier: 'medium',
    reason:
      'A program the rule table does not cover is asked to install, pull or download something into the environment',
    match: {
      anyOf: [
        { subcommand: re(/^(install|pull|download|upgrade)$/i) },
        { flagName: re(/^--install-(extension|plugin)$/) },
      ],
      noFlag: INERT,
    },
    scope: 'fallback',
    examples: [
      'ollama pull llama3.1:8b',
      'huggingface-cli download org/model',
      'conan install . --build=missing',
      'mytool --install-plugin x',
    ],
    counterExamples: ['ollama list', 'mytool build', 'conan install --help'],
  },
  {
    // SaaS and service CLIs change remote state with these verbs (`twilio api:core:messages:create`,
    // `heroku ps:restart`, `railway up`, `airflow dags trigger`): not an ordinary local command.
    id: 'generic.change-verb',
    category: 'infrastructure',
    tier: 'medium',
    reason:
      'A program the rule table does not cover is asked to create, deploy, trigger, upload, restart or otherwise change something, likely in a service',
    match: {
      subcommand: re(CHANGING_VERB),
      noFlag: INERT,
    },
    scope: 'fallback',
    examples: [
      'twilio api:core:messages:create --from +15005550006 --to +15551234567 --body hi',
      'heroku ps:restart web --app shop',
      'railway up --service worker',
      'airflow dags trigger etl_daily',
      'sentry-cli sourcemaps upload --release web@1.8.2 ./dist',
      'pscale branch create shopdb idx',
      'firebase hosting:channel:deploy pr-88',
      'bq mk --table analytics.t schema.json',
      'acli jira workitem comment create --key KEY-1 --body hi',
    ],
    counterExamples: [
      'mytool list',
      'mytool build',
      'mytool status',
      'mytool create --help',
      'pd incident list',
    ],
  },
];
