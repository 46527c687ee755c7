import { describe, expect, it } from 'vitest';
import { redactUrl, redactWebhookUrl, scrubSecrets } from './redact.ts';

describe('redactUrl', () => {
  it('takes out every credential form of PostgreSQL and MySQL URLs', () => {
    const cases: [string, string][] = [
      ['postgres://fulcrum:s3cret@db:5432/fulcrum', 'postgres://fulcrum:***@db:5432/fulcrum'],
      ['postgres://db:5432/fulcrum?user=fulcrum&password=s3cret', 'postgres://db:5432/fulcrum?user=fulcrum&password=***'],
      ['postgresql://db/fulcrum?sslmode=verify-full&sslpassword=k3y-pass&sslkey=/k.pem', 'postgresql://db/fulcrum?sslmode=verify-full&sslpassword=***&sslkey=***'],
      ['mysql://root@db:3306/powerjob?PASSWORD=s3cret&ssl=true', 'mysql://root@db:3306/powerjob?PASSWORD=***&ssl=true'],
      ['mariadb://u:p%40ss@db/powerjob?pwd=x&token=y', 'mariadb://u:***@db/powerjob?pwd=***&token=***'],
      ['postgres://db/fulcrum?password=a&password=b', 'postgres://db/fulcrum?password=***'],
    ];
    for (const [url, shown] of cases) expect(redactUrl(url), url).toBe(shown);
    expect(redactUrl('not a url with password=s3cret')).toBe('(unparsable URL)');
  });
});

describe('scrubSecrets', () => {
  it('takes the URL and its secret values out of any text, raw or decoded', () => {
    const url = 'postgres://fulcrum:p%40ss@db:5432/fulcrum?sslpassword=k3y&password=s3cret';
    const text = `start-up failed: connect ${url} refused; password s3cret rejected for fulcrum (p@ss), ssl key k3y`;
    const scrubbed = scrubSecrets(text, [url, undefined]);
    for (const secret of ['s3cret', 'p%40ss', 'p@ss', 'k3y']) expect(scrubbed, secret).not.toContain(secret);
    expect(scrubbed).toContain('postgres://fulcrum:***@db:5432/fulcrum?sslpassword=***&password=***');
  });
});

describe('redactWebhookUrl', () => {
  it('keeps scheme, host and port, and hides whatever path, query or user info may carry a token', () => {
    expect(redactWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123')).toBe('https://oapi.dingtalk.com/***');
    expect(redactWebhookUrl('https://hooks.slack.com/services/T0/B0/XyZ')).toBe('https://hooks.slack.com/***');
    expect(redactWebhookUrl('http://user:pw@receiver:9095')).toBe('http://receiver:9095/***');
    expect(redactWebhookUrl('http://receiver:9095/')).toBe('http://receiver:9095/');
    expect(redactWebhookUrl('::')).toBe('(unparsable URL)');
  });
});
