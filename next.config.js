// Next.js configuration: the console only. The data plane and the jobs live outside Next (server.ts).
// next-intl's plugin points next-intl at the request configuration (language, messages, time zone).
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The store drivers run in the custom server's module graph; route handlers reach them through
  // the runtime registry (lib/runtime.ts), so Next must not bundle a second copy.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'drizzle-orm', 'mysql2', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
};
export default withNextIntl(nextConfig);
