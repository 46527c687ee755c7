'use client';
// Settings → Tokens (admin): API tokens for programs, with a role and an expiry; a new token is
// shown once, then only its first characters.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import { ErrorAlert, FieldError, invalidProps, useFormProblem, useProblemText } from '@/components/ui/field-errors';
import { tokenActions, useTokens, type TokenView } from '@/lib/hooks/use-settings';
import { DataTable, type Column } from '@/components/ui/data-table';
import { TOKEN_ROLES } from '@/lib/domain/access';

const EXPIRY_DAYS = [7, 30, 90, 365, 0];
type Field = 'name' | 'role' | 'expiry';
const PATHS: Record<string, Field> = { name: 'name', role: 'role', expiresAt: 'expiry' };

export function TokensEditor() {
  const { data, mutate } = useTokens();
  const [message, setMessage] = useState<string | null>(null);
  const t = useTranslations('settings.tokens');
  const fmt = useFormat();
  const c = useTranslations('common');
  const s = useTranslations('shell');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const problemText = useProblemText();
  const added = useFormProblem<Field>(PATHS);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const days = Number(form.get('expiry'));
    const r = await tokenActions.create({
      name: form.get('name'),
      role: form.get('role'),
      expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : null,
    });
    added.show(r.ok ? null : r.problem, r.status);
    if (r.ok) {
      setCreated({ name: r.data.name, token: r.data.token });
      setMessage(null);
      formEl.reset();
    }
    await mutate();
  }

  async function revoke(id: number) {
    const r = await tokenActions.revoke(id);
    setMessage(r.ok ? null : problemText(r.problem, r.status));
    await mutate();
  }

  const columns: Column<TokenView>[] = [
    { key: 'token', label: t('token'), rowHeader: true, cell: (tok) => tok.name },
    { key: 'role', label: t('role'), cell: (tok) => (s.has(`role.${tok.role}`) ? s(`role.${tok.role}`) : tok.role) },
    { key: 'prefix', label: t('startsWith'), cell: (tok) => <code>{tok.prefix}…</code> },
    { key: 'state', label: t('state'), cell: (tok) => t(`states.${tok.state}`) },
    { key: 'expires', label: t('expires'), cell: (tok) => fmt.when(tok.expiresAt, t('never')) },
    { key: 'lastUsed', label: t('lastUsed'), cell: (tok) => fmt.when(tok.lastUsedAt, t('never')) },
    { key: 'createdBy', label: t('createdBy'), cell: (tok) => tok.createdBy },
    {
      key: 'actions',
      label: c('actions'),
      cell: (tok) =>
        tok.state === 'active' ? (
          <button type="button" onClick={() => revoke(tok.id)} aria-label={t('revokeLabel', { name: tok.name })}>
            {t('revoke')}
          </button>
        ) : null,
    },
  ];

  return (
    <>
      {/* noValidate: the API's checks answer beside each field, in the operator's language */}
      <form onSubmit={add} className="inline-form fields-form" aria-label={t('form')} noValidate>
        <div className="field">
          <label htmlFor="token-name">{t('name')}</label>
          <input name="name" autoComplete="off" {...invalidProps('token-name', added.byField.name)} />
          <FieldError id="token-name" messages={added.byField.name} />
        </div>
        <div className="field">
          <label htmlFor="token-role">{t('role')}</label>
          <select name="role" defaultValue="viewer" {...invalidProps('token-role', added.byField.role)}>
            {TOKEN_ROLES.map((r) => (
              <option key={r} value={r}>
                {s(`role.${r}`)}
              </option>
            ))}
          </select>
          <FieldError id="token-role" messages={added.byField.role} />
        </div>
        <div className="field">
          <label htmlFor="token-expiry">{t('expiresIn')}</label>
          <select name="expiry" defaultValue="30" {...invalidProps('token-expiry', added.byField.expiry)}>
            {EXPIRY_DAYS.map((days) => (
              <option key={days} value={days}>
                {days === 0 ? t('never') : days === 365 ? t('year') : t('days', { days })}
              </option>
            ))}
          </select>
          <FieldError id="token-expiry" messages={added.byField.expiry} />
        </div>
        <button type="submit">{t('create')}</button>
      </form>
      <ErrorAlert message={added.message} />
      {created ? (
        <div role="status" className="card">
          <p>
            {t.rich('shownOnce', { name: created.name, strong: (chunks) => <strong>{chunks}</strong> })}
          </p>
          <code aria-label={t('newToken')}>{created.token}</code>
        </div>
      ) : null}
      <ErrorAlert message={message} />
      <DataTable columns={columns} rows={data?.tokens ?? []} rowKey={(tok) => tok.id} />
      <p className="note">{t.rich('note', { code: (chunks) => <code>{chunks}</code> })}</p>
    </>
  );
}
