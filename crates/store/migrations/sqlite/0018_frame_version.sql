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

CREATE TRIGGER IF NOT EXISTS units_inserted AFTER INSERT ON units
BEGIN UPDATE frame_version SET version = version + 1; END;
CREATE TRIGGER IF NOT EXISTS units_updated AFTER UPDATE ON units
BEGIN UPDATE frame_version SET version = version + 1; END;
CREATE TRIGGER IF NOT EXISTS units_deleted AFTER DELETE ON units
BEGIN UPDATE frame_version SET version = version + 1; END;
CREATE TRIGGER IF NOT EXISTS calendar_years_inserted AFTER INSERT ON calendar_years
BEGIN UPDATE frame_version SET version = version + 1; END;
CREATE TRIGGER IF NOT EXISTS calendar_years_updated AFTER UPDATE ON calendar_years
BEGIN UPDATE frame_version SET version = version + 1; END;
CREATE TRIGGER IF NOT EXISTS calendar_years_deleted AFTER DELETE ON calendar_years
BEGIN UPDATE frame_version SET version = version + 1; END;
