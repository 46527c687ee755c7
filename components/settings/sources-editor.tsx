'use client';
// Settings → Sources: the PowerJob servers the collector polls, their status, and the form to
// add, edit and remove the ones added here.
import { useState, type FormEvent } from 'react';
import { sendSourceChange, useSources } from '@/lib/hooks/use-sources';
import { StatusBadge } from '@/components/ui/status-badge';
import { useCan } from '@/components/auth/session';

export function SourcesEditor() {
  const { data, error, mutate } = useSources();
  const [address, setAddress] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ from: string; to: string } | null>(null);
  // sources are an admin's to change; everyone else sees them read-only
  const canEdit = useCan('admin');

  async function change(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
    const problem = await sendSourceChange(method, url, body);
    setMessage(problem);
    await mutate();
    return problem === null;
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await change('POST', '/api/sources', { address: address.trim() })) setAddress('');
  }

  const sources = data?.sources;
  return (
    <>
      {canEdit ? (
        <>
      <form onSubmit={add} className="inline-form">
        <label htmlFor="source-address">PowerJob server web address</label>
        <input
          id="source-address"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          placeholder="10.0.0.5:7700"
          aria-describedby="source-help"
          required
        />
        <button type="submit">Add source</button>
      </form>
      <p id="source-help" className="note">
        host:port of a server&apos;s web port, as in PowerJob&apos;s server-address list. Changes apply at the next
        collection round, without a restart.
      </p>
      </>
      ) : null}
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
      {error ? <p role="alert" className="error">Could not load the sources: {String(error.message)}</p> : null}
      {!sources ? (
        <p aria-busy="true">Loading sources…</p>
      ) : sources.length === 0 ? (
        <p>No sources yet. Add a server above, or set FULCRUM_POWERJOB_SERVERS.</p>
      ) : (
        <table>
          <caption>{sources.length} sources</caption>
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">From</th>
              <th scope="col">Collection</th>
              <th scope="col" className="num">Apps held</th>
              <th scope="col" className="num">Workers</th>
              <th scope="col">Last success (UTC)</th>
              <th scope="col">Problem</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr key={s.address}>
                <th scope="row">
                  {editing?.from === s.address ? (
                    <input
                      aria-label={`New address for ${s.address}`}
                      value={editing.to}
                      onChange={(e) => setEditing({ from: s.address, to: e.target.value })}
                    />
                  ) : (
                    s.address
                  )}
                </th>
                <td>{s.origin === 'env' ? 'FULCRUM_POWERJOB_SERVERS' : s.origin === 'demo' ? 'demo cluster' : 'console'}</td>
                <td>
                  <StatusBadge status={s.state === 'ok' ? 'up' : s.state === 'failing' ? 'down' : 'unknown'} /> {s.state}
                </td>
                <td className="num">{s.appsHeld}</td>
                <td className="num">{s.workers}</td>
                <td>{s.lastSuccessAt ? s.lastSuccessAt.replace('T', ' ').slice(0, 19) : 'never'}</td>
                <td className="wrap">{s.lastError ?? ''}</td>
                <td>
                  {s.origin === 'console' && !canEdit ? (
                    <span className="note">added in the console</span>
                  ) : s.origin === 'console' ? (
                    editing?.from === s.address ? (
                      <>
                        <button
                          type="button"
                          onClick={async () => {
                            if (await change('PUT', `/api/sources/${encodeURIComponent(s.address)}`, { address: editing.to.trim() })) setEditing(null);
                          }}
                        >
                          Save
                        </button>{' '}
                        <button type="button" onClick={() => setEditing(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <>
                        <button type="button" onClick={() => setEditing({ from: s.address, to: s.address })} aria-label={`Edit ${s.address}`}>
                          Edit
                        </button>{' '}
                        <button
                          type="button"
                          aria-label={`Remove ${s.address}`}
                          onClick={() => change('DELETE', `/api/sources/${encodeURIComponent(s.address)}`)}
                        >
                          Remove
                        </button>
                      </>
                    )
                  ) : (
                    <span className="note">{s.origin === 'demo' ? 'emulated' : 'set by environment'}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
