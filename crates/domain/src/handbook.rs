//! 结对帮扶手册: the handbook's own parts (plans, measures, evaluations, risk-elimination assessments,
//! the annual income accounting, signatures) as values, amounts in 分, and the income arithmetic
//! (纯收入, 人均纯收入, 三类人群, rule I1). Contacts are visits (`crate::visit`).
//!
//! Amounts are integer 分 (fen): typed as yuan with at most two decimals, never a float, so that sums
//! printed in the handbook add up to the cent.

use crate::choice;
use crate::rules::Period;
use crate::DomainError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice!(
    /// 帮扶措施类别, the national list (DOMAIN.md). 开发式 is derived from it ([`MeasureCategory::developmental`]).
    MeasureCategory {
        Industry = "产业" | "产业帮扶",
        Employment = "就业" | "就业帮扶",
        PublicJob = "公益岗位" | "公益岗位帮扶" | "公益性岗位",
        Health = "健康" | "健康帮扶",
        Education = "教育" | "教育帮扶",
        CompulsoryEducation = "义务教育保障",
        Housing = "住房安全保障",
        Water = "饮水安全保障",
        Comprehensive = "综合保障" | "兜底保障",
        Finance = "金融" | "金融帮扶" | "小额信贷",
        Social = "社会帮扶",
        Relocation = "搬迁" | "易地搬迁",
        Conditions = "生产生活条件改善",
        Infrastructure = "基础设施建设",
    }
);

impl MeasureCategory {
    /// 开发式 (developmental: 产业, 就业, 公益岗位, 金融), else 保障式 (D4 needs one developmental measure).
    pub fn developmental(self) -> bool {
        matches!(self, MeasureCategory::Industry | MeasureCategory::Employment | MeasureCategory::PublicJob | MeasureCategory::Finance)
    }

    /// 开发式 or 保障式.
    pub fn kind_zh(self) -> &'static str {
        if self.developmental() {
            "开发式"
        } else {
            "保障式"
        }
    }
}

choice!(
    /// 措施状态.
    MeasureStatus {
        Planned = "计划" | "计划中",
        InProgress = "落实中" | "实施中",
        Done = "已落实" | "已完成" | "落实",
    }
);

choice!(
    /// 风险消除评估的结论 (D3).
    AssessmentResult {
        Eliminate = "建议消除" | "消除",
        Continue = "继续监测" | "继续",
    }
);

choice!(
    /// Who signs an entry: the pairing cadre or the household (户主 or a member; a thumbprint counts).
    SignRole {
        Cadre = "帮扶责任人" | "cadre" | "干部" | "结对干部",
        Household = "农户" | "household" | "户主",
    }
);

choice!(
    /// How it was signed.
    SignMethod {
        Pad = "屏幕签名" | "pad",
        Photo = "照片" | "photo" | "手印照片" | "签名照片",
    }
);

choice!(
    /// The dated entries a signature can be on (their table names are the `signature.tbl` values).
    Signable {
        Visit = "visit",
        Plan = "handbook_plan",
        Evaluation = "evaluation",
        Assessment = "assessment",
        Income = "income",
    }
);

impl Signable {
    /// What the entry is called in the handbook.
    pub fn label_zh(self) -> &'static str {
        match self {
            Signable::Visit => "走访联系",
            Signable::Plan => "帮扶计划",
            Signable::Evaluation => "帮扶成效评估",
            Signable::Assessment => "风险消除评估",
            Signable::Income => "年度收入核算",
        }
    }
}

/// The four kinds of income of the national system, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
pub enum IncomeKind {
    #[serde(rename = "工资性收入")]
    Wage,
    #[serde(rename = "生产经营性收入")]
    Business,
    #[serde(rename = "财产性收入")]
    Property,
    #[serde(rename = "转移性收入")]
    Transfer,
}

impl IncomeKind {
    pub const ALL: [IncomeKind; 4] = [IncomeKind::Wage, IncomeKind::Business, IncomeKind::Property, IncomeKind::Transfer];

    pub fn label(self) -> &'static str {
        match self {
            IncomeKind::Wage => "工资性收入",
            IncomeKind::Business => "生产经营性收入",
            IncomeKind::Property => "财产性收入",
            IncomeKind::Transfer => "转移性收入",
        }
    }
}

