-- 0007: the change bus (lib/store/changes.ts). Each change is a row, announced on the channel
-- fulcrum_changes (LISTEN/NOTIFY); replicas that missed a notification read the rows they have not
-- seen (polling fallback). Rows are kept for an hour.
create table changes (
  id bigserial primary key,
  at timestamptz not null default now(),
  topic text not null,
  payload jsonb not null
);
create index changes_at on changes (at);
