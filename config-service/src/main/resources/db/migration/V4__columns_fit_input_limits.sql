-- Every column is at least as wide as the API's documented input limits (README, "Input limits"), so a value is
-- refused by the API with a 400 naming the field, never by the database with a 500:
-- - an audit entry's target is a site as "site:<name>" (5 + 64 characters);
-- - a device's config record carries its effective settings and both nodes' probes (8 each, 256-character paths).
-- The same statements run on H2 and PostgreSQL.
alter table audit alter column target_id set data type varchar(100);
alter table outbox alter column payload set data type varchar(100000);
