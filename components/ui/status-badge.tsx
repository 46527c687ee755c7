// A health word in colour and in text (colour is never the only signal).
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${status}`}>{status}</span>;
}
