-- What devices and the other services report is stored whole: a scan's result grows with the devices it finds (a
-- /22 may report 1024), a device's state with the keys it reads. Every record arriving on Kafka is bounded by the
-- events module (each map value at most 1000 characters, at most 10,000 entries); these columns take any such
-- record. The remaining text columns fit the events module's maxima (message 1000, reason 500, names 100).
-- SET DATA TYPE and text are understood by H2 and PostgreSQL alike.
alter table command alter column details set data type text;
alter table command alter column parameters set data type text;
alter table device_state alter column state_values set data type text;
alter table event_history alter column details set data type text;
