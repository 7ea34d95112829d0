DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
