'use client';
// One contact point's form, to create one or to edit one: name, kind, URL, language, the signing
// secret (when editing, shown as set and replaced only when typed anew, never filled in) and
// DingTalk's keywords and @mentions. The API's errors stand beside the fields they name.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { alertActions, type ContactPointView } from '@/lib/hooks/use-alerts';
import { FieldError, invalidProps, placeErrors, useErrorText } from '@/components/ui/field-errors';

type Kind = ContactPointView['kind'];
type Language = ContactPointView['language'];
export const KINDS: { kind: Kind; placeholder: string }[] = [
  { kind: 'webhook', placeholder: 'http://receiver:9095/hook' },
  { kind: 'dingtalk', placeholder: 'https://oapi.dingtalk.com/robot/send?access_token=…' },
  { kind: 'feishu', placeholder: 'https://open.feishu.cn/open-apis/bot/v2/hook/…' },
  { kind: 'wecom', placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' },
  { kind: 'alertmanager', placeholder: 'http://alertmanager:9093' },
];
const LANGUAGES: Language[] = ['zh-CN', 'en'];
const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

type Field = 'name' | 'kind' | 'url' | 'language' | 'secret' | 'keywords' | 'mobiles';
const PATHS: Record<string, Field> = {
  name: 'name',
  kind: 'kind',
  url: 'url',
  language: 'language',
  secret: 'secret',
  'settings.keywords': 'keywords',
  'settings.atMobiles': 'mobiles',
  settings: 'keywords',
};

/** Creates a contact point (no `editing`) or edits one; `onDone` after a save (and on cancel, when editing). */
export function ContactPointForm({ editing, onDone }: { editing?: ContactPointView; onDone: () => void }) {
  const t = useTranslations('alerts.contacts');
  const f = useTranslations('fieldErrors');
  const errorText = useErrorText();
  const formRef = useRef<HTMLFormElement>(null);
  const prefix = editing ? `cp-${editing.id}` : 'cp-new';
  const [name, setName] = useState(editing?.name ?? '');
  const [kind, setKind] = useState<Kind>(editing?.kind ?? 'webhook');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [language, setLanguage] = useState<Language>(editing?.language ?? 'zh-CN');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  // never the stored secret: empty means "keep it" when editing
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [keywords, setKeywords] = useState(editing?.settings.keywords?.join(', ') ?? '');
  const [mobiles, setMobiles] = useState(editing?.settings.atMobiles?.join(', ') ?? '');
  const [atAll, setAtAll] = useState(editing?.settings.atAll ?? false);
  const [errors, setErrors] = useState<Partial<Record<Field, string[]>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const signed = kind === 'dingtalk' || kind === 'feishu';
  const hasSecret = Boolean(editing?.secretSet) && signed;

  async function save(event: FormEvent) {
    event.preventDefault();
    const settings = kind === 'dingtalk' ? { keywords: list(keywords), atMobiles: list(mobiles), atAll } : {};
    // the secret: typed anew replaces it, "remove" drops it, nothing keeps it (on create: none)
    const secretPart = signed && secret ? { secret } : editing && removeSecret ? { secret: null } : {};
    setBusy(true);
    const r = await alertActions.saveContactPoint({ name, kind, url, enabled, language, settings, ...secretPart }, editing?.id);
    setBusy(false);
    if (r.ok) {
      setErrors({});
      setOther([]);
      setSecret('');
      if (!editing) {
        setName('');
        setUrl('');
        setKeywords('');
        setMobiles('');
        setAtAll(false);
      }
      onDone();
      return;
    }
    const { byField, unplaced } = placeErrors(r.problem.errors ?? [], PATHS);
    const placed: Partial<Record<Field, string[]>> = {};
    for (const [field, errs] of Object.entries(byField)) placed[field as Field] = errs.map(errorText);
    // a name taken answers 409 with the field named
    setErrors(placed);
    setOther([...(Object.keys(placed).length ? [f('nothingSaved')] : [r.problem.detail ?? `HTTP ${r.status}`]), ...unplaced.map((e) => `${e.path}: ${errorText(e)}`)]);
    const first = (Object.keys(placed) as Field[])[0];
    if (first) requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`#${prefix}-${first}`)?.focus());
  }

  const err = (field: Field) => errors[field];
  const aria = (field: Field, describedBy?: string) => invalidProps(`${prefix}-${field}`, err(field), describedBy);
  return (
    <form ref={formRef} className="inline-form" aria-label={editing ? t('editForm', { name: editing.name }) : t('form')} onSubmit={(e) => void save(e)} noValidate>
      <label>
        {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} required {...aria('name')} />
        <FieldError id={`${prefix}-name`} messages={err('name')} />
      </label>
      <label>
        {t('kind')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} {...aria('kind')}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {t(`kinds.${k.kind}`)}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}-kind`} messages={err('kind')} />
      </label>
      <label>
        {kind === 'alertmanager' ? t('alertmanagerUrl') : t('webhookUrl')}{' '}
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder={KINDS.find((k) => k.kind === kind)!.placeholder} {...aria('url')} />
        <FieldError id={`${prefix}-url`} messages={err('url')} />
      </label>
      <label>
        {t('language')}{' '}
        <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} {...aria('language')}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </select>
        <FieldError id={`${prefix}-language`} messages={err('language')} />
      </label>
      {signed && (
        <label>
          {t('secret')}{' '}
          <input
            type="password"
            autoComplete="new-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            placeholder={hasSecret ? t('secretKeep') : kind === 'dingtalk' ? 'SEC…' : t('optional')}
            disabled={removeSecret}
            {...aria('secret')}
          />
          <FieldError id={`${prefix}-secret`} messages={err('secret')} />
        </label>
      )}
      {hasSecret && (
        <label className="check">
          <input type="checkbox" checked={removeSecret} onChange={(e) => setRemoveSecret(e.target.checked)} /> {t('secretRemove')}
        </label>
      )}
      {kind === 'dingtalk' && (
        <>
          <label>
            {t('keywords')} <input value={keywords} onChange={(e) => setKeywords(e.target.value)} placeholder={t('keywordsHint')} {...aria('keywords')} />
            <FieldError id={`${prefix}-keywords`} messages={err('keywords')} />
          </label>
          <label>
            {t('mobiles')} <input value={mobiles} onChange={(e) => setMobiles(e.target.value)} placeholder="13800000000, …" {...aria('mobiles')} />
            <FieldError id={`${prefix}-mobiles`} messages={err('mobiles')} />
          </label>
          <label className="check">
            <input type="checkbox" checked={atAll} onChange={(e) => setAtAll(e.target.checked)} /> {t('atAll')}
          </label>
        </>
      )}
      {editing && (
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('enabled')}
        </label>
      )}
      <button type="submit" disabled={busy}>
        {editing ? t('save') : t('add')}
      </button>
      {editing && (
        <button type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      )}
      {other.length ? (
        <ul role="alert" className="error">
          {other.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
