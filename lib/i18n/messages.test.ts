// Every message exists in both languages with the same placeholders, and every key the console's
// code asks for (t('key'), t.rich('key'), and the fixed part of t(`prefix.${x}`)) exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator } from 'use-intl';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { negotiateLocale, validTimeZone, durationUnit } from './config.ts';
import { messageArguments } from './message-args.ts';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const EN = flatten(en as Tree);
const ZH = flatten(zh as Tree);

/** ICU argument names and rich-text tags of a message. */
const placeholders = messageArguments;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(tsx?|ts)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * The keys code asks for: `const t = useTranslations('ns')` (or getTranslations) then t('key'),
 * t.rich('key'), t.has('key'), t(`prefix.${x}`). A call belongs to the nearest declaration of its
 * name above it (components of one file each declare their own `t`).
 */
export function usedKeys(source: string): { fixed: string[]; prefixes: string[] } {
  const fixed: string[] = [];
  const prefixes: string[] = [];
  const declarations = [...source.matchAll(/const (\w+) = (?:await )?(?:useTranslations|getTranslations)\(\s*'([^']*)'\s*\)/g)].map((m) => ({ name: m[1]!, ns: m[2]!, at: m.index! }));
  for (const name of new Set(declarations.map((d) => d.name))) {
    const call = new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup|\\.has)?\\(\\s*(?:'([^']+)'|\`([^\`$]*)\\$\\{)`, 'g');
    for (const c of source.matchAll(call)) {
      const decl = declarations.filter((d) => d.name === name && d.at < c.index!).at(-1);
      if (!decl) continue;
      if (c[1] !== undefined) fixed.push(`${decl.ns}.${c[1]}`);
      else if (c[2] !== undefined) prefixes.push(`${decl.ns}.${c[2]}`.replace(/\.$/, ''));
    }
  }
  return { fixed, prefixes };
}

describe('messages', () => {
  it('have the same keys in English and Chinese', () => {
    expect([...ZH.keys()].filter((k) => !EN.has(k)), 'in zh-CN only').toEqual([]);
    expect([...EN.keys()].filter((k) => !ZH.has(k)), 'missing in zh-CN').toEqual([]);
  });

  it('read the arguments of a message, not the text of its branches', () => {
    expect(messageArguments('{count, plural, one {# app} other {# apps}} on {server}')).toEqual(['count', 'server']);
    expect(messageArguments('Cannot {action, select, start {start} other {change}} <strong>{name}</strong>')).toEqual(['<strong>', 'action', 'name']);
    expect(messageArguments("like '{'\"epsilon\": 0.25'}' for {kind}")).toEqual(['kind']);
    expect(messageArguments('{a, select, x {one {b}} other {}}')).toEqual(['a', 'b']);
  });

  it('have the same placeholders and tags in both languages', () => {
    const differ = [...EN].filter(([k, v]) => JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(ZH.get(k) ?? '')));
    expect(differ.map(([k]) => k)).toEqual([]);
  });

  it('are not empty, and the Chinese ones are translated', () => {
    expect([...EN].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    // a Chinese message that is the English one word for word is untranslated, unless it is a name, a code or a number
    const same = [...EN].filter(([k, v]) => ZH.get(k) === v && /[a-z]{4,} [a-z]{3,}/i.test(v.replace(/\{[^}]*\}|<[^>]*>[^<]*<\/[^>]*>/g, '')));
    expect(same.map(([k]) => k)).toEqual([]);
  });

  it('are valid ICU messages that format with their placeholders', () => {
    const broken: string[] = [];
    for (const [locale, messages, flat] of [['en', en, EN], ['zh-CN', zh, ZH]] as const) {
      const t = createTranslator({ locale, messages: messages as Tree, onError: (e) => broken.push(`${locale}: ${e.message}`) });
      for (const [key, message] of flat) {
        const values: Record<string, unknown> = {};
        for (const p of placeholders(message)) values[p.startsWith('<') ? p.slice(1, -1) : p] = p.startsWith('<') ? (chunks: unknown) => chunks : 2;
        (t.rich as (k: string, v: unknown) => unknown)(key, values);
      }
    }
    expect(broken).toEqual([]);
  });

  it('say counts in the plural only when there are several', () => {
    const t = createTranslator({ locale: 'en', messages: en as Tree }) as unknown as (key: string, values: Record<string, number>) => string;
    expect(t('rolloutsList.caption', { count: 1 })).toBe('1 rollout, newest first');
    expect(t('rolloutsList.caption', { count: 3 })).toBe('3 rollouts, newest first');
    expect(t('pages.servers.caption', { count: 1 })).toBe('1 server');
    expect(t('lists.pageOf', { page: 1, pages: 1, total: 1 })).toBe('Page 1 of 1 · 1 row');
  });

  it('hold every key the code uses', () => {
    const root = path.resolve(__dirname, '../..');
    const files = [...sourceFiles(path.join(root, 'components')), ...sourceFiles(path.join(root, 'app'))];
    const missing: string[] = [];
    let used = 0;
    for (const file of files) {
      const { fixed, prefixes } = usedKeys(fs.readFileSync(file, 'utf8'));
      used += fixed.length + prefixes.length;
      for (const k of fixed) if (!EN.has(k)) missing.push(`${path.relative(root, file)}: ${k}`);
      for (const p of prefixes) if (![...EN.keys()].some((k) => k.startsWith(`${p}.`) || k.startsWith(p))) missing.push(`${path.relative(root, file)}: ${p}…`);
    }
    expect(used, 'keys found in the code').toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });

  it('the scan finds what a component asks for (so the check above can fail)', () => {
    const found = usedKeys("const t = useTranslations('overview');\nt('loading'); t.rich('strip.rollout', {}); t(`metrics.${m}.label`); x.t('no');");
    expect(found.fixed).toEqual(['overview.loading', 'overview.strip.rollout']);
    expect(found.prefixes).toEqual(['overview.metrics']);
    expect(EN.has('overview.nonexistent')).toBe(false);
  });
});

describe('language and time zone of a request', () => {
  it('follows Accept-Language: Chinese of any region gives zh-CN, English or nothing gives en', () => {
    expect(negotiateLocale('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('zh-TW')).toBe('zh-CN');
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('en;q=0.5, zh;q=0.9')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR, zh;q=0.1')).toBe('zh-CN');
    expect(negotiateLocale('fr-FR')).toBe('en');
    expect(negotiateLocale('zh;q=0')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
  });

  it('takes a known time zone and falls back to UTC', () => {
    expect(validTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(validTimeZone('Mars/Olympus')).toBe('UTC');
    expect(validTimeZone(undefined)).toBe('UTC');
  });

  it('says durations in the unit a person would', () => {
    expect(durationUnit(45)).toEqual({ value: 45, unit: 'second' });
    expect(durationUnit(300)).toEqual({ value: 5, unit: 'minute' });
    expect(durationUnit(5400)).toEqual({ value: 90, unit: 'minute' });
    expect(durationUnit(14_400)).toEqual({ value: 4, unit: 'hour' });
    expect(durationUnit(3 * 86_400)).toEqual({ value: 3, unit: 'day' });
  });
});
