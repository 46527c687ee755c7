// Change password: required before anything else when the password was set for the user
// (the first-start admin password, or one an admin gave).
import { headers } from 'next/headers';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { principalOf } from '@/lib/api/principal';

export const dynamic = 'force-dynamic';

export default async function ChangePasswordPage() {
  const principal = principalOf(await headers());
  return (
    <div className="auth-page">
      <h1>Change password</h1>
      {principal?.mustChangePassword ? (
        <p className="lede" role="status">
          {principal.name}, your password was set for you: choose your own before you continue.
        </p>
      ) : (
        <p className="lede">Choose a new password of at least 10 characters.</p>
      )}
      <ChangePasswordForm />
    </div>
  );
}
