-- 0010: meetings a township accepts. Where it was held (地点), who took part besides the team (村两委,
-- 群众代表 …: their names or a description as text, and how many as a number when known), and when a
-- meeting recorded by mistake was voided (作废; the row stays, with its 修改记录, and no rule counts
-- it — a delete would be final across sync and leave no trace). The minutes were already there.
ALTER TABLE meeting ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting ADD COLUMN others TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting ADD COLUMN others_count INTEGER;
ALTER TABLE meeting ADD COLUMN voided_on TEXT;
