// PowerJob's `oms.table-prefix` (empty by default: app_info; `pj_` makes pj_app_info). It becomes
// part of SQL, so only identifier characters, at most 32.
export const TABLE_PREFIX = /^[A-Za-z0-9_]{0,32}$/;