choice!(
    /// One typed line of the income accounting, the handbook's sub-items of the four kinds. The label is
    /// also the key of `income.items` and of `zhucun income set --item 种植业=3600`.
    IncomeItem {
        Wage = "工资性收入" | "工资性",
        Crops = "种植业" | "种植业收入",
        Livestock = "养殖业" | "养殖业收入",
        Forestry = "林业" | "林业收入",
        BusinessOther = "其他生产经营性收入" | "生产经营其他" | "经营其他",
        Property = "财产性收入" | "财产性",
        Pension = "养老金" | "养老金或离退休金",
        Dibao = "低保金" | "最低生活保障金",
        Tekun = "特困供养金" | "特困人员救助供养金",
        Ecology = "生态补偿" | "生态补偿金",
        Subsidies = "各类补贴" | "补贴",
        TransferOther = "其他转移性收入" | "转移性其他" | "转移其他",
    }
);

impl IncomeItem {
    pub fn kind(self) -> IncomeKind {
        use IncomeItem::*;
        match self {
            Wage => IncomeKind::Wage,
            Crops | Livestock | Forestry | BusinessOther => IncomeKind::Business,
            Property => IncomeKind::Property,
            Pension | Dibao | Tekun | Ecology | Subsidies | TransferOther => IncomeKind::Transfer,
        }
    }

    /// How the handbook prints the line under its kind (其他 for both kinds' 其他).
    pub fn short_zh(self) -> &'static str {
        match self {
            IncomeItem::BusinessOther | IncomeItem::TransferOther => "其他",
            other => other.label(),
        }
    }
}

/// The largest amount a line accepts: 1亿元 (a typo of a few extra digits is refused, not summed).
pub const MAX_FEN: i64 = 10_000_000_000;

/// Yuan as typed (`3600`, `1250.5`, `1,250.50`, `1250.50元`) → 分. Refused: empty, negative, more than
/// two decimals, not a number, above [`MAX_FEN`].
pub fn parse_yuan(text: &str) -> Result<i64, DomainError> {
    let bad = || DomainError::Amount { value: text.to_string() };
    let t: String = text.trim().trim_end_matches('元').chars().filter(|c| *c != ',' && *c != '，' && !c.is_whitespace()).collect();
    let t = t.replace('．', ".");
    if t.is_empty() {
        return Err(bad());
    }
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, f),
        None => (t.as_str(), ""),
    };
    if int.is_empty() && frac.is_empty() {
        return Err(bad());
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 || int.len() > 12 {
        return Err(bad());
    }
    let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| bad())? };
    let mut cents: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| bad())? };
    if frac.len() == 1 {
        cents *= 10;
    }
    let fen = yuan.checked_mul(100).and_then(|f| f.checked_add(cents)).ok_or_else(bad)?;
    if fen > MAX_FEN {
        return Err(bad());
    }
    Ok(fen)
}

/// 分 → yuan with two decimals: 125050 → `1250.50`, −3000 → `-30.00`.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// The sums of one income accounting, all in 分.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct IncomeSums {
    pub wage: i64,
    pub business: i64,
    pub property: i64,
    pub transfer: i64,
    /// 年收入: the four kinds together.
    pub total: i64,
    /// 生产经营性支出.
    pub costs: i64,
    /// 纯收入 = 年收入 − 生产经营性支出 (may be negative after a bad year).
    pub net: i64,
    /// 人均纯收入 = 纯收入 ÷ household size, rounded half away from zero to the 分.
    pub per_capita: i64,
}

impl IncomeSums {
    pub fn kind(&self, k: IncomeKind) -> i64 {
        match k {
            IncomeKind::Wage => self.wage,
            IncomeKind::Business => self.business,
            IncomeKind::Property => self.property,
            IncomeKind::Transfer => self.transfer,
        }
    }
}

/// `a ÷ b` rounded half away from zero (b > 0).
pub fn div_round(a: i64, b: i64) -> i64 {
    if b <= 0 {
        return 0;
    }
    let q = a / b;
    let r = a % b;
    if 2 * r.abs() >= b {
        q + a.signum()
    } else {
        q
    }
}

