'use client';
// Which apps sit on which server, compact enough for 200 servers and thousands of apps: one line
// per server (apps, share, a bar, its top apps with their share of it), one server expanded at a
// time to show all its apps, and a search that narrows the list to the servers holding a match.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';

export interface BindingApp {
  appId: number;
  appName: string | null;
  serverAddress: string | null;
  load: number;
}

const TOP = 5;
const MAX_CHIPS = 300;
const FIRST_SERVERS = 20;

export function BindingView({ servers, apps, measureLabel, label }: { servers: { address: string; counted: boolean }[]; apps: BindingApp[]; measureLabel: string; label: string }) {
  const t = useTranslations('binding');
  const fmt = useFormat();
  const [query, setQuery] = useState('');
  const [all, setAll] = useState(false);
  const total = apps.reduce((a, x) => a + Math.max(x.load, 0), 0) || 1;
  const name = (a: BindingApp) => a.appName ?? String(a.appId);
  const q = query.trim().toLowerCase();
  const matches = (a: BindingApp) => !q || name(a).toLowerCase().includes(q) || String(a.appId) === q;
  const byServer = new Map<string, BindingApp[]>();
  for (const a of apps) if (a.serverAddress) (byServer.get(a.serverAddress) ?? byServer.set(a.serverAddress, []).get(a.serverAddress)!).push(a);
  const rows = servers
    .map((s) => {
      const own = (byServer.get(s.address) ?? []).sort((a, b) => b.load - a.load || name(a).localeCompare(name(b)));
      return { ...s, own, load: own.reduce((sum, x) => sum + x.load, 0), hits: own.filter(matches) };
    })
    .filter((r) => !q || r.hits.length > 0)
    .sort((a, b) => b.load - a.load || a.address.localeCompare(b.address));
  // a few servers are all shown open; past that, one server at a time
  const small = servers.length <= 4;
  const [open, setOpen] = useState<string | null>(null);
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const known = new Set(servers.map((s) => s.address));
  const unbound = apps.filter((a) => !a.serverAddress || !known.has(a.serverAddress));
  const shownRows = all || q ? rows : rows.slice(0, FIRST_SERVERS);
  return (
    <section aria-label={label} className="binding-view">
      <div className="toolbar">
        <label>
          {t('search')}{' '}
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('searchPlaceholder')} />
        </label>
        {q ? <span className="note" role="status">{t('matches', { count: rows.reduce((n, r) => n + r.hits.length, 0), servers: rows.length })}</span> : null}
      </div>
      <div className="server-list">
        {shownRows.map((r) => {
          const list = q ? r.hits : r.own;
          const isOpen = q ? true : small ? !closed.has(r.address) : open === r.address;
          const top = r.own.slice(0, TOP).map((a) => t('appShare', { app: name(a), share: fmt.percent(r.load ? a.load / r.load : 0, 1) }));
          return (
            <details
              key={r.address}
              className={r.counted ? undefined : 'excluded'}
              open={isOpen}
              onToggle={(e) => {
                const nowOpen = (e.currentTarget as HTMLDetailsElement).open;
                if (q || nowOpen === isOpen) return;
                if (small) setClosed((c) => { const n = new Set(c); if (nowOpen) n.delete(r.address); else n.add(r.address); return n; });
                else setOpen(nowOpen ? r.address : null);
              }}
            >
              <summary>
                <strong>{r.address}</strong>
                <span className="note">{t('summary', { count: r.own.length, share: fmt.percent(r.load / total), measure: measureLabel })}</span>
                <span className="share-bar" style={{ width: `${Math.max(2, Math.round((120 * r.load) / total))}px` }} aria-hidden="true" />
                {r.counted ? null : <span className="badge stale">{t('leftOut')}</span>}
                {r.own.length ? <span className="top">{t('top', { apps: top.join(', ') })}</span> : null}
              </summary>
              {isOpen ? (
                <div className="blocks">
                  {list.slice(0, MAX_CHIPS).map((a) => (
                    <span key={a.appId} className="block" title={`${name(a)}: ${a.load}`}>
                      {name(a)}
                    </span>
                  ))}
                  {list.length > MAX_CHIPS ? <span className="block more">{t('more', { count: list.length - MAX_CHIPS })}</span> : null}
                </div>
              ) : null}
            </details>
          );
        })}
      </div>
      {!all && !q && rows.length > FIRST_SERVERS ? (
        <button type="button" onClick={() => setAll(true)}>
          {t('showAll', { count: rows.length })}
        </button>
      ) : null}
      {unbound.length ? <p className="note">{t('unowned', { count: unbound.length })}</p> : null}
    </section>
  );
}
