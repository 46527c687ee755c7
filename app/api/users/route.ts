// GET /api/users: every user with role and state (admin). POST {name, role, password}: adds one,
// who must change the password at first sign-in.
import { requireRuntime } from '@/lib/api/console';
import { handle, readJson } from '@/lib/api/http';
import { createUserBody } from '@/lib/api/schemas';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => Response.json({ users: await requireRuntime().auth.listUsers() }));
}

export function POST(request: Request) {
  return handle(async () => {
    const body = await readJson(request, createUserBody);
    if (!body.ok) return body.response;
    const user = await requireRuntime().auth.createUser(body.value);
    await audit(request, { action: 'user.create', target: `user:${user.name}`, after: user });
    return Response.json(user, { status: 201 });
  });
}
