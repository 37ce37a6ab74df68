-- R27, R30: what the quarterly report counts, kept beside each complaint so that the report
-- reads two narrow covering indexes instead of the complaint rows and their JSON: the current
-- lead unit (as in complaint_units), the day the deadline counts from (the dispatch's), and the
-- kinds of special mark, comma-separated in the order marked.
ALTER TABLE complaints ADD COLUMN lead_unit_id BLOB;
ALTER TABLE complaints ADD COLUMN deadline_start TEXT;
ALTER TABLE complaints ADD COLUMN special_kinds TEXT;
UPDATE complaints SET
    lead_unit_id = (SELECT cu.unit_id FROM complaint_units cu
                    WHERE cu.complaint_id = complaints.id AND cu.role = 'lead'),
    deadline_start = json_extract(dispatch, '$.deadline.start'),
    special_kinds = (SELECT group_concat(json_extract(value, '$.kind'), ',')
                     FROM json_each(complaints.special))
WHERE dispatch IS NOT NULL OR special IS NOT NULL;
CREATE INDEX complaints_period ON complaints
    (registered_at, channel, category, state, repeat_of_id, lead_unit_id, special_kinds);
DROP INDEX complaints_concluded;
CREATE INDEX complaints_concluded ON complaints
    (concluded_at, lead_unit_id, deadline_start, due_on, holder_name)
    WHERE concluded_at IS NOT NULL;
