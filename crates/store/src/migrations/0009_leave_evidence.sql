-- 0009: approval evidence and voiding of a leave (请销假).
-- Approval: the approver's own level (乡镇 / 县委组织部: at least the level the length calls for), the
-- document number (文号) if any, and a photo of the signed 请假条. The photo itself stays on the laptop
-- that took it (a private 附件 folder beside the database, under a generated name): bundles are capped
-- at 32 MiB and a team's photos would soon pass it. What syncs is the photo's name and SHA-256, so
-- every replica knows a photo exists, where, and can check a copy brought by hand.
ALTER TABLE leave_request ADD COLUMN approver_level TEXT;
ALTER TABLE leave_request ADD COLUMN approval_doc TEXT;
ALTER TABLE leave_request ADD COLUMN photo_file TEXT;
ALTER TABLE leave_request ADD COLUMN photo_sha256 TEXT;
-- 作废: an approved leave voided with a reason (who and why also in 修改记录). A voided leave counts
-- for no rule. Voiding wins over everything else, on every replica: a void made on one laptop and a
-- 销假 made on another both arrive, and the state read from the row is 已作废 wherever both are.
ALTER TABLE leave_request ADD COLUMN voided_on TEXT;
ALTER TABLE leave_request ADD COLUMN void_reason TEXT;
