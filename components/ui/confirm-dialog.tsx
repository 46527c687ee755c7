'use client';
// An in-page confirmation (instead of window.confirm): a modal <dialog> that says what will happen,
// takes focus (on Cancel, the safe choice), closes on Escape, and answers the question's promise.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';

export interface Question {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}

export function useConfirm(): [ReactNode, (q: Question) => Promise<boolean>] {
  const t = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [question, setQuestion] = useState<(Question & { answer: (yes: boolean) => void }) | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (question && d && !d.open) {
      d.showModal();
      cancelRef.current?.focus();
    }
  }, [question]);
  const ask = useCallback((q: Question) => new Promise<boolean>((answer) => setQuestion({ ...q, answer })), []);
  const finish = (yes: boolean) => {
    question?.answer(yes);
    ref.current?.close();
    setQuestion(null);
  };
  const dialog = question ? (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" onCancel={(e) => { e.preventDefault(); finish(false); }}>
      <h2 id="confirm-title">{question.title}</h2>
      <div id="confirm-body">{question.body}</div>
      <div className="toolbar">
        <button type="button" ref={cancelRef} onClick={() => finish(false)}>
          {t('cancel')}
        </button>
        <button type="submit" className={question.danger ? 'danger' : undefined} onClick={() => finish(true)}>
          {question.confirmLabel}
        </button>
      </div>
    </dialog>
  ) : null;
  return [dialog, ask];
}
