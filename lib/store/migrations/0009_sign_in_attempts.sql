-- 0009: sign-in attempt counters, shared by every replica. Each attempt (the sign-in form or HTTP
-- Basic) is counted here per account name and per client address before its password is compared
-- (lib/domain/attempt-limit.ts); a key's window starts at its first attempt and restarts once it
-- is over. Rows whose window is over are pruned with the expired sessions.
create table sign_in_attempts (
  key text primary key,
  window_start timestamptz not null,
  attempts integer not null
);
create index sign_in_attempts_window on sign_in_attempts (window_start);
