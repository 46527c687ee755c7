// PATCH /api/users/{id} {role?, disabled?, password?}: changes a user (admin); the last enabled
// admin cannot be demoted, disabled or removed. DELETE removes the user and their sessions.
import { requireRuntime } from '@/lib/api/console';
import { handle, idParams, readJson, readParams } from '@/lib/api/http';
import { updateUserBody } from '@/lib/api/schemas';
import { audit } from '@/lib/api/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export function PATCH(request: Request, { params }: Params) {
  return handle(async () => {
    const { id } = await readParams(params, idParams, 'no such user');
    const body = await readJson(request, updateUserBody);
    if (!body.ok) return body.response;
    const { before, after } = await requireRuntime().auth.updateUser(id, body.value);
    // a new password is recorded as having been set, never its value
    await audit(request, { action: 'user.update', target: `user:${after.name}`, before, after, detail: body.value.password ? 'password reset' : undefined });
    return Response.json(after);
  });
}

export function DELETE(request: Request, { params }: Params) {
  return handle(async () => {
    const { id } = await readParams(params, idParams, 'no such user');
    const before = await requireRuntime().auth.deleteUser(id);
    await audit(request, { action: 'user.delete', target: `user:${before.name}`, before });
    return new Response(null, { status: 204 });
  });
}
