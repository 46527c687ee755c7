'use client';
// Silences: what is silenced now or later (one-off or a recurring window), and a form to add one.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { sendJson, useSilences } from '@/lib/hooks/use-alerts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function SilencesPanel() {
  const silences = useSilences();
  const [matchers, setMatchers] = useState('alertname=');
  const [hours, setHours] = useState('2');
  const [comment, setComment] = useState('');
  const [recurring, setRecurring] = useState(false);
  const [window, setWindow] = useState({ start: '23:00', end: '01:00', days: [1, 2, 3, 4, 5] });
  const [error, setError] = useState<string | null>(null);

  async function add() {
    const parsed = matchers
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean)
      .map((m) => {
        const op = ['!~', '=~', '!=', '='].find((o) => m.includes(o))!;
        const [name, value] = m.split(op).map((x) => x.trim());
        return { name: name!, value: value ?? '', op };
      });
    const start = new Date();
    const end = new Date(start.getTime() + Number(hours) * 3_600_000);
    const r = await sendJson<{ errors?: { path: string; message: string }[]; detail?: string }>('POST', '/api/silences', {
      matchers: parsed,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      comment,
      ...(recurring ? { recurrence: window } : {}),
    });
    if (!r.ok) return setError(r.json.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? r.json.detail ?? `HTTP ${r.status}`);
    setError(null);
    setComment('');
    void silences.mutate();
  }

  return (
    <section aria-label="Silences">
      <h2>Silences</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Matchers</th>
            <th scope="col">From</th>
            <th scope="col">Until</th>
            <th scope="col">Window</th>
            <th scope="col">By</th>
            <th scope="col">Comment</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(silences.data?.silences ?? []).map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.matchers.map((m) => `${m.name}${m.op}${m.value}`).join(', ')}</th>
              <td>{when(s.startsAt)}</td>
              <td>{when(s.endsAt)}</td>
              <td>{s.recurrence ? `${s.recurrence.days.map((d) => DAYS[d]).join(' ')} ${s.recurrence.start}–${s.recurrence.end} UTC` : 'always'}</td>
              <td>{s.createdBy}</td>
              <td>{s.comment}</td>
              <td>
                <IfCan role="operator">
                  <button type="button" onClick={async () => { await sendJson('DELETE', `/api/silences/${s.id}`); void silences.mutate(); }}>
                    Expire
                  </button>
                </IfCan>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <IfCan role="operator">
      <form className="inline-form" aria-label="New silence" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label>
          Matchers <input value={matchers} onChange={(e) => setMatchers(e.target.value)} placeholder="alertname=skew, server=~10\.0\..*" />
        </label>
        <label>
          For (hours) <input type="number" min={0.01} step="any" value={hours} onChange={(e) => setHours(e.target.value)} />
        </label>
        <label>
          Comment <input value={comment} onChange={(e) => setComment(e.target.value)} required />
        </label>
        <label>
          <input type="checkbox" checked={recurring} onChange={(e) => setRecurring(e.target.checked)} /> Only in a recurring window
        </label>
        {recurring && (
          <>
            <label>
              Window from <input value={window.start} onChange={(e) => setWindow({ ...window, start: e.target.value })} pattern="\d\d:\d\d" />
            </label>
            <label>
              to <input value={window.end} onChange={(e) => setWindow({ ...window, end: e.target.value })} pattern="\d\d:\d\d" />
            </label>
            <fieldset>
              <legend>Days (UTC)</legend>
              {DAYS.map((d, i) => (
                <label key={d}>
                  <input
                    type="checkbox"
                    checked={window.days.includes(i)}
                    onChange={(e) => setWindow({ ...window, days: e.target.checked ? [...window.days, i].sort() : window.days.filter((x) => x !== i) })}
                  />
                  {d}
                </label>
              ))}
            </fieldset>
          </>
        )}
        <button type="submit">Add silence</button>
      </form>
      </IfCan>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
