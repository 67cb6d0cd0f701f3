//! The team's own records: the daily work log (驻村帮扶工作日志), leave (请销假) and meetings.

use crate::choice;
use crate::error::DomainError;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

choice!(
    /// Where the member was that day.
    LogStatus {
        InVillage = "在村",
        Official = "公务外出" | "外出" | "出差",
        Leave = "请假",
        Rest = "休息",
    }
);

choice!(
    /// What the day's work was about (several per log).
    WorkCategory {
        Visits = "入户走访",
        Monitoring = "防返贫监测",
        Environment = "环境卫生整治",
        Farming = "农业生产",
        PartyBuilding = "基层党建",
        Meeting = "会议",
        Policy = "政策宣传",
        Industry = "产业发展",
        Employment = "就业帮扶",
        Disputes = "矛盾纠纷调解",
        Other = "其他",
    }
);

choice!(
    /// Kind of leave.
    LeaveKind {
        Personal = "事假",
        Sick = "病假",
        Official = "公假",
        Marriage = "婚假",
        Bereavement = "丧假",
        Maternity = "产假" | "生育假",
        Annual = "年休假" | "年假" | "年休",
        /// Known to the domain (国务院关于职工探亲待遇的规定) but not offered by default: the county adds
        /// it to the parameter `leave.kinds` if its teams take it.
        HomeVisit = "探亲假",
    }
);

choice!(
    /// Kind of meeting.
    MeetingKind {
        Weekly = "周例会" | "例会",
        Lecture = "党课",
        Study = "领学" | "政策学习",
        PartyDay = "主题党日" | "主题党日活动",
        VillageCommittees = "村支两委会" | "村两委会" | "两委会" | "支村两委会",
        /// 屋场会 is the Hunan name of the same meeting: either name is accepted. Stored as 院落会 (what
        /// every replica reads); rows stored as 院落会（屋场会） by a short-lived version read too. Shown as
        /// [`MeetingKind::display`].
        Courtyard = "院落会" | "屋场会" | "院落会（屋场会）" | "院落会(屋场会)" | "屋场会（院落会）" | "屋场会(院落会)",
        Representatives = "村民代表大会",
        Other = "其他",
    }
);

impl MeetingKind {
    /// The kind as people read it in ledgers and lists: 院落会 with its Hunan name, 院落会（屋场会）.
    /// The stored and sent value stays [`MeetingKind::label`].
    pub fn display(self) -> &'static str {
        match self {
            MeetingKind::Courtyard => "院落会（屋场会）",
            other => other.label(),
        }
    }
}

choice!(
    /// Morning or afternoon: leave is taken in half days.
    Half {
        Am = "上午",
        Pm = "下午",
    }
);

/// A half day: a date and its morning or afternoon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
pub struct HalfDay {
    pub date: NaiveDate,
    pub half: Half,
}

impl HalfDay {
    /// `2024-09-10上午`, `2024-09-10 下午`, or a date alone (then `default`).
    pub fn parse(text: &str, default: Half) -> Result<HalfDay, DomainError> {
        let t = text.trim();
        let (date, half) = if let Some(d) = t.strip_suffix("上午") {
            (d, Half::Am)
        } else if let Some(d) = t.strip_suffix("下午") {
            (d, Half::Pm)
        } else {
            (t, default)
        };
        let date = crate::date::parse_date(date).map_err(|e| match e {
            DomainError::Date { .. } => DomainError::HalfDay { value: text.to_string() },
            other => other,
        })?;
        Ok(HalfDay { date, half })
    }

    /// Index of this half day, counting from the common era: consecutive half days differ by 1.
    pub fn index(self) -> i64 {
        i64::from(self.date.num_days_from_ce()) * 2 + if self.half == Half::Pm { 1 } else { 0 }
    }

    pub fn label(self) -> String {
        format!("{}{}", crate::date::format_date_zh(self.date), self.half.label())
    }
}

/// A leave's span: from a half day to a half day, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LeaveSpan {
    pub from: HalfDay,
    pub to: HalfDay,
}

impl LeaveSpan {
    pub fn new(from: HalfDay, to: HalfDay) -> Result<LeaveSpan, DomainError> {
        if to.index() < from.index() {
            return Err(DomainError::LeaveOrder { from: from.label(), to: to.label() });
        }
        Ok(LeaveSpan { from, to })
    }

    /// Length in half days (calendar days, weekends included, as leave is counted).
    pub fn halves(self) -> i64 {
        self.to.index() - self.from.index() + 1
    }

    /// Length in days: 1.5 for three half days.
    pub fn days(self) -> f64 {
        self.halves() as f64 / 2.0
    }

    /// Half days of `d` the leave covers: 0, 1 or 2.
    pub fn halves_on(self, d: NaiveDate) -> i64 {
        let am = HalfDay { date: d, half: Half::Am }.index();
        let (a, b) = (self.from.index(), self.to.index());
        (am..=am + 1).filter(|i| a <= *i && *i <= b).count() as i64
    }

    /// The span cut short by the member's report of return (销假) on `returned`: from that day on the
    /// member is back. A return before the leave began leaves nothing.
    pub fn until_return(self, returned: NaiveDate) -> Option<LeaveSpan> {
        let last = HalfDay { date: returned.pred_opt()?, half: Half::Pm };
        if last.index() < self.from.index() {
            return None;
        }
        Some(LeaveSpan { from: self.from, to: if last.index() < self.to.index() { last } else { self.to } })
    }
}