/// The accounting's sums from its typed lines (`size` ≥ 1; 0 gives a per-capita figure of 0 and is
/// refused by the use cases before it gets here).
pub fn income_sums(items: &[(IncomeItem, i64)], costs: i64, size: i64) -> IncomeSums {
    let of = |k: IncomeKind| items.iter().filter(|(i, _)| i.kind() == k).map(|(_, v)| *v).sum::<i64>();
    let (wage, business, property, transfer) = (of(IncomeKind::Wage), of(IncomeKind::Business), of(IncomeKind::Property), of(IncomeKind::Transfer));
    let total = wage + business + property + transfer;
    let net = total - costs;
    IncomeSums { wage, business, property, transfer, total, costs, net, per_capita: div_round(net, size) }
}

/// Parse `种植业=3600` (also `种植业:3600`, `种植业：3600`) into the item and its 分.
pub fn parse_item(text: &str) -> Result<(IncomeItem, i64), DomainError> {
    let (k, v) = text
        .split_once('=')
        .or_else(|| text.split_once('：'))
        .or_else(|| text.split_once(':'))
        .ok_or_else(|| DomainError::Choice { value: text.to_string(), allowed: format!("项目=金额，项目为{}", IncomeItem::allowed()) })?;
    Ok((IncomeItem::parse(k)?, parse_yuan(v)?))
}

/// `income.items` as stored: a JSON object of canonical item labels to 分, in the national order.
pub fn items_json(items: &[(IncomeItem, i64)]) -> String {
    let mut v: Vec<(IncomeItem, i64)> = items.to_vec();
    v.sort_by_key(|(i, _)| *i);
    let mut map = serde_json::Map::new();
    for (i, fen) in v {
        map.insert(i.label().to_string(), serde_json::Value::from(fen));
    }
    serde_json::Value::Object(map).to_string()
}

/// Read `income.items`; lines this app does not know (a newer app's) are skipped, not fatal.
pub fn items_from_json(text: &str) -> Vec<(IncomeItem, i64)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut out: Vec<(IncomeItem, i64)> = map.iter().filter_map(|(k, v)| Some((IncomeItem::parse(k).ok()?, v.as_i64()?))).collect();
    out.sort_by_key(|(i, _)| *i);
    out
}

/// 三类人群 (I1) from a household's latest accounting and the one of the year before, if any.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FocusFlags {
    /// 人均纯收入 lower than the previous year's accounting.
    pub down: bool,
    /// 人均纯收入 under `income.focus_line`.
    pub under_line: bool,
    /// A 监测户.
    pub monitored: bool,
}

impl FocusFlags {
    pub fn any(&self) -> bool {
        self.down || self.under_line || self.monitored
    }

    /// 收入下降、低于1万元、监测户 — the flags set, joined by 、 (empty when none).
    pub fn labels_zh(&self, line_yuan: i64) -> String {
        let mut v: Vec<String> = Vec::new();
        if self.down {
            v.push("人均纯收入同比下降".into());
        }
        if self.under_line {
            v.push(format!("人均纯收入低于{line_yuan}元"));
        }
        if self.monitored {
            v.push("监测对象".into());
        }
        v.join("、")
    }
}

/// I1: `per_capita` and `previous` (the prior year's 人均纯收入, when accounted) in 分; `line_fen` is
/// `income.focus_line` × 100.
pub fn focus_flags(per_capita: i64, previous: Option<i64>, line_fen: i64, monitored: bool) -> FocusFlags {
    FocusFlags { down: previous.is_some_and(|p| per_capita < p), under_line: per_capita < line_fen, monitored }
}

/// A quarter as typed: `2024-Q3` (also `2024Q3`, `2024年第三季度`, `2024年3季度`).
pub fn parse_quarter(text: &str) -> Result<Period, DomainError> {
    let t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || DomainError::Period { value: text.to_string() };
    if let Some((y, rest)) = t.split_once('年') {
        let q = rest.trim_start_matches('第').trim_end_matches("季度");
        let n = match q {
            "一" | "1" => 1,
            "二" | "2" => 2,
            "三" | "3" => 3,
            "四" | "4" => 4,
            _ => return Err(bad()),
        };
        return match Period::parse(&format!("{y}-Q{n}"))? {
            p @ Period::Quarter { .. } => Ok(p),
            _ => Err(bad()),
        };
    }
    let t = if !t.contains('-') { t.replacen(['Q', 'q'], "-Q", 1) } else { t };
    match Period::parse(&t)? {
        p @ Period::Quarter { .. } => Ok(p),
        _ => Err(bad()),
    }
}

