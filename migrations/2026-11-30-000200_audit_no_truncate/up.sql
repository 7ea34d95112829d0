-- The audit chain is append-only: a row trigger refuses UPDATE and DELETE, but TRUNCATE fires no row
-- trigger and would empty the table in one statement. A statement trigger refuses it too.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
