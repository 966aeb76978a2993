/**
 * The org's team policy (issue 11), read-only: its version, who loaded it and when, and its YAML.
 * It is changed as code (`expacti policy upload`, or `expacti serve --policy FILE`), never here.
 */
import { useEffect, useState } from 'react';
import { errorText, get } from '../api.js';

interface PolicyResponse {
  policy: {
    version: number;
    createdAt: string;
    createdBy: string;
    note: string | null;
    source?: string;
  } | null;
  fromFile: string | null;
}

export function TeamPolicyView({ onMessage }: { onMessage: (text: string, error?: boolean) => void }) {
  const [policy, setPolicy] = useState<PolicyResponse | null>(null);
  useEffect(() => {
    get<PolicyResponse>('/v1/policy').then(setPolicy, (e: unknown) => onMessage(errorText(e), true));
  }, [onMessage]);
  if (!policy) return null;
  const p = policy.policy;
  return (
    <fieldset className="team-policy" data-testid="team-policy">
      <legend>Team approval policy</legend>
      {p === null ? (
        <p className="muted">
          No policy loaded: one approval from any reviewer decides (docs/policies.md). Load one with{' '}
          <code>expacti policy upload FILE</code>.
        </p>
      ) : (
        <>
          <p>
            Version {p.version}, loaded by {p.createdBy} on {new Date(p.createdAt).toLocaleString()}
            {p.note ? ` — ${p.note}` : ''}
            {policy.fromFile ? ` (from ${policy.fromFile})` : ''}.
          </p>
          <details>
            <summary>Show the policy</summary>
            <pre className="policy-source">{p.source}</pre>
          </details>
        </>
      )}
    </fieldset>
  );
}
