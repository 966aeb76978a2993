/**
 * `expacti policy test FILE [--command CMD …]` (offline) · `policy explain REQUEST` · `policy show`
 * · `policy versions` · `policy upload FILE` (admins) · `policy notifications [--dead]` · `policy
 * retry ID` (admins). The team policy file: docs/policies.md; notifications: docs/notifications.md.
 */
import { readFileSync } from 'node:fs';
import {
  defineCommand,
  parseSubcommand,
  pick,
  pickSubcommand,
  type GroupSpec,
  type OptionSpecs,
} from './args.js';
import { resolveRequestId, UsageError, withReviewer } from './reviewer.js';
import { print, printJson } from './output.js';
import { displayInline } from '../protocol/displayText.js';
import type { AppliedPolicy, ApprovalProgress, VoteView } from '../protocol/policy.js';

const OPTIONS = {
  json: { type: 'boolean', description: 'as JSON' },
  command: {
    type: 'string',
    multiple: true,
    value: 'CMD',
    description: 'also show which rules apply to this command (repeatable)',
  },
  fact: {
    type: 'string',
    multiple: true,
    value: 'KEY=VALUE',
    description: 'a fact for --command: cwd, branch, agent, namespace, database, estimatedRows, …',
  },
  note: { type: 'string', value: 'TEXT', description: 'why (kept with the version and in the audit log)' },
  'if-latest': {
    type: 'string',
    value: 'N',
    description: 'refuse the upload unless the latest version is still N',
  },
  version: { type: 'string', value: 'N', description: 'this version instead of the latest' },
  dead: { type: 'boolean', description: 'only messages that failed for good (dead letters)' },
} satisfies OptionSpecs;

export const spec: GroupSpec = {
  name: 'policy',
  summary: 'test, load and explain the team approval policy (N-of-M approvals, escalation, notifications)',
  details:
    'The policy is a YAML file (docs/policies.md): rules that match the analysis and the runtime context, ' +
    'each with examples that must hold. `test` checks a file offline; `upload` stores it as a new version ' +
    '(admins; or start the server with --policy FILE); `explain` shows which rules applied to a request.',
  subcommands: {
    test: defineCommand({
      name: 'policy test',
      summary: 'check a policy file offline: schema, sense, every example (exit 1 when refused)',
      usage: ['policy test FILE [--command CMD [--fact KEY=VALUE …]] [--json]'],
      options: pick(OPTIONS, 'command', 'fact', 'json'),
      arguments: { name: 'FILE', min: 1, max: 1 },
      examples: [
        'expacti policy test expacti-policy.yaml',
        'expacti policy test expacti-policy.yaml --command "psql -c \'DROP TABLE users\'" --fact database=prod',
      ],
    }),
    explain: defineCommand({
      name: 'policy explain',
      summary: 'which rules applied to a request, its votes, and how the current policy judges it',
      usage: ['policy explain REQUEST [--json]'],
      options: pick(OPTIONS, 'json'),
      arguments: { name: 'REQUEST (an id or a unique prefix)', min: 1, max: 1 },
      examples: ['expacti policy explain 3f2a'],
    }),
    show: defineCommand({
      name: 'policy show',
      summary: "print the org's policy (the latest version, or --version N)",
      usage: ['policy show [--version N] [--json]'],
      options: pick(OPTIONS, 'version', 'json'),
      examples: ['expacti policy show', 'expacti policy show --version 3'],
    }),
    versions: defineCommand({
      name: 'policy versions',
      summary: 'list the versions of the policy: who loaded each, when, why',
      usage: ['policy versions [--json]'],
      options: pick(OPTIONS, 'json'),
      examples: ['expacti policy versions'],
    }),
    upload: defineCommand({
      name: 'policy upload',
      summary: 'store a policy file as the new version (admins; checked first, audited)',
      usage: ['policy upload FILE [--note TEXT] [--if-latest N] [--json]'],
      options: pick(OPTIONS, 'note', 'if-latest', 'json'),
      arguments: { name: 'FILE', min: 1, max: 1 },
      examples: ["expacti policy upload expacti-policy.yaml --note 'two DBAs for prod DDL'"],
    }),
    notifications: defineCommand({
      name: 'policy notifications',
      summary: 'the notification outbox: sent, waiting, and dead letters (admins)',
      usage: ['policy notifications [--dead] [--json]'],
      options: pick(OPTIONS, 'dead', 'json'),
      examples: ['expacti policy notifications --dead'],
    }),
    retry: defineCommand({
      name: 'policy retry',
      summary: 'send a dead notification again (admins)',
      usage: ['policy retry ID'],
      options: pick(OPTIONS, 'json'),
      arguments: { name: 'ID', min: 1, max: 1 },
      examples: ['expacti policy retry 0b7c…'],
    }),
  },
  examples: ['expacti policy test expacti-policy.yaml', 'expacti policy explain 3f2a'],
};

