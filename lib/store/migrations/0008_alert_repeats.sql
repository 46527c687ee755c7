-- 0008: repeated notifications. An instance that keeps firing (or nodata, which notifies as firing) is told again every
-- FULCRUM_ALERT_REPEAT (as Alertmanager's repeat_interval), and one whose firing was silenced is
-- told once the silence is over. The instance remembers its firing transition and when it was
-- last told; the outbox keys each repeat apart (repeat 0 is the transition itself).
alter table alert_instances add column firing_transition_id bigint;
alter table alert_instances add column notified_at timestamptz;
alter table alert_instances add column repeats integer not null default 0;
alter table alert_notifications add column repeat integer not null default 0;
alter table alert_notifications drop constraint alert_notifications_transition_id_contact_point_id_key;
create unique index alert_notifications_once on alert_notifications (transition_id, contact_point_id, repeat);
-- instances firing at the upgrade were told then (or silenced): taken as told at their start, so
-- the upgrade itself sends nothing
update alert_instances i
   set notified_at = i.since,
       firing_transition_id = (select max(t.id) from alert_transitions t where t.rule_id = i.rule_id and t.key = i.key and t.to_state in ('firing', 'nodata'))
 where i.state in ('firing', 'nodata');
