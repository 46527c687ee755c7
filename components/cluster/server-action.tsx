'use client';
// One operator action on a server page (forget, confirm): a button that asks first in an in-page
// dialog, sends one request and says why it was refused. Operators only.
import { useState } from 'react';
import { IfCan } from '@/components/auth/session';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { ErrorAlert, useProblemText } from '@/components/ui/field-errors';
import type { Answer } from '@/lib/hooks/api-client';

export function ServerAction({ label, note, title, question, send, done, danger }: { label: string; note: string; title: string; question: string; send: () => Promise<Answer<unknown>>; done: () => void; danger?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dialog, ask] = useConfirm();
  const problemText = useProblemText();
  async function act() {
    if (!(await ask({ title, body: <p>{question}</p>, confirmLabel: label, danger }))) return;
    setBusy(true);
    setError(null);
    const answer = await send();
    setBusy(false);
    if (answer.ok) return done();
    setError(problemText(answer.problem, answer.status));
  }
  return (
    <IfCan role="operator">
      {dialog}
      <p>
        <button type="button" disabled={busy} onClick={act}>
          {label}
        </button>{' '}
        <span className="note">{note}</span>
      </p>
      <ErrorAlert message={error} />
    </IfCan>
  );
}
