import { describe, expect, it } from 'vitest';
import { redactUrl, scrubSecrets } from './redact.ts';

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
