/**
 * Reviewer groups (admins; docs/policies.md): the team policy requires approvals from them, routes
 * requests and escalates to them. Every change is audited; a group the policy names cannot go.
 */
import { useCallback, useEffect, useState } from 'react';
import { del, errorText, get, post } from '../api.js';
import type { GroupView } from '../../../src/protocol/policy.js';

export function GroupsSettings({ onMessage }: { onMessage: (text: string, error?: boolean) => void }) {
  const [groups, setGroups] = useState<GroupView[] | null>(null);
  const [name, setName] = useState('');
  const [member, setMember] = useState<Record<string, string>>({});
  const load = useCallback(
    () =>
      get<{ groups: GroupView[] }>('/v1/groups').then(
        (r) => setGroups(r.groups),
        (e: unknown) => onMessage(errorText(e), true),
      ),
    [onMessage],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = (work: Promise<unknown>, done: string) =>
    work.then(
      () => {
        onMessage(done);
        void load();
      },
      (e: unknown) => onMessage(errorText(e), true),
    );
  if (!groups) return null;
  return (
    <fieldset className="groups" data-testid="groups-settings">
      <legend>Reviewer groups</legend>
      {groups.length === 0 && (
        <p className="muted">No groups yet. A team policy may require approvals from one.</p>
      )}
      <ul>
        {groups.map((g) => (
          <li key={g.name} data-testid={`group-${g.name}`}>
            <strong>{g.name}</strong>:{' '}
            {g.members.length === 0
              ? 'no members'
              : g.members.map((m) => (
                  <span key={m.id} className="member">
                    {m.username}{' '}
                    <button
                      className="link"
                      aria-label={`Remove ${m.username} from ${g.name}`}
                      onClick={() =>
                        act(
                          del(`/v1/groups/${g.name}/members/${encodeURIComponent(m.username)}`),
                          `Removed ${m.username} from ${g.name}.`,
                        )
                      }
                    >
                      ×
                    </button>{' '}
                  </span>
                ))}
            <form
              className="inline"
              onSubmit={(e) => {
                e.preventDefault();
                const username = (member[g.name] ?? '').trim();
                if (!username) return;
                void act(
                  post(`/v1/groups/${g.name}/members`, { username }),
                  `Added ${username} to ${g.name}.`,
                );
                setMember({ ...member, [g.name]: '' });
              }}
            >
              <input
                aria-label={`Add a member to ${g.name}`}
                placeholder="username"
                value={member[g.name] ?? ''}
                onChange={(e) => setMember({ ...member, [g.name]: e.target.value })}
              />
              <button type="submit">Add</button>
              <button
                type="button"
                onClick={() => act(del(`/v1/groups/${g.name}`), `Deleted group ${g.name}.`)}
              >
                Delete group
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const n = name.trim();
          if (!n) return;
          void act(post('/v1/groups', { name: n }), `Created group ${n}.`);
          setName('');
        }}
      >
        <input
          aria-label="New group name"
          placeholder="new group (e.g. dba)"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit">Create group</button>
      </form>
    </fieldset>
  );
}
