-- 0006: the day a work log was first written (the local date of the laptop that wrote it, from the
-- use case's "today"). A log first written after its day is back-filled (补填), which 今日 and the
-- 工作日志 ledger say. Rows written before this version keep NULL: unknown, never marked.
ALTER TABLE work_log ADD COLUMN created_at TEXT;
