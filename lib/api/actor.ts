// Who made a request, for the audit log. Until sign-in exists every console user is "anonymous".
export function actorOf(request: Request): string {
  void request;
  return 'anonymous';
}
