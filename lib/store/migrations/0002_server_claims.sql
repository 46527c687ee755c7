-- 0002: which apps each server claimed in its latest snapshot, so two servers claiming one app
-- (a split brain, PowerJob issues #616 and #102) can be seen.
create table server_claims (
  server_address text not null,
  app_id bigint not null,
  observed_at timestamptz not null,
  primary key (server_address, app_id)
);
create index server_claims_app on server_claims (app_id);
