-- 0021: a rollout's reason and an audit entry's detail as stable codes too (issue 21), as 0017 did
-- for the rollout history: `reason_code`/`reason_params` beside the English `reason`, and
-- `detail_code`/`detail_params` beside the English `detail` (lib/domain/rollout-texts.ts), so that
-- the console says a guardrail's reason and the controller's audit entries in the reader's
-- language. Null on older rows, on an operator's own words and on texts that have no code.
alter table rollouts add column reason_code text;
alter table rollouts add column reason_params jsonb;
alter table audit_log add column detail_code text;
alter table audit_log add column detail_params jsonb;
