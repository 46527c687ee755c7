// Database URLs as they may appear in logs and start-up errors: every credential form taken out
// (`user:password@`, and query parameters such as `?password=`, `&sslpassword=`, `?token=`), and
// any text scrubbed of the secret values a URL carries, however the text quoted them.

/** Query parameters whose value is a credential (PostgreSQL's, MySQL's and the drivers' names, and the usual ones). */
const SECRET_PARAM = /pass|pwd|secret|token|key|auth|credential|signature/i;

/** The URL with its password and its credential query parameters replaced by ***; unparsable: a placeholder. */
const UNPARSABLE = '(unparsable URL)';

function parsed(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function redactUrl(url: string): string {
  const u = parsed(url);
  if (!u) return UNPARSABLE;
  if (u.password) u.password = '***';
  for (const name of [...new Set(u.searchParams.keys())]) if (SECRET_PARAM.test(name)) u.searchParams.set(name, '***');
  // URLSearchParams writes *** as %2A%2A%2A
  return u.toString().replace(/%2A%2A%2A/g, '***');
}

/** The secret values in a URL: its password and credential query parameters, raw and decoded. */
function secretsOf(url: string): string[] {
  const found = new Set<string>();
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*?:([^/?#@]*)@/i.exec(url);
  if (userinfo?.[1]) found.add(userinfo[1]);
  const query = url.split('?')[1]?.split('#')[0] ?? '';
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && SECRET_PARAM.test(pair.slice(0, eq)) && pair.length > eq + 1) found.add(pair.slice(eq + 1));
  }
  for (const s of [...found]) {
    try {
      found.add(decodeURIComponent(s.replace(/\+/g, ' ')));
    } catch {
      // not percent-encoded: the raw value is enough
    }
  }
  return [...found].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with each URL replaced by its redacted form and every secret value they carry by ***. */
export function scrubSecrets(text: string, urls: readonly (string | undefined)[]): string {
  let out = text;
  for (const url of urls) {
    if (!url) continue;
    out = out.split(url).join(redactUrl(url));
    for (const secret of secretsOf(url)) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * A webhook URL as viewers and the audit log see it: scheme, host and port only, since the path
 * and query often carry a robot's token (Slack, DingTalk, WeCom, Feishu). `https://h/***` when
 * anything followed the host; unparsable: a placeholder.
 */
export function redactWebhookUrl(url: string): string {
  const u = parsed(url);
  if (!u) return UNPARSABLE;
  const rest = u.pathname !== '/' || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '';
  return `${u.protocol}//${u.host}${rest ? '/***' : '/'}`;
}
