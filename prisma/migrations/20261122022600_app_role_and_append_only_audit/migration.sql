-- Hand-written: privileges and guards that schema.prisma cannot express.
--
-- The API and worker connect as (a member of) the role "storefleet_app". It may
-- read and write the application's tables, but the audit log only grows:
-- SELECT and INSERT, never UPDATE, DELETE or TRUNCATE. Migrations run as the
-- owner of the schema, a different role.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'storefleet_app') THEN
    -- Created without LOGIN: grant it to the login role the apps use, or
    -- ALTER ROLE storefleet_app LOGIN PASSWORD '...'.
    CREATE ROLE storefleet_app NOLOGIN;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO storefleet_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "refresh_tokens", "stores", "store_events", "idempotency_keys" TO storefleet_app;
GRANT SELECT, INSERT ON "audit_logs" TO storefleet_app;
GRANT USAGE, SELECT ON SEQUENCE "audit_logs_id_seq" TO storefleet_app;

-- Tables added by later migrations are readable and writable by the app unless
-- their migration says otherwise.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO storefleet_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO storefleet_app;

-- Defence in depth: even a role with table privileges cannot rewrite history.
CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_logs_append_only
  BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
