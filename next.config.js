// Next.js configuration: the console only. The data plane and the jobs live outside Next (server.ts).
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The store drivers run in the custom server's module graph; route handlers reach them through
  // the runtime registry (lib/runtime.ts), so Next must not bundle a second copy.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'drizzle-orm', 'mysql2', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
};
export default nextConfig;
