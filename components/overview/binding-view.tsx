// Which apps sit on which server, each app a block sized by its load: a pile-up shows at a glance.
export interface BindingApp {
  appId: number;
  appName: string | null;
  serverAddress: string | null;
  load: number;
}

const MAX_BLOCKS = 60;

export function BindingView({ servers, apps, measureLabel }: { servers: { address: string; counted: boolean }[]; apps: BindingApp[]; measureLabel: string }) {
  const total = apps.reduce((a, x) => a + Math.max(x.load, 0), 0) || 1;
  const unbound = apps.filter((a) => !a.serverAddress || !servers.some((s) => s.address === a.serverAddress));
  return (
    <section aria-label="Apps by server" className="binding-view">
      {servers.map((s) => {
        const own = apps.filter((a) => a.serverAddress === s.address).sort((a, b) => b.load - a.load);
        const shown = own.slice(0, MAX_BLOCKS);
        const rest = own.slice(MAX_BLOCKS);
        const load = own.reduce((a, x) => a + x.load, 0);
        return (
          <div key={s.address} className={`binding-column${s.counted ? '' : ' excluded'}`}>
            <h3>
              {s.address} <span className="note">{own.length} apps · {Math.round((100 * load) / total)}% of {measureLabel}</span>
            </h3>
            <div className="blocks">
              {shown.map((a) => (
                <span key={a.appId} className="block" style={{ flexGrow: Math.max(a.load, 0.2), minWidth: `${Math.max(1.5, (100 * a.load) / total)}%` }} title={`${a.appName ?? a.appId}: ${a.load}`}>
                  {a.appName ?? a.appId}
                </span>
              ))}
              {rest.length ? <span className="block more">+{rest.length} more</span> : null}
            </div>
          </div>
        );
      })}
      {unbound.length ? <p className="note">{unbound.length} apps have no live owner.</p> : null}
    </section>
  );
}
