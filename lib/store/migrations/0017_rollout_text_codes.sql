-- 0017: what the rollout controller writes into a rollout's history as stable codes (issue 21): an
-- event's and a move's text carries `code` and `params` (lib/domain/rollout-texts.ts) beside the
-- English `detail`, so that the console and notifications say it in the reader's language. Rows
-- written before have no code and are shown by their detail.
alter table rollout_events add column code text;
alter table rollout_events add column params jsonb;
alter table rollout_moves add column code text;
alter table rollout_moves add column params jsonb;