/// Who approves a leave of this length (A3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub enum ApprovalLevel {
    #[serde(rename = "乡镇")]
    Township,
    #[serde(rename = "县委组织部")]
    County,
}

impl ApprovalLevel {
    /// Up to `township_max_days` days the township approves; longer, the county organisation department.
    pub fn for_days(days: f64, township_max_days: f64) -> ApprovalLevel {
        if days <= township_max_days {
            ApprovalLevel::Township
        } else {
            ApprovalLevel::County
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ApprovalLevel::Township => "乡镇",
            ApprovalLevel::County => "县委组织部",
        }
    }

    /// An approver of this level may approve a leave that needs `needed`: the county organisation
    /// department approves any leave, a township only the ones within its limit.
    pub fn covers(self, needed: ApprovalLevel) -> bool {
        self == ApprovalLevel::County || needed == ApprovalLevel::Township
    }

    pub fn parse(text: &str) -> Option<ApprovalLevel> {
        match text.trim() {
            "乡镇" => Some(ApprovalLevel::Township),
            "县委组织部" | "县" => Some(ApprovalLevel::County),
            _ => None,
        }
    }
}

/// 1.5 → "1.5", 2.0 → "2".
pub fn days_text(days: f64) -> String {
    if days.fract() == 0.0 {
        format!("{}", days as i64)
    } else {
        format!("{days}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hd(s: &str) -> HalfDay {
        HalfDay::parse(s, Half::Am).unwrap()
    }

    #[test]
    fn half_days_parse_and_count() {
        let cases = [
            ("2024-09-10上午", "2024-09-10下午", 2, ApprovalLevel::Township),
            ("2024-09-10下午", "2024-09-11上午", 2, ApprovalLevel::Township),
            ("2024-09-10下午", "2024-09-10下午", 1, ApprovalLevel::Township),
            ("2024-09-10", "2024-09-12下午", 6, ApprovalLevel::Township),
            ("2024-09-10上午", "2024-09-13上午", 7, ApprovalLevel::County),
        ];
        for (from, to, halves, level) in cases {
            let s = LeaveSpan::new(hd(from), HalfDay::parse(to, Half::Pm).unwrap()).unwrap();
            assert_eq!(s.halves(), halves, "{from}–{to}");
            assert_eq!(ApprovalLevel::for_days(s.days(), 3.0), level, "{from}–{to}");
        }
        assert_eq!(LeaveSpan::new(hd("2024-09-11"), hd("2024-09-10")).unwrap_err().code(), "leave.order");
        assert_eq!(HalfDay::parse("2024-09-10中午", Half::Am).unwrap_err().code(), "halfday.format");
        assert_eq!(HalfDay::parse("2024-02-30上午", Half::Am).unwrap_err().code(), "date.impossible");
    }

    #[test]
    fn meeting_kinds_accept_local_names() {
        assert_eq!(MeetingKind::parse("屋场会").unwrap(), MeetingKind::Courtyard);
        assert_eq!(MeetingKind::parse("院落会").unwrap(), MeetingKind::Courtyard);
        assert_eq!(MeetingKind::parse("院落会(屋场会)").unwrap(), MeetingKind::Courtyard);
        assert_eq!(MeetingKind::parse("院落会（屋场会）").unwrap(), MeetingKind::Courtyard);
        assert_eq!(MeetingKind::Courtyard.label(), "院落会", "stored as every replica reads it");
        assert_eq!(MeetingKind::Courtyard.display(), "院落会（屋场会）");
        assert_eq!(MeetingKind::Weekly.display(), "周例会");
        assert_eq!(MeetingKind::parse("村两委会").unwrap(), MeetingKind::VillageCommittees);
        assert_eq!(MeetingKind::parse("主题党日").unwrap().label(), "主题党日");
        assert!(MeetingKind::allowed().contains("村支两委会"));
    }

    #[test]
    fn return_cuts_the_leave_short() {
        let s = LeaveSpan::new(hd("2024-09-10上午"), hd("2024-09-13下午")).unwrap();
        let cut = s.until_return(NaiveDate::from_ymd_opt(2024, 9, 12).unwrap()).unwrap();
        assert_eq!(cut.halves(), 4);
        assert_eq!(s.until_return(NaiveDate::from_ymd_opt(2024, 9, 20).unwrap()).unwrap(), s);
        assert_eq!(s.until_return(NaiveDate::from_ymd_opt(2024, 9, 10).unwrap()), None);
        assert_eq!(s.halves_on(NaiveDate::from_ymd_opt(2024, 9, 11).unwrap()), 2);
        assert_eq!(days_text(1.5), "1.5");
    }

    #[test]
    fn the_county_approves_any_leave_a_township_only_short_ones() {
        use ApprovalLevel::*;
        assert!(Township.covers(Township) && County.covers(Township) && County.covers(County));
        assert!(!Township.covers(County));
        assert_eq!(LeaveKind::parse("年假").unwrap(), LeaveKind::Annual);
        assert_eq!(LeaveKind::parse("探亲假").unwrap().label(), "探亲假");
    }
}
