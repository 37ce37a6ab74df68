-- R20: why a complaint is special (marks with reason, who and when), and the earlier complaint
-- a repeat links to (the id is also a column, so repeats are counted in SQL).
ALTER TABLE complaints ADD COLUMN special TEXT;
ALTER TABLE complaints ADD COLUMN repeat_of TEXT;
-- R20: the earlier complaint a duplicate was merged into.
ALTER TABLE complaints ADD COLUMN merged_into TEXT;
ALTER TABLE complaints ADD COLUMN repeat_of_id BLOB REFERENCES complaints (id);
CREATE INDEX complaints_repeat_of ON complaints (repeat_of_id) WHERE repeat_of_id IS NOT NULL;
