-- 0015: each user's choice of language, time zone and colour scheme, kept on the user so it follows
-- the operator from browser to browser. Null: not chosen (the browser's cookie, then its
-- Accept-Language or the default, decide; lib/i18n/config.ts resolvePreferences).
alter table users add column locale text;
alter table users add column time_zone text;
alter table users add column theme text;
