// Every role a user or an API token can have is shown by a label in both languages
// (shell.role.<role>: the sidebar, the users and tokens forms and tables), never by its raw name in Chinese.
import { describe, expect, it } from 'vitest';
import { createTranslator } from 'use-intl';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { TOKEN_ROLES } from '../domain/access.ts';

describe('role labels', () => {
  it.each(TOKEN_ROLES)('%s has a label in en and zh-CN, the Chinese one its own', (role) => {
    const label = (locale: 'en' | 'zh-CN') => createTranslator({ locale, messages: locale === 'en' ? en : zh, namespace: 'shell.role' })(role);
    expect(label('en')).toMatch(new RegExp(`^${role}`));
    expect(label('zh-CN')).not.toMatch(new RegExp(role));
    expect(label('zh-CN')).toMatch(/[\u4e00-\u9fff]/);
  });
});
