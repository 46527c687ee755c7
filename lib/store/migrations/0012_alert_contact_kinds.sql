-- 0012: contact point kinds and silences as Alertmanager writes them.
-- Contact points get a kind (webhook, dingtalk, feishu, wecom, alertmanager), the kind's settings
-- (keywords, @mentions: nothing secret) and a signing secret kept apart, never answered back.
alter table alert_contact_points add column kind text not null default 'webhook'
  check (kind in ('webhook', 'dingtalk', 'feishu', 'wecom', 'alertmanager'));
alter table alert_contact_points add column settings jsonb not null default '{}'::jsonb;
alter table alert_contact_points add column secret text;
-- Silences saved before matchers were parsed as Alertmanager does kept the quotes of a value such as
-- alertname="apps skew" inside it and matched nothing: the value loses its quotes and escapes.
update alert_silences s
   set matchers = (
     select jsonb_agg(
              case when m->>'value' ~ '^".*"$' and length(m->>'value') >= 2
                   then jsonb_set(m, '{value}', to_jsonb(replace(replace(substr(m->>'value', 2, length(m->>'value') - 2), '\"', '"'), '\\', '\')))
                   else m end
              order by ord)
       from jsonb_array_elements(s.matchers) with ordinality as e(m, ord))
 where exists (select 1 from jsonb_array_elements(s.matchers) m where m->>'value' ~ '^".*"$');
