/**
 * The org's auto-allow policy (admins; docs/policies.md): read-only commands without asking (on by
 * default), and project mode — low-risk commands that stay in the project run confined, after a
 * checkpoint `expacti undo` restores (off by default: a visible choice).
 */
import { useEffect, useState } from 'react';
import { errorText, get, patch } from '../api.js';

interface OrgPolicy {
  autoAllowReadOnly: boolean;
  projectMode: boolean;
}

const CHOICES: Array<{ key: keyof OrgPolicy; label: string; on: string; off: string }> = [
  {
    key: 'autoAllowReadOnly',
    label: 'Run read-only commands without asking (held read-only: no writes, no network, no secrets)',
    on: 'Read-only commands now run without asking.',
    off: 'Read-only commands now go to a reviewer.',
  },
  {
    key: 'projectMode',
    label:
      'Project mode: run low-risk commands that stay in the project without asking (confined to the project and the temp dir, no network, after a checkpoint that `expacti undo` restores)',
    on: 'Project mode is on.',
    off: 'Project mode is off: low-risk commands go to a reviewer.',
  },
];

export function PolicySettings({ onMessage }: { onMessage: (text: string, error?: boolean) => void }) {
  const [policy, setPolicy] = useState<OrgPolicy | null>(null);
  useEffect(() => {
    get<{ org: { settings: OrgPolicy } }>('/v1/org').then(
      (r) => setPolicy(r.org.settings),
      (e: unknown) => onMessage(errorText(e), true),
    );
  }, [onMessage]);
  if (!policy) return null;
  return (
    <fieldset className="policy" data-testid="policy-settings">
      <legend>What runs without asking</legend>
      {CHOICES.map((c) => (
        <label className="check" key={c.key}>
          <input
            type="checkbox"
            checked={policy[c.key]}
            onChange={(e) => {
              const value = e.target.checked;
              const before = policy;
              setPolicy({ ...policy, [c.key]: value });
              patch('/v1/org', { [c.key]: value }).then(
                () => onMessage(value ? c.on : c.off),
                (err: unknown) => {
                  setPolicy(before); // not saved: show what holds
                  onMessage(errorText(err), true);
                },
              );
            }}
          />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
