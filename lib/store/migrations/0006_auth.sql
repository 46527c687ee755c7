-- 0006: who may use the console. Users with a role, their sessions, and API tokens for programs.
-- Secrets are never stored: passwords as bcrypt hashes, session ids and tokens as SHA-256 digests.
create table users (
  id bigint generated always as identity primary key,
  name text not null unique,
  role text not null check (role in ('viewer', 'operator', 'admin')),
  -- null for a user who signs in only through OIDC
  password_hash text,
  must_change_password boolean not null default false,
  -- the OIDC issuer's `sub` claim, for users created by single sign-on
  oidc_subject text unique,
  disabled boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table sessions (
  id_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  last_seen_at timestamptz not null
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

-- Tokens for programs: the operator API (viewer/operator/admin) or the data plane (ingest, assignment).
create table api_tokens (
  id bigint generated always as identity primary key,
  name text not null,
  role text not null check (role in ('viewer', 'operator', 'admin', 'ingest', 'assignment')),
  token_hash text not null unique,
  -- the first characters of the token, shown so an operator can tell tokens apart
  prefix text not null,
  created_by text not null,
  created_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz
);
