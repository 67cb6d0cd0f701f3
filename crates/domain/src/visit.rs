//! 走访 and 问题台账: a household visit as the plan's 走访情况登记表 records it, and the problems found
//! (on a visit, at a meeting, by an inspection) kept until closed item by item (销号, rule L1).
//!
//! A visit is typed once. The visit register, the visitors' work logs of that day (V4), the household's
//! page and the pairing handbook all read the same record.

use crate::choice;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice!(
    /// 走访方式. Only 入户 is in person; the others count for V1/V2 only when the household is
    /// whole-family-away (全家外出) on the visit's date (V3).
    VisitMode {
        InPerson = "入户" | "入户走访" | "上门",
        Phone = "电话",
        WeChat = "微信",
        Video = "视频" | "视频通话",
    }
);

impl VisitMode {
    pub fn in_person(self) -> bool {
        self == VisitMode::InPerson
    }
}

choice!(
    /// What the plan asks a visit to check (走访内容).
    CheckItem {
        Family = "家庭变化",
        Schooling = "义务教育",
        Medical = "基本医疗",
        Housing = "住房安全",
        Water = "饮水安全",
        Income = "收入与风险线索" | "收入和风险线索" | "风险线索",
        Policy = "政策宣传",
        Requests = "群众诉求",
    }
);

impl CheckItem {
    /// What to look at, as the form hints it.
    pub fn hint_zh(self) -> &'static str {
        match self {
            CheckItem::Family => "家庭成员、务工、患病、上学等变化",
            CheckItem::Schooling => "适龄子女是否在校，有无辍学",
            CheckItem::Medical => "是否参加医疗保险，有无大额医疗支出",
            CheckItem::Housing => "住房是否安全",
            CheckItem::Water => "水质、水量是否有保障",
            CheckItem::Income => "收入下降、大额医疗或上学支出、灾害、失业等风险",
            CheckItem::Policy => "发放了哪些明白纸、讲了哪些政策",
            CheckItem::Requests => "群众提出的诉求",
        }
    }
}

choice!(
    /// The result of one check.
    CheckState {
        Ok = "正常" | "ok" | "无问题",
        Problem = "有问题" | "problem" | "问题",
        Unchecked = "未查看" | "unchecked" | "未检查",
    }
);

/// One check of a visit: the item, its result, and a note (required where there is a problem).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Check {
    pub item: CheckItem,
    pub state: CheckState,
    #[serde(default)]
    pub note: String,
}

/// Parse `义务教育=ok,住房安全=problem:屋顶漏雨` (the CLI's `--check`): items separated by , or ，,
/// each `item=state` with an optional `:note`.
pub fn parse_checks(text: &str) -> Result<Vec<Check>, crate::DomainError> {
    let mut out: Vec<Check> = Vec::new();
    for part in text.split([',', '，']).map(str::trim).filter(|p| !p.is_empty()) {
        let (item, rest) = part.split_once('=').ok_or_else(|| crate::DomainError::Choice {
            value: part.to_string(),
            allowed: format!("“项目=结果”，项目：{}；结果：{}", CheckItem::allowed(), CheckState::allowed()),
        })?;
        let (state, note) = match rest.split_once([':', '：']) {
            Some((s, n)) => (s, n.trim()),
            None => (rest, ""),
        };
        let item = CheckItem::parse(item)?;
        let state = CheckState::parse(state)?;
        out.retain(|c| c.item != item);
        out.push(Check { item, state, note: note.to_string() });
    }
    Ok(out)
}

choice!(
    /// 问题来源.
    ProblemSource {
        Visit = "走访",
        Meeting = "会议",
        Inspection = "督导检查",
        SelfCheck = "自查",
        Assigned = "上级交办",
    }
);

choice!(
    /// 问题类别.
    ProblemCategory {
        Schooling = "义务教育",
        Medical = "基本医疗",
        Housing = "住房安全",
        Water = "饮水安全",
        IncomeWork = "收入就业",
        Environment = "环境卫生",
        Policy = "政策落实",
        Other = "其他",
    }
);