/// `2024-Q3`.
pub fn quarter_text(p: Period) -> String {
    match p {
        Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
        other => other.label_zh(),
    }
}

/// The quarter containing `d`.
pub fn quarter_of(d: NaiveDate) -> Period {
    use chrono::Datelike;
    Period::Quarter { year: d.year(), quarter: (d.month() - 1) / 3 + 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_parses_to_fen_exactly() {
        assert_eq!(parse_yuan("3600").unwrap(), 360_000);
        assert_eq!(parse_yuan("1250.5").unwrap(), 125_050);
        assert_eq!(parse_yuan(" 1,250.50元 ").unwrap(), 125_050);
        assert_eq!(parse_yuan("0").unwrap(), 0);
        assert_eq!(parse_yuan(".5").unwrap(), 50);
        for bad in ["", "-5", "12.345", "abc", "1e5", "三千", "1.2.3", ".", "100000001"] {
            assert!(parse_yuan(bad).is_err(), "{bad} must be refused");
        }
        assert_eq!(format_yuan(125_050), "1250.50");
        assert_eq!(format_yuan(-3000), "-30.00");
        assert_eq!(format_yuan(7), "0.07");
    }

    #[test]
    fn sums_and_per_capita_rounding() {
        let items = [(IncomeItem::Wage, 2_000_000), (IncomeItem::Crops, 360_000), (IncomeItem::Dibao, 100_001)];
        let s = income_sums(&items, 60_000, 3);
        assert_eq!((s.wage, s.business, s.transfer, s.total), (2_000_000, 360_000, 100_001, 2_460_001));
        assert_eq!(s.net, 2_400_001);
        assert_eq!(s.per_capita, 800_000, "2400001 / 3 = 800000.33 → 800000");
        assert_eq!(income_sums(&[(IncomeItem::Wage, 5)], 0, 2).per_capita, 3, "2.5 rounds half away from zero");
        assert_eq!(income_sums(&[], 5, 2).per_capita, -3, "a loss rounds away from zero too");
    }

    #[test]
    fn focus_flags_from_two_years() {
        assert_eq!(focus_flags(900_000, None, 1_000_000, false), FocusFlags { down: false, under_line: true, monitored: false });
        assert!(focus_flags(1_200_000, Some(1_300_000), 1_000_000, false).down);
        assert!(!focus_flags(1_000_000, Some(1_000_000), 1_000_000, false).any(), "equal is not down, the line itself is not under");
    }

    #[test]
    fn items_round_trip_and_unknown_lines_are_skipped() {
        let items = vec![(IncomeItem::Ecology, 5), (IncomeItem::Wage, 100)];
        let j = items_json(&items);
        assert_eq!(j, r#"{"工资性收入":100,"生态补偿":5}"#);
        assert_eq!(items_from_json(&j), vec![(IncomeItem::Wage, 100), (IncomeItem::Ecology, 5)]);
        assert_eq!(items_from_json(r#"{"工资性收入":1,"将来的项目":2}"#), vec![(IncomeItem::Wage, 1)]);
        assert_eq!(parse_item("种植业=3600").unwrap(), (IncomeItem::Crops, 360_000));
        assert!(parse_item("彩票=5").is_err());
        assert!(parse_item("种植业=-5").is_err());
    }

    #[test]
    fn measure_categories_know_developmental() {
        assert!(MeasureCategory::parse("公益性岗位").unwrap().developmental());
        assert_eq!(MeasureCategory::parse("兜底保障").unwrap(), MeasureCategory::Comprehensive);
        assert_eq!(MeasureCategory::Health.kind_zh(), "保障式");
        assert!(MeasureCategory::parse("旅游").is_err());
    }

    #[test]
    fn quarters_as_typed() {
        for t in ["2024-Q3", "2024Q3", "2024q3", "2024年第三季度", "2024年3季度"] {
            assert_eq!(parse_quarter(t).unwrap(), Period::Quarter { year: 2024, quarter: 3 }, "{t}");
        }
        for t in ["2024-Q5", "2024-09", "2024", "Q3"] {
            assert!(parse_quarter(t).is_err(), "{t}");
        }
        assert_eq!(quarter_text(quarter_of(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())), "2024-Q4");
    }
}
