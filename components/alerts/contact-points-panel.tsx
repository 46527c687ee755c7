'use client';
// Webhook contact points (Alertmanager webhook JSON), with a test button that says how the receiver answered.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { sendJson, useContactPoints } from '@/lib/hooks/use-alerts';

export function ContactPointsPanel() {
  const cps = useContactPoints();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function add() {
    const r = await sendJson<{ errors?: { path: string; message: string }[]; detail?: string }>('POST', '/api/contact-points', { name, url, enabled: true });
    if (!r.ok) return setMessage(r.json.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? r.json.detail ?? `HTTP ${r.status}`);
    setName('');
    setUrl('');
    setMessage(null);
    void cps.mutate();
  }

  return (
    <section aria-label="Contact points">
      <h2>Contact points</h2>
      <p className="note">Every enabled webhook gets each firing and resolved notification as Alertmanager webhook JSON (version 4); a receiver that is down gets them when it is back.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">URL</th>
            <th scope="col">Enabled</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(cps.data?.contactPoints ?? []).map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{c.url}</td>
              <td>{c.enabled ? 'yes' : 'no'}</td>
              <td>
                <IfCan role="operator">
                <button
                  type="button"
                  aria-label={`Test ${c.name}`}
                  onClick={async () => {
                    const r = await sendJson<{ ok: boolean; error: string | null; ms: number }>('POST', `/api/contact-points/${c.id}/test`);
                    setMessage(r.json.ok ? `Test sent to ${c.name}: delivered in ${r.json.ms} ms.` : `Test to ${c.name} failed: ${r.json.error}.`);
                  }}
                >
                  Test
                </button>{' '}
                <button type="button" aria-label={`Delete ${c.name}`} onClick={async () => { await sendJson('DELETE', `/api/contact-points/${c.id}`); void cps.mutate(); }}>
                  Delete
                </button>
                </IfCan>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <IfCan role="operator">
      <form className="inline-form" aria-label="New contact point" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Webhook URL <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="http://alertmanager-receiver:9095/hook" />
        </label>
        <button type="submit">Add contact point</button>
      </form>
      </IfCan>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
