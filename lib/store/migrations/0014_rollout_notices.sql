-- 0014: rollout events through the notification outbox, and a language per contact point.
-- An outbox row is either an alert transition's (transition_id) or a rollout event's
-- (rollout_event_id, written in the transaction that saves the event), never both; a rollout event
-- is queued at most once per contact point.
alter table alert_notifications alter column transition_id drop not null;
alter table alert_notifications add column rollout_event_id bigint;
alter table alert_notifications add constraint alert_notifications_one_source check ((transition_id is null) <> (rollout_event_id is null));
create unique index alert_notifications_rollout_once on alert_notifications (rollout_event_id, contact_point_id);
-- Messages are written in the contact point's language. Those made before 0014 keep English, which
-- they were sent until now; new ones default to Chinese (docs/alerts.md).
alter table alert_contact_points add column language text not null default 'en' check (language in ('en', 'zh-CN'));
alter table alert_contact_points alter column language set default 'zh-CN';
