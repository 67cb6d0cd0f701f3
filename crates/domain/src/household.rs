//! 农户 and its monitoring status: category, risk status, the tier that decides its handbook cadence.

use crate::choice;
use crate::date::add_months;
use crate::ids::{DivisionId, HouseholdId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice!(
    /// 户类别.
    Category {
        /// 脱贫户
        Lifted = "脱贫户" | "脱贫人口户",
        /// 监测户
        Monitored = "监测户" | "监测对象" | "监测对象户",
        /// 一般农户
        Ordinary = "一般农户" | "一般户" | "农户",
    }
);

choice!(
    /// 监测类别.
    MonitorCategory {
        Unstable = "脱贫不稳定户" | "脱贫不稳定",
        Marginal = "边缘易致贫户" | "边缘易致贫",
        Sudden = "突发严重困难户" | "突发严重困难",
    }
);

choice!(
    /// 风险状态 of a monitored household.
    RiskStatus {
        Open = "未消除" | "风险未消除",
        Eliminated = "已消除" | "风险已消除",
    }
);

choice!(
    /// 风险消除方式.
    EliminationMethod {
        Assisted = "帮扶消除",
        Natural = "自然消除",
    }
);

choice!(
    /// 风险类型 (a household carries up to five).
    RiskType {
        Illness = "因病",
        Schooling = "因学",
        Disability = "因残",
        Disaster = "因自然灾害",
        Accident = "因意外事故",
        IndustryFailure = "因产业失败",
        UnstableWork = "因务工就业不稳",
        LackOfLabour = "缺劳动力",
        Other = "其他",
    }
);

choice!(
    /// 帮扶层级: how closely the pairing handbook is kept (rules P2, P3).
    Tier {
        /// 未消除风险或消除不足6个月的监测户: monthly in-person visits, quarterly evaluations.
        A = "重点帮扶",
        /// 脱贫户及消除满6个月的监测户: monthly contact, quarterly visits.
        B = "巩固联系",
        /// 一般农户: no handbook.
        None = "一般",
    }
);

impl Tier {
    /// The tier of a household on `reference`; `boundary_months` is the parameter `tier.boundary_months`
    /// (default 6). Six months run from the eliminated date.
    pub fn of(
        category: Category,
        risk: Option<RiskStatus>,
        eliminated: Option<NaiveDate>,
        reference: NaiveDate,
        boundary_months: u32,
    ) -> Tier {
        match category {
            Category::Ordinary => Tier::None,
            Category::Lifted => Tier::B,
            Category::Monitored => match (risk, eliminated) {
                (Some(RiskStatus::Eliminated), Some(d)) if add_months(d, boundary_months) <= reference => Tier::B,
                _ => Tier::A,
            },
        }
    }
}

/// 农户.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Household {
    pub id: HouseholdId,
    /// 户编号: opaque text from the county roster; the household's key across imports.
    pub number: String,
    pub village_id: DivisionId,
    pub group_id: DivisionId,
    pub category: Category,
    pub monitor_category: Option<MonitorCategory>,
    pub identified_on: Option<NaiveDate>,
    pub risk_status: Option<RiskStatus>,
    pub eliminated_on: Option<NaiveDate>,
    pub elimination_method: Option<EliminationMethod>,
    pub risk_types: Vec<RiskType>,
    /// 全家外出.
    pub away: bool,
    pub away_since: Option<NaiveDate>,
    /// 整户无劳动能力.
    pub no_labour: bool,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn tier_table() {
        let r = d(2024, 9, 1);
        let cases = [
            (Category::Ordinary, None, None, Tier::None, "ordinary households have no handbook"),
            (Category::Lifted, None, None, Tier::B, "lifted households are tier B"),
            (Category::Monitored, Some(RiskStatus::Open), None, Tier::A, "open risk is tier A"),
            (Category::Monitored, Some(RiskStatus::Eliminated), Some(d(2024, 3, 2)), Tier::A, "eliminated 5 months 30 days ago"),
            (Category::Monitored, Some(RiskStatus::Eliminated), Some(d(2024, 3, 1)), Tier::B, "eliminated exactly 6 months ago"),
            (Category::Monitored, Some(RiskStatus::Eliminated), None, Tier::A, "eliminated without a date stays A until the date is known"),
        ];
        for (cat, risk, elim, want, why) in cases {
            assert_eq!(Tier::of(cat, risk, elim, r, 6), want, "{why}");
        }
    }

    #[test]
    fn variants_parse_to_canonical_wording() {
        assert_eq!(Category::parse("监测对象"), Ok(Category::Monitored));
        assert_eq!(Category::parse(" 一般户 "), Ok(Category::Ordinary));
        let err = Category::parse("贫困户").unwrap_err();
        assert_eq!(err.code(), "value.choice");
        assert!(err.hint_zh().contains("脱贫户、监测户、一般农户"), "the hint lists the allowed values");
    }
}
