-- 0012: 结对帮扶手册 (rules P1–P4, D1–D5, I1). The handbook's own parts: plans, measures, quarterly
-- evaluations and risk-elimination assessments, the annual income accounting and signatures. Contacts
-- are visits (0011): a contact typed in the handbook is a visit row. Team records, synced like the
-- visits: no foreign keys, no CHECK on wording. Nothing is deleted: 作废 sets `voided_on` and writes a
-- correction. Amounts are integer 分 (fen), never floating point.

-- 帮扶计划 (tier A) / 年度巩固计划 (tier B) of one household and year. Two laptops may each write one:
-- the latest (`created_at`) is the year's plan, the other stays readable in the history.
CREATE TABLE handbook_plan (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL,
    year         INTEGER NOT NULL,
    date         TEXT NOT NULL,
    goals        TEXT NOT NULL DEFAULT '',
    planned      TEXT NOT NULL DEFAULT '',
    created_at   TEXT,
    voided_on    TEXT
) STRICT;
CREATE INDEX handbook_plan_household ON handbook_plan(household_id, year);

-- 帮扶措施. `category` from the national list (开发式 is derived from it, never stored).
CREATE TABLE measure (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL,
    category     TEXT NOT NULL,
    content      TEXT NOT NULL,
    amount_fen   INTEGER,
    from_date    TEXT NOT NULL,
    to_date      TEXT,
    status       TEXT NOT NULL,
    created_at   TEXT,
    voided_on    TEXT
) STRICT;
CREATE INDEX measure_household ON measure(household_id, from_date);

-- 帮扶成效评估, one per household and quarter (`quarter`: 2024-Q3).
CREATE TABLE evaluation (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL,
    quarter      TEXT NOT NULL,
    date         TEXT NOT NULL,
    changes      TEXT NOT NULL,
    income_trend TEXT NOT NULL DEFAULT '',
    risk         TEXT NOT NULL DEFAULT '',
    created_at   TEXT,
    voided_on    TEXT
) STRICT;
CREATE INDEX evaluation_household ON evaluation(household_id, quarter);

-- 风险消除评估 (D3), quarterly for a monitored household whose risk is not eliminated.
CREATE TABLE assessment (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL,
    quarter      TEXT NOT NULL,
    date         TEXT NOT NULL,
    result       TEXT NOT NULL,
    reasons      TEXT NOT NULL,
    assessors    TEXT NOT NULL DEFAULT '',
    created_at   TEXT,
    voided_on    TEXT
) STRICT;
CREATE INDEX assessment_household ON assessment(household_id, quarter);

-- 年度收入核算. `items`: JSON object {item key: fen} of the typed sub-items (工资性收入, 种植业, …);
-- `costs_fen`: 生产经营性支出. `size`: the household size used — the roster's on `date` unless
-- overridden with `size_reason`. `total_fen`, `net_fen` and `per_capita_fen` are what was computed
-- when saved (printed, sent to the county); the audit recomputes them, so an entry merged from two
-- laptops that no longer adds up is found.
CREATE TABLE income (
    id             TEXT PRIMARY KEY NOT NULL,
    household_id   TEXT NOT NULL,
    year           INTEGER NOT NULL,
    date           TEXT NOT NULL,
    items          TEXT NOT NULL DEFAULT '{}',
    costs_fen      INTEGER NOT NULL DEFAULT 0,
    size           INTEGER NOT NULL,
    size_reason    TEXT,
    total_fen      INTEGER NOT NULL,
    net_fen        INTEGER NOT NULL,
    per_capita_fen INTEGER NOT NULL,
    created_at     TEXT,
    voided_on      TEXT
) STRICT;
CREATE INDEX income_household ON income(household_id, year);

-- A signature on one dated entry (`tbl`: visit, handbook_plan, evaluation, assessment, income).
-- `role`: 帮扶责任人 or 农户. `method`: 屏幕签名 or 照片 (a photo of a wet signature or a thumbprint).
-- The image is content-addressed: `image` is its SHA-256, the bytes live once in signature_image.
CREATE TABLE signature (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL,
    tbl          TEXT NOT NULL,
    row_id       TEXT NOT NULL,
    role         TEXT NOT NULL,
    signer       TEXT NOT NULL DEFAULT '',
    signed_on    TEXT NOT NULL,
    method       TEXT NOT NULL,
    image        TEXT NOT NULL,
    created_at   TEXT,
    voided_on    TEXT
) STRICT;
CREATE INDEX signature_row ON signature(tbl, row_id);
CREATE INDEX signature_household ON signature(household_id);

-- Signature images, keyed by the SHA-256 of their bytes (so one image is stored and sent once).
-- `data`: the PNG or JPEG bytes in base64 (bundles carry text), at most `signature.max_kb`.
CREATE TABLE signature_image (
    id           TEXT PRIMARY KEY NOT NULL,
    household_id TEXT NOT NULL,
    mime         TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    data         TEXT NOT NULL
) STRICT;

-- 兜底保障 (D5): the household is covered by 低保 / 特困供养 as its bottom line. Roster data.
ALTER TABLE household ADD COLUMN bottom_support INTEGER NOT NULL DEFAULT 0;
