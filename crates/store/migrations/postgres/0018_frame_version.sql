-- The unit tree and the working-day calendar change rarely, and every batch of registrations is
-- decided with them. The registration writer keeps them between batches and reads this version,
-- in the statement that draws the batch's numbers, to know when to read them again. Triggers
-- move it on at every change, whoever makes it (the server, a command, another instance).
-- Written to run again harmlessly.
CREATE TABLE IF NOT EXISTS frame_version (
    id BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO frame_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION frame_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE frame_version SET version = version + 1;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS units_changed ON units;
CREATE TRIGGER units_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION frame_changed();
DROP TRIGGER IF EXISTS calendar_years_changed ON calendar_years;
CREATE TRIGGER calendar_years_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_years
    FOR EACH STATEMENT EXECUTE FUNCTION frame_changed();
