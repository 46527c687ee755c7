// What a page shows when it has nothing to show: say so, and say what to do next.
import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The shared "connect a cluster" instructions, for every page whose data comes from ingestion. */
export function ConnectClusterHelp({ dataPlaneUrl }: { dataPlaneUrl: string }) {
  return (
    <>
      <p>
        Fulcrum has not received any statistics yet. Push a batch of server snapshots or worker heartbeats to the data
        plane, as an agent or collector does:
      </p>
      <pre>{`curl -X POST ${dataPlaneUrl}/v1/ingest \\
  -H "Authorization: Bearer $FULCRUM_INGEST_TOKEN" \\
  -H "Content-Type: application/json" \\
  --data @docs/ingest.example.json`}</pre>
      <p className="note">
        The batch format is described in docs/ingest.md. The PowerJob collector, which polls your servers&apos;
        /server/hello endpoint itself, comes with the PowerJob integration.
      </p>
    </>
  );
}
