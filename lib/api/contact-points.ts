// What the contact-point routes answer: the list (URLs redacted for viewers), and add, replace,
// remove and find, each refusing with a problem (404 unknown, 409 name taken) that handle() answers.
import type { z } from 'zod';
import type { ContactPoint } from '../store/index.ts';
import type { Runtime } from '../runtime.ts';
import { orNotFound, ProblemError } from '../domain/problem.ts';
import type { contactPointBody } from './schemas.ts';
import { contactPointView } from './alerts.ts';

type ContactPointBody = z.infer<typeof contactPointBody>;

const NO_SUCH = 'no such contact point';

export async function listContactPointViews(runtime: Runtime, request: Request): Promise<ContactPoint[]> {
  return (await runtime.store.listContactPoints()).map((cp) => contactPointView(cp, request));
}

export async function findContactPoint(runtime: Runtime, id: number): Promise<ContactPoint> {
  return orNotFound(await runtime.store.getContactPoint(id), NO_SUCH);
}

export async function addContactPoint(runtime: Runtime, body: ContactPointBody): Promise<ContactPoint> {
  const cp = await runtime.store.createContactPoint(body, runtime.now());
  if (!cp) throw new ProblemError(409, `a contact point named "${body.name}" exists`);
  return cp;
}

/** Replaces a contact point: its secret stays unless one is sent; a kind without signing drops it. */
export async function replaceContactPoint(runtime: Runtime, id: number, body: ContactPointBody): Promise<{ before: ContactPoint; after: ContactPoint }> {
  const before = await findContactPoint(runtime, id);
  const signed = body.kind === 'dingtalk' || body.kind === 'feishu';
  const after = orNotFound(await runtime.store.updateContactPoint(id, signed ? body : { ...body, secret: null }, runtime.now()), NO_SUCH);
  if ('taken' in after) throw new ProblemError(409, `a contact point named "${body.name}" exists`, undefined, [{ path: 'name', message: 'another contact point has this name', code: 'custom', key: 'nameTaken' }]);
  return { before, after };
}

/** Removes a contact point and its queued notifications; answers what it was. */
export async function removeContactPoint(runtime: Runtime, id: number): Promise<ContactPoint> {
  return orNotFound(await runtime.store.deleteContactPoint(id), NO_SUCH);
}
