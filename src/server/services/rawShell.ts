/**
 * Raw terminal passthrough for the SSH gateway (issue 14): allowed only for the agents an admin
 * listed in the org's `sshRawPtyAgents` (default none). Every ask is audited — a start as
 * `ssh.raw_shell_started`, a refusal as `ssh.raw_shell_refused` — so a session that ran without
 * line-by-line gating is on the record with who allowed it and where it went.
 */
import type { RawShellBody, RawShellResponse } from '../../protocol/rawShell.js';
import type { Store } from '../../store/store.js';
import type { OrgCache } from './orgCache.js';
import type { Principal } from '../auth.js';

export interface RawShellDeps {
  store: Store;
  orgs: OrgCache;
  now: () => Date;
}

type Agent = Extract<Principal, { kind: 'agent' }>;

export async function decideRawShell(
  deps: RawShellDeps,
  agent: Agent,
  body: RawShellBody,
): Promise<RawShellResponse> {
  const org = await deps.orgs.get(agent.orgId);
  const allowed = org.settings.sshRawPtyAgents.includes(agent.name);
  const reason = allowed
    ? `agent ${agent.name} is listed in the org setting sshRawPtyAgents`
    : `agent ${agent.name} is not listed in the org setting sshRawPtyAgents: its terminal is line-gated`;
  await deps.store.appendAudit([
    {
      ts: deps.now().toISOString(),
      orgId: agent.orgId,
      actor: { kind: 'agent', id: agent.tokenId, name: agent.name },
      action: allowed ? 'ssh.raw_shell_started' : 'ssh.raw_shell_refused',
      subject: body.session,
      data: { session: body.session, target: body.target, reason },
    },
  ]);
  return { allowed, reason };
}
