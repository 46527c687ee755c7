-- 0016: cordoned servers (issue 18). A cordoned server is no target of any rollout or plan, and
-- Fulcrum's delivered server lists put it last; the apps it owns stay where they are. Who cordoned
-- it, when and why; null while it is not cordoned.
alter table servers add column cordoned_by text;
alter table servers add column cordoned_at timestamptz;
alter table servers add column cordon_reason text;
