-- 0008: what the 人员信息台账 asks of a team member, kept on the cadre (it describes the person):
-- 性别 (男/女), 出生年月 (YYYY-MM), 政治面貌 (中共党员, 中共预备党员, 共青团员, 民主党派, 群众) and the
-- post held at the sending unit (原单位职务; the unit itself is cadre.unit, the 派出单位). NULL: not
-- written yet (members added before this version, or cadres known only from the roster). The values are
-- checked by the domain (zhucun_domain::team), not here, so a newer app's wording still syncs.
ALTER TABLE cadre ADD COLUMN sex TEXT;
ALTER TABLE cadre ADD COLUMN birth_month TEXT;
ALTER TABLE cadre ADD COLUMN politics TEXT;
ALTER TABLE cadre ADD COLUMN post TEXT;