impl ProblemCategory {
    /// The category a problem found in a visit's check falls in.
    pub fn of_check(item: CheckItem) -> ProblemCategory {
        match item {
            CheckItem::Schooling => ProblemCategory::Schooling,
            CheckItem::Medical => ProblemCategory::Medical,
            CheckItem::Housing => ProblemCategory::Housing,
            CheckItem::Water => ProblemCategory::Water,
            CheckItem::Income | CheckItem::Family => ProblemCategory::IncomeWork,
            CheckItem::Policy => ProblemCategory::Policy,
            CheckItem::Requests => ProblemCategory::Other,
        }
    }
}

choice!(
    /// 整改状态. 已销号 only through closing (L1).
    ProblemStatus {
        Open = "待整改",
        InProgress = "整改中",
        Closed = "已销号" | "销号",
    }
);

/// A visit as the rules read it.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitRecord {
    pub id: String,
    pub household_id: String,
    pub date: NaiveDate,
    pub mode: VisitMode,
    /// Visiting team members (member ids).
    pub members: Vec<String>,
    /// The household's pairing cadre visited too (a cadre id; often not a team member).
    pub cadre_id: Option<String>,
}

/// A household as the visit rules read it.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitHousehold {
    pub id: String,
    /// 户编号.
    pub number: String,
    pub head: String,
    pub group: String,
    pub category: crate::household::Category,
    /// The day it became monitored (识别日期), when monitored.
    pub identified_on: Option<NaiveDate>,
    /// 全家外出, and since when (`None`: since before any date the rules look at).
    pub away: bool,
    pub away_since: Option<NaiveDate>,
    /// Every member has left (迁出/减少) by this day: the household is no longer in the village.
    pub left_on: Option<NaiveDate>,
}

impl VisitHousehold {
    /// Whole-family-away on `d` (V3).
    pub fn away_on(&self, d: NaiveDate) -> bool {
        self.away && self.away_since.is_none_or(|s| s <= d)
    }

    /// Still in the village on `d`.
    pub fn present_on(&self, d: NaiveDate) -> bool {
        self.left_on.is_none_or(|l| d < l)
    }
}

/// Does this visit count for the rules (V3): in person, or remote while whole-family-away that day.
pub fn counts(v: &VisitRecord, h: &VisitHousehold) -> bool {
    v.mode.in_person() || h.away_on(v.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_parse_as_the_cli_writes_them() {
        let c = parse_checks("义务教育=ok，住房安全=problem:屋顶漏雨, 饮水安全=正常").unwrap();
        assert_eq!(c.len(), 3);
        assert_eq!(c[1], Check { item: CheckItem::Housing, state: CheckState::Problem, note: "屋顶漏雨".into() });
        assert!(parse_checks("住房=ok").is_err(), "an unknown item is refused");
        assert!(parse_checks("住房安全").is_err(), "a check without its result is refused");
        assert!(parse_checks("住房安全=坏了").is_err());
        // The same item twice: the last one stands.
        assert_eq!(parse_checks("住房安全=ok,住房安全=problem:漏雨").unwrap().len(), 1);
    }

    #[test]
    fn a_remote_visit_counts_only_while_the_family_is_away() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let mut h = VisitHousehold {
            id: "h".into(),
            number: "1".into(),
            head: "胡新平".into(),
            group: "一组".into(),
            category: crate::household::Category::Monitored,
            identified_on: None,
            away: false,
            away_since: None,
            left_on: None,
        };
        let mut v = VisitRecord { id: "v".into(), household_id: "h".into(), date: d(9, 10), mode: VisitMode::Phone, members: vec![], cadre_id: None };
        assert!(!counts(&v, &h));
        h.away = true;
        h.away_since = Some(d(9, 15));
        assert!(!counts(&v, &h), "away only from the 15th");
        v.date = d(9, 15);
        assert!(counts(&v, &h));
        v.mode = VisitMode::InPerson;
        h.away = false;
        assert!(counts(&v, &h), "in person always counts");
    }
}
