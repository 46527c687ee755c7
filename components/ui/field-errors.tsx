'use client';
// Field-level errors: the API's problem+json `errors[].path` placed on the form field it names,
// said in the operator's language (by zod's issue code), and tied to the field for assistive
// technology (aria-invalid, aria-describedby). Errors no field claims are listed by the form.
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { FieldError as ProblemFieldError } from '@/lib/api/problem';
import type { ProblemCode } from '@/lib/domain/problem-codes';
import { problemMessage, problemOfError, type ProblemBody, type ProblemTranslator } from '@/lib/i18n/problems';

/** an entry of a problem+json answer's `errors` (lib/api/problem.ts) */
export type ApiFieldError = ProblemFieldError;

/** The field an API path belongs to: the longest key of `fields` that the path starts with. */
export function fieldOf(path: string, fields: readonly string[]): string | null {
  let best: string | null = null;
  for (const f of fields) if ((path === f || path.startsWith(`${f}.`)) && (best === null || f.length > best.length)) best = f;
  return best;
}

/** API paths (`steps.0.percent`) to form fields, through a map of path prefixes to field names. */
export function placeErrors(errors: readonly ApiFieldError[], pathToField: Record<string, string>): { byField: Record<string, ApiFieldError[]>; unplaced: ApiFieldError[] } {
  const byField: Record<string, ApiFieldError[]> = {};
  const unplaced: ApiFieldError[] = [];
  const prefixes = Object.keys(pathToField);
  for (const e of errors) {
    const prefix = fieldOf(e.path, prefixes);
    if (prefix === null) unplaced.push(e);
    else (byField[pathToField[prefix]!] ??= []).push(e);
  }
  return { byField, unplaced };
}

/** An error in the operator's words: by its code when the console knows it, else the API's message. */
export function useErrorText() {
  const t = useTranslations('fieldErrors');
  return (e: ApiFieldError): string => {
    if (e.code === 'custom' && e.key && t.has(`custom.${e.key}`)) return t(`custom.${e.key}`);
    // zod names some codes with the origin (invalid_format.string for a regex): the kind is what counts
    const kind = e.code && /^invalid_(format|value|type)\./.test(e.code) ? e.code.split('.')[0] : e.code;
    switch (kind) {
      case 'too_small.number':
      case 'too_small.bigint':
        return t('too_small.number', { minimum: e.minimum ?? 0 });
      case 'too_small.string':
        return (e.minimum ?? 1) <= 1 ? t('too_small.string') : t('too_small.stringLong', { minimum: e.minimum ?? 1 });
      case 'too_small.array':
        return t('too_small.array', { minimum: e.minimum ?? 1 });
      case 'too_big.number':
      case 'too_big.bigint':
        return t('too_big.number', { maximum: e.maximum ?? 0 });
      case 'too_big.string':
        return t('too_big.string', { maximum: e.maximum ?? 0 });
      case 'too_big.array':
        return t('too_big.array', { maximum: e.maximum ?? 0 });
      case 'invalid_type':
        return /number/.test(e.message) ? t('notANumber') : t('invalid_type');
      case 'invalid_value':
        return t('invalid_value');
      case 'invalid_format':
        return t('invalid_format');
      default:
        return e.message;
    }
  };
}

/** A problem answer in the operator's words: its code through the messages, else its detail. */
export function useProblemText() {
  const t = useTranslations('problems');
  return useCallback((p: ProblemBody | null | undefined, status?: number) => problemMessage(p, t as unknown as ProblemTranslator, status), [t]);
}

/** What a failed load (a useApi error) says, in the operator's language: by its problem's code, else its message. */
export function useLoadErrorText() {
  const problemText = useProblemText();
  return useCallback((error: unknown) => problemText(problemOfError(error)), [problemText]);
}

/** A problem+json answer as a form shows it: messages per field and the rest as one line. */
export interface FormProblem<F extends string> {
  byField: Partial<Record<F, string[]>>;
  /** the problem's own text (by its code) and the errors no field claims; null when all is well */
  message: string | null;
}

/**
 * A form's errors from the API: `errors[].path` placed on fields through `pathToField`, and a
 * refusal whose code names a field (a taken user name) placed on that field too.
 */
export function useFormProblem<F extends string>(pathToField: Record<string, F>, codeToField: Partial<Record<ProblemCode, F>> = {}) {
  const errorText = useErrorText();
  const problemText = useProblemText();
  const f = useTranslations('fieldErrors');
  const [state, setState] = useState<FormProblem<F>>({ byField: {}, message: null });
  const show = useCallback(
    (p: (ProblemBody & { errors?: ApiFieldError[] }) | null, status?: number) => {
      if (!p) return setState({ byField: {}, message: null });
      const { byField, unplaced } = placeErrors(p.errors ?? [], pathToField);
      const placed: Partial<Record<F, string[]>> = {};
      for (const [field, errs] of Object.entries(byField)) placed[field as F] = errs.map(errorText);
      const codeField = p.code ? codeToField[p.code as ProblemCode] : undefined;
      if (codeField) (placed[codeField] ??= []).push(problemText(p, status));
      const other = unplaced.map((e) => (e.path.startsWith('(') ? errorText(e) : `${e.path}: ${errorText(e)}`));
      const head = Object.keys(placed).length ? f('nothingSavedMarked') : problemText(p, status);
      setState({ byField: placed, message: [head, ...other].join(' ') });
    },
    // pathToField and codeToField are constants of the form that calls this
    [errorText, problemText, f],
  );
  return { ...state, show, clear: useCallback(() => setState({ byField: {}, message: null }), []) };
}

/** aria attributes of a field with `id`, invalid when `messages` has any. */
export function invalidProps(id: string, messages: readonly string[] | undefined, describedBy?: string) {
  const has = Boolean(messages && messages.length);
  const ids = [describedBy, has ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return { id, 'aria-invalid': has ? (true as const) : undefined, 'aria-describedby': ids || undefined };
}

/** The error line under a field; its id is what the field's aria-describedby names. */
export function FieldError({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <span id={`${id}-error`} className="field-error">
      {messages.join('; ')}
    </span>
  );
}

/** A refusal or failure said where the form or the action is, announced at once; nothing when there is none. */
export function ErrorAlert({ message }: { message: ReactNode }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}
