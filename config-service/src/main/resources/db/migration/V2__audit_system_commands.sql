-- The audit also records the commands other services (heartbeat-service) send on their own, read from
-- fos.device.commands: source names the issuing service (null for entries written at config-service's API), and a
-- command has at most one entry, so a redelivered record is never audited twice. H2 and PostgreSQL alike.
alter table audit add column source varchar(100);
drop index audit_command;
create unique index audit_command_unique on audit (command_id);
