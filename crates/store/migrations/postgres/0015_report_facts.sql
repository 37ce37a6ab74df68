-- R27, R30: what the quarterly report counts, kept beside each complaint so that the report
-- reads two narrow covering indexes instead of the complaint rows and their JSON: the current
-- lead unit (as in complaint_units), the day the deadline counts from (the dispatch's), and the
-- kinds of special mark, comma-separated in the order marked.
ALTER TABLE complaints
    ADD COLUMN lead_unit_id UUID,
    ADD COLUMN deadline_start DATE,
    ADD COLUMN special_kinds TEXT;
UPDATE complaints SET
    lead_unit_id = (dispatch->>'lead_unit')::uuid,
    deadline_start = (dispatch->'deadline'->>'start')::date,
    special_kinds = (SELECT string_agg(e->>'kind', ',' ORDER BY n)
                     FROM jsonb_array_elements(special) WITH ORDINALITY AS m (e, n))
WHERE dispatch IS NOT NULL OR special IS NOT NULL;
CREATE INDEX complaints_period ON complaints (registered_at)
    INCLUDE (channel, category, state, repeat_of_id, lead_unit_id, special_kinds);
DROP INDEX complaints_concluded;
CREATE INDEX complaints_concluded ON complaints (concluded_at)
    INCLUDE (lead_unit_id, deadline_start, due_on, holder_name)
    WHERE concluded_at IS NOT NULL;
