/** One whitelist entry: lineage (who, from which request), use, TTL, and its actions. */
import { useState } from 'react';
import { del, errorText, patch } from '../api.js';
import type { WhitelistEntryView } from '../types.js';
import { href } from '../router.js';
import { ago, shortId, stamp } from '../ui/format.js';
import { TTL_CHOICES } from '../queue/WhitelistDialog.js';
import { Faithful } from '../ui/Faithful.js';
import { displayInline } from '../../../src/protocol/displayText.js';

export function WhitelistRow({ entry: e, onChanged }: { entry: WhitelistEntryView; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(e.note ?? '');
  const [ttl, setTtl] = useState<string>('keep');
  const [error, setError] = useState('');
  const expired = e.expiresAt !== null && e.expiresAt <= new Date().toISOString();

  async function run(action: () => Promise<unknown>) {
    setError('');
    try {
      await action();
      setEditing(false);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  }

  const save = () => {
    const body: { note: string | null; ttlSeconds?: number | null } = { note: note.trim() || null };
    if (ttl !== 'keep') body.ttlSeconds = ttl === '' ? null : Number(ttl);
    void run(() => patch(`/v1/whitelist/${e.id}`, body));
  };

  return (
    <>
      <tr className={e.disabled || expired ? 'inactive' : ''} data-entry-id={e.id}>
        <td data-label="Pattern">
          <code className="pattern">
            <Faithful text={e.pattern} />
          </code>
          <div className="small">
            <span className={`effect effect-${e.effect}`}>{e.effect}</span> {e.exact ? 'exact' : 'pattern'}
            {e.disabled ? <span className="tag">disabled</span> : null}
            {expired ? <span className="tag">expired</span> : null}
            {e.note ? (
              <span className="muted">
                {' '}
                · “<Faithful text={e.note} />”
              </span>
            ) : null}
          </div>
        </td>
        <td data-label="Scope">
          {e.scope.kind === 'org' ? 'whole org' : <Faithful text={`agent ${e.scope.agent}`} />}
        </td>
        <td data-label="Created">
          <Faithful text={e.createdBy} /> <span className="muted">{ago(e.createdAt)}</span>
          {e.createdFromRequest ? (
            <div className="small">
              from{' '}
              <a href={href({ page: 'queue', id: e.createdFromRequest })}>
                request {shortId(e.createdFromRequest)}
              </a>
            </div>
          ) : null}
        </td>
        <td className="num" data-label="Hits">
          {e.hits}
        </td>
        <td data-label="Last use">
          {e.lastUsedAt ? ago(e.lastUsedAt) : <span className="muted">never</span>}
        </td>
        <td data-label="Expires">
          {e.expiresAt ? stamp(e.expiresAt) : <span className="muted">never</span>}
        </td>
        <td className="actions">
          <button onClick={() => setEditing((x) => !x)} aria-expanded={editing}>
            Edit
          </button>
          <button onClick={() => void run(() => patch(`/v1/whitelist/${e.id}`, { disabled: !e.disabled }))}>
            {e.disabled ? 'Enable' : 'Disable'}
          </button>
          <button
            className="danger"
            onClick={() =>
              confirm(
                `Delete the entry "${displayInline(e.pattern)}"? Commands it allowed will need review again.`,
              ) && void run(() => del(`/v1/whitelist/${e.id}`))
            }
          >
            Delete
          </button>
        </td>
      </tr>
      {(editing || error) && (
        <tr className="edit-row">
          <td colSpan={7}>
            {editing && (
              <div className="filters">
                <label>
                  Note
                  <input value={note} onChange={(ev) => setNote(ev.target.value)} maxLength={4000} />
                </label>
                <label>
                  Expiry
                  <select value={ttl} onChange={(ev) => setTtl(ev.target.value)}>
                    <option value="keep">keep ({e.expiresAt ? stamp(e.expiresAt) : 'never'})</option>
                    {TTL_CHOICES.map(([label, s]) => (
                      <option key={label} value={s ?? ''}>
                        {s === null ? 'never expires' : `${label} from now`}
                      </option>
                    ))}
                  </select>
                </label>
                <button className="primary" onClick={save}>
                  Save
                </button>
                <button onClick={() => setEditing(false)}>Cancel</button>
              </div>
            )}
            {error && (
              <p className="error" role="alert">
                <Faithful text={error} />
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
