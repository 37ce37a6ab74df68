-- R5, R9: a unit's queue — the cases with a unit, newest first, with what visibility checks
-- (R7, R17: who is accused, whether disclosure was approved, who registered it). Partial: the
-- few thousand open cases of a million, so the queue is read and counted from the index alone.
CREATE INDEX complaints_open ON complaints (registered_at, id)
    INCLUDE (accused_user_id, accused_unit_id, disclosure_approved, registered_by)
    WHERE state IN ('dispatched', 'in_progress', 'returned');
