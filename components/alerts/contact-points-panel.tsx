'use client';
// Contact points of every kind (webhook, DingTalk, Feishu, WeCom, Alertmanager), with a test button
// that says whether the receiver took it. A signing secret is typed once and never shown again.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { sendJson, useContactPoints, type ContactPointView } from '@/lib/hooks/use-alerts';

type Kind = ContactPointView['kind'];
const KINDS: { kind: Kind; placeholder: string }[] = [
  { kind: 'webhook', placeholder: 'http://receiver:9095/hook' },
  { kind: 'dingtalk', placeholder: 'https://oapi.dingtalk.com/robot/send?access_token=…' },
  { kind: 'feishu', placeholder: 'https://open.feishu.cn/open-apis/bot/v2/hook/…' },
  { kind: 'wecom', placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' },
  { kind: 'alertmanager', placeholder: 'http://alertmanager:9093' },
];
const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export function ContactPointsPanel() {
  const cps = useContactPoints();
  const t = useTranslations('alerts.contacts');
  const c = useTranslations('common');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('webhook');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [keywords, setKeywords] = useState('');
  const [mobiles, setMobiles] = useState('');
  const [atAll, setAtAll] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const signed = kind === 'dingtalk' || kind === 'feishu';

  async function add() {
    const settings = kind === 'dingtalk' ? { keywords: list(keywords), atMobiles: list(mobiles), atAll } : {};
    const r = await sendJson<{ errors?: { path: string; message: string }[]; detail?: string }>('POST', '/api/contact-points', {
      name,
      kind,
      url,
      enabled: true,
      settings,
      ...(signed && secret ? { secret } : {}),
    });
    if (!r.ok) return setMessage(r.json.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? r.json.detail ?? `HTTP ${r.status}`);
    setName('');
    setUrl('');
    setSecret('');
    setKeywords('');
    setMobiles('');
    setAtAll(false);
    setMessage(null);
    void cps.mutate();
  }

  return (
    <section aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <p className="note">{t('kindsNote')}</p>
      <div className="table-box">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('url')}</th>
            <th scope="col">{t('signing')}</th>
            <th scope="col">{t('enabled')}</th>
            <th scope="col">{c('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(cps.data?.contactPoints ?? []).map((cp) => (
            <tr key={cp.id}>
              <th scope="row">{cp.name}</th>
              <td>{t(`kinds.${cp.kind}`)}</td>
              <td>{cp.url}</td>
              <td>{cp.secretSet ? t('secretSet') : '–'}</td>
              <td>{cp.enabled ? c('yes') : c('no')}</td>
              <td>
                <IfCan role="operator">
                <button
                  type="button"
                  aria-label={t('testLabel', { name: cp.name })}
                  onClick={async () => {
                    const r = await sendJson<{ ok: boolean; error: string | null; ms: number }>('POST', `/api/contact-points/${cp.id}/test`);
                    setMessage(r.json.ok ? t('testSent', { name: cp.name, ms: r.json.ms }) : t('testFailed', { name: cp.name, error: String(r.json.error) }));
                  }}
                >
                  {t('test')}
                </button>{' '}
                <button type="button" aria-label={t('deleteLabel', { name: cp.name })} onClick={async () => { await sendJson('DELETE', `/api/contact-points/${cp.id}`); void cps.mutate(); }}>
                  {t('delete')}
                </button>
                </IfCan>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <IfCan role="operator">
      <form className="inline-form" aria-label={t('form')} onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label>
          {t('name')} <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('kind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {t(`kinds.${k.kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {kind === 'alertmanager' ? t('alertmanagerUrl') : t('webhookUrl')}{' '}
          <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder={KINDS.find((k) => k.kind === kind)!.placeholder} />
        </label>
        {signed && (
          <label>
            {t('secret')} <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} placeholder={kind === 'dingtalk' ? 'SEC…' : t('optional')} />
          </label>
        )}
        {kind === 'dingtalk' && (
          <>
            <label>
              {t('keywords')} <input value={keywords} onChange={(e) => setKeywords(e.target.value)} placeholder={t('keywordsHint')} />
            </label>
            <label>
              {t('mobiles')} <input value={mobiles} onChange={(e) => setMobiles(e.target.value)} placeholder="13800000000, …" />
            </label>
            <label>
              <input type="checkbox" checked={atAll} onChange={(e) => setAtAll(e.target.checked)} /> {t('atAll')}
            </label>
          </>
        )}
        <button type="submit">{t('add')}</button>
      </form>
      </IfCan>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
