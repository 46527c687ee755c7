// A problem+json answer as one line for a form's alert.
export async function problemText(res: Response): Promise<string> {
  const p = (await res.json().catch(() => ({}))) as { detail?: string; errors?: { path: string; message: string }[] };
  return [p.detail, ...(p.errors ?? []).map((e) => `${e.path}: ${e.message}`)].filter(Boolean).join(' — ') || `HTTP ${res.status}`;
}