export async function main(args: string[]): Promise<number> {
  const picked = pickSubcommand(spec, args);
  if ('exit' in picked) return picked.exit;
  const parsed = parseSubcommand(picked, OPTIONS);
  if ('exit' in parsed) return parsed.exit;
  const sub = picked.name;
  const { values, positionals } = parsed;
  if (sub === 'test') return (await import('./policyTest.js')).testFile(positionals[0] ?? '', values);
  return withReviewer(`policy ${sub ?? ''}`.trim(), async (client) => {
    if (sub === 'explain') {
      const id = await resolveRequestId(client, positionals[0]);
      const res = await client.call<ExplainResponse>('GET', `/requests/${encodeURIComponent(id)}/policy`);
      if (values.json) printJson(res);
      else print(explainLines(res).join('\n'));
      return 0;
    }
    if (sub === 'show') {
      const res = values.version
        ? await client.call<{ policy: VersionView }>(
            'GET',
            `/policy/versions/${encodeURIComponent(values.version)}`,
          )
        : await client.call<{ policy: VersionView | null; fromFile: string | null }>('GET', '/policy');
      if (values.json) printJson(res);
      else if (!res.policy) print('no policy stored: the default applies (one approval from any reviewer)');
      else
        print(
          `# version ${res.policy.version}, by ${res.policy.createdBy} at ${res.policy.createdAt}${res.policy.note ? ` — ${res.policy.note}` : ''}\n${res.policy.source ?? ''}`,
        );
      return 0;
    }
    if (sub === 'versions') {
      const res = await client.call<{ versions: VersionView[] }>('GET', '/policy/versions');
      if (values.json) printJson(res);
      else if (res.versions.length === 0) print('no policy stored: the default applies');
      else
        print(
          res.versions
            .map(
              (v) =>
                `${v.version}  ${v.createdAt}  ${displayInline(v.createdBy)}  ${displayInline(v.note ?? '')}`,
            )
            .join('\n'),
        );
      return 0;
    }
    if (sub === 'upload') {
      const file = positionals[0] ?? '';
      const source = readSource(file);
      const ifLatest = values['if-latest'] === undefined ? undefined : Number(values['if-latest']);
      if (ifLatest !== undefined && !Number.isInteger(ifLatest))
        throw new UsageError('--if-latest takes a version number');
      const res = await client.call<{ policy: VersionView }>('POST', '/policy', {
        source,
        ...(values.note ? { note: values.note } : {}),
        ...(ifLatest !== undefined ? { ifLatest } : {}),
      });
      if (values.json) printJson(res);
      else
        print(
          `stored ${file} as policy version ${res.policy.version} (audited); it applies to new requests now`,
        );
      return 0;
    }
    if (sub === 'notifications') {
      const res = await client.call<{ notifications: NotificationView[] }>(
        'GET',
        `/notifications${values.dead ? '?status=dead' : ''}`,
      );
      if (values.json) printJson(res);
      else if (res.notifications.length === 0) print(values.dead ? 'no dead letters' : 'no notifications');
      else
        print(
          res.notifications
            .map(
              (n) =>
                `${n.id}  ${n.status}  ${n.channel}  ${n.event}  request ${n.requestId ?? '-'}  ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}${n.lastError ? `  ${displayInline(n.lastError)}` : ''}`,
            )
            .join('\n'),
        );
      return 0;
    }
    const id = positionals[0] ?? '';
    await client.call('POST', `/notifications/${encodeURIComponent(id)}/retry`, {});
    print(`notification ${id} is due again`);
    return 0;
  });
}

interface VersionView {
  version: number;
  createdAt: string;
  createdBy: string;
  note: string | null;
  source?: string;
}

interface NotificationView {
  id: string;
  channel: string;
  event: string;
  requestId: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
}

interface ExplainResponse {
  request: string;
  status: string;
  applied: AppliedPolicy | null;
  approvals: ApprovalProgress | null;
  votes: VoteView[];
  current: { version: number; rules: Array<{ name: string; match: string }> } | null;
}

function explainLines(res: ExplainResponse): string[] {
  const lines = [`request ${res.request} (${res.status})`];
  if (!res.applied) lines.push('when it came: the default policy (one approval from any reviewer)');
  else {
    const a = res.applied;
    lines.push(`when it came: policy version ${a.version}`);
    for (const r of a.rules)
      lines.push(
        `  rule ${r.name}: ${r.match === 'yes' ? 'applied' : 'applied (a runtime fact was not known yet)'}`,
      );
    if (a.deny) lines.push(`  denied by ${a.deny.rule}: ${displayInline(a.deny.message)}`);
    for (const r of a.requirements)
      lines.push(
        `  needs ${r.approvals} approval${r.approvals === 1 ? '' : 's'}${r.from ? ` from ${r.from.join(' or ')}` : ''} (${r.rule})`,
      );
    if (a.whitelist === 'forbid') lines.push('  may not be whitelisted');
    if (a.timeoutSeconds !== null) lines.push(`  timeout ${a.timeoutSeconds} s, then ${a.onTimeout}`);
    for (const e of a.escalate) lines.push(`  after ${e.afterSeconds} s: escalate to ${e.to}`);
    if (a.route.length) lines.push(`  routed to ${a.route.join(', ')}`);
  }
  if (res.approvals) lines.push(`approvals: ${res.approvals.summary}`);
  for (const v of res.votes)
    lines.push(
      `  ${v.vote} by ${displayInline(v.name)} at ${v.at}${v.groups.length ? ` (${v.groups.join(', ')})` : ''}`,
    );
  if (res.current) {
    lines.push(`the current policy (version ${res.current.version}) would say:`);
    if (res.current.rules.length === 0) lines.push('  no rules');
    for (const r of res.current.rules) lines.push(`  ${r.name}: ${r.match}`);
  }
  return lines;
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}
