-- every column: ts, then the fields in first-seen order
SELECT * FROM events ORDER BY ts;
