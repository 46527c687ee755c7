// Says, on every page, that the data comes from an emulated cluster, and how to connect a real one.
export function DemoBanner({ scenario }: { scenario: string }) {
  return (
    <div className="demo-banner" role="note" aria-label="Demo cluster">
      <strong>Demo:</strong> this console shows an <em>emulated</em> PowerJob cluster (scenario <code>{scenario}</code>), not a
      real one. Connect yours with <code>FULCRUM_POWERJOB_SERVERS=host:7700,…</code> (or Settings → Sources); turn the demo
      off with <code>FULCRUM_DEMO=off</code>.
    </div>
  );
}
