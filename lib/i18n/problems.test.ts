// Every problem code the API answers has a message in both languages that uses only the code's
// params, and the console says a problem by its code, falling back to the English detail.
import { describe, expect, it } from 'vitest';
import { createTranslator } from 'use-intl';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { PROBLEM_CODES, type ProblemCode } from '../domain/problem-codes.ts';
import { problem } from '../api/problem.ts';
import { problemMessage, problemOfError, type ProblemTranslator } from './problems.ts';
import { apiError } from '../hooks/api-client.ts';
import { messageArguments } from './message-args.ts';

const LANGUAGES = { en, 'zh-CN': zh } as const;
const translator = (locale: keyof typeof LANGUAGES) => createTranslator({ locale, messages: LANGUAGES[locale], namespace: 'problems' }) as unknown as ProblemTranslator;
const args = messageArguments;

describe('problem codes', () => {
  it.each(Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[])('each has a message in %s that needs only its params, and no message is left without a code', (locale) => {
    const messages = LANGUAGES[locale].problems as Record<string, string>;
    const missing = Object.keys(PROBLEM_CODES).filter((c) => typeof messages[c] !== 'string');
    expect(missing, `codes without a message in ${locale}`).toEqual([]);
    const stray = Object.keys(messages).filter((k) => !(k in PROBLEM_CODES));
    expect(stray, `messages of no code in ${locale}`).toEqual([]);
    const unknownParams = Object.entries(messages).flatMap(([code, m]) => args(m).filter((a) => !(PROBLEM_CODES[code as ProblemCode] as readonly string[]).includes(a)).map((a) => `${code}: {${a}}`));
    expect(unknownParams).toEqual([]);
  });

  it('says a refusal by its code in the operator language, with its params', () => {
    const refused = problem(409, { detail: 'cannot pause a rollout that is draft; possible now: start', code: 'rollout-action-not-allowed', params: { action: 'pause', state: 'draft', allowed: 'start' } });
    expect(refused).toMatchObject({ status: 409, title: 'Conflict', detail: 'cannot pause a rollout that is draft; possible now: start', code: 'rollout-action-not-allowed' });
    expect(problemMessage(refused, translator('zh-CN'))).toBe('无法对草稿的灰度发布执行“暂停”。');
    expect(problemMessage(refused, translator('en'))).toBe('Cannot pause a rollout that is a draft.');
    expect(problemMessage(problem(400, { detail: '2 invalid field(s); nothing was changed', code: 'invalid-fields', params: { count: 1 } }), translator('en'))).toBe('1 field is invalid; nothing was changed.');
    expect(problemMessage({ code: 'user-exists', params: { name: 'ops' } }, translator('zh-CN'))).toBe('名为 ops 的用户已存在。');
    // the body limit's and the data plane's refusals
    expect(problemMessage(problem(413, { detail: 'the request body is larger than 16384 bytes, the limit here', code: 'body-too-large', params: { limit: 16384 } }), translator('zh-CN'))).toBe('请求体超过了此处 16384 字节的上限。');
    expect(problemMessage({ code: 'ingest-token-required' }, translator('en'))).toBe('A valid ingest token is required, sent as a Bearer token in the Authorization header.');
  });

  it('falls back to the English detail for a code it does not know, then to the status', () => {
    expect(problemMessage({ code: 'from-a-newer-server', detail: 'something new' }, translator('zh-CN'))).toBe('something new');
    expect(problemMessage({ detail: 'plain' }, translator('zh-CN'))).toBe('plain');
    expect(problemMessage({}, translator('en'), 502)).toBe('HTTP 502');
    expect(problemMessage(null, translator('en'), 500)).toBe('HTTP 500');
  });

  it('passes only strings and numbers on to a message', () => {
    expect(problemMessage({ code: 'user-exists', params: { name: { toString: () => 'x' } } as never, detail: 'd' }, translator('en'))).not.toContain('[object');
  });

  it('a problem without a code stays as it was for API callers', () => {
    expect(problem(404, 'no such thing')).toEqual({ type: 'https://fulcrum.dev/problems/404', title: 'Not Found', status: 404, detail: 'no such thing' });
  });

  it('says a page-load failure (the ApiError of useApi) by its code, the English message kept for a plain error', async () => {
    const answer = new Response(JSON.stringify(problem(503, { detail: 'the store is not ready', code: 'not-ready' })), { status: 503, headers: { 'content-type': 'application/problem+json' } });
    const error = await apiError(answer);
    expect(error).toMatchObject({ status: 503, message: 'the store is not ready' });
    expect(problemMessage(problemOfError(error), translator('zh-CN'))).toBe('Fulcrum 仍在启动，请稍后再试。');
    expect(problemMessage(problemOfError(error), translator('en'))).toBe('Fulcrum is still starting; try again in a moment.');
    expect(problemMessage(problemOfError(await apiError(new Response('not json', { status: 502 }))), translator('zh-CN'))).toBe('HTTP 502');
    expect(problemMessage(problemOfError(new TypeError('Failed to fetch')), translator('zh-CN'))).toBe('Failed to fetch');
  });
});
