//! Rule parameters: every threshold of the county plan is data, with its default and where it comes
//! from. The store keeps overrides; code asks for a value by key and never writes the number itself.

use serde::{Deserialize, Serialize};

/// One parameter's definition.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct ParamDef {
    pub key: &'static str,
    pub default: &'static str,
    pub unit: &'static str,
    /// What it means, in Chinese.
    pub label: &'static str,
    /// The document it comes from.
    pub source: &'static str,
    /// The largest sensible value (a typo like 200 days a month is refused).
    pub max: f64,
    /// Whole numbers only (days, nights, times); otherwise steps of 0.5 are allowed.
    pub integer: bool,
}

const PLAN: &str = "绥农发〔2024〕5号 百日攻坚行动方案";

/// Every parameter the product knows, with its default.
pub const PARAMS: &[ParamDef] = &[
    ParamDef { key: "tier.boundary_months", default: "6", unit: "月", label: "监测户风险消除满多少个月后转入巩固联系（P2/P3）", source: PLAN, max: 60.0, integer: true },
    ParamDef { key: "attendance.month_days", default: "20", unit: "天", label: "每月驻村天数（A1）", source: PLAN, max: 31.0, integer: true },
    ParamDef { key: "attendance.week_days", default: "5", unit: "天", label: "每周在村天数（A2，干五天）", source: PLAN, max: 7.0, integer: true },
    ParamDef { key: "attendance.week_nights", default: "4", unit: "晚", label: "每周在村住宿晚数（A2，住四晚）", source: PLAN, max: 7.0, integer: true },
    ParamDef { key: "attendance.makeup_adds", default: "0", unit: "0/1", label: "周末的调休上班日增加当周在村要求（A2；是：每个调休上班日加1天1晚）", source: "本产品的决定（县方案未规定）", max: 1.0, integer: true },
    ParamDef { key: "leave.township_max_days", default: "3", unit: "天", label: "乡镇可审批的请假天数上限（A3）", source: PLAN, max: 60.0, integer: false },
    ParamDef {
        key: "leave.kinds",
        default: "事假、病假、公假、婚假、丧假、产假、年休假",
        unit: "",
        label: "请假类型（请假表单按此顺序列出，用“、”分隔）",
        source: "本产品的决定（县方案未列请假类型；婚假、丧假、产假、年休假、探亲假按国家有关规定）",
        max: 0.0,
        integer: false,
    },
    ParamDef { key: "meeting.weekly", default: "1", unit: "次/周", label: "每周召开工作队周例会（M1）", source: PLAN, max: 7.0, integer: true },
    ParamDef { key: "meeting.weekly_min_minutes_chars", default: "10", unit: "字", label: "周例会的会议记录至少写多少字才计入每周例会（M1；0为不要求）", source: "本产品的决定（县方案要求每周召开例会，未规定会议记录；乡镇检查例会时要看会议记录）", max: 500.0, integer: true },
    ParamDef { key: "meeting.lectures_per_half_year", default: "1", unit: "次/半年", label: "第一书记每半年讲党课（M2）", source: PLAN, max: 26.0, integer: true },
    ParamDef { key: "meeting.studies_per_month", default: "1", unit: "次/月", label: "第一书记每月领学政策（M3）", source: PLAN, max: 31.0, integer: true },
    ParamDef { key: "visit.monitored_per_month", default: "1", unit: "次/月", label: "监测户每月走访次数（V1）", source: PLAN, max: 31.0, integer: true },
    ParamDef {
        key: "visit.monitored_from_day",
        default: "20",
        unit: "日",
        label: "当月几日及以前识别的监测户当月即要求走访（V1；以后识别的从下月起）",
        source: "本产品的决定（县方案要求监测户每月走访，未规定月中新识别的户）",
        max: 31.0,
        integer: true,
    },
    ParamDef {
        key: "visit.window",
        default: "年度",
        unit: "",
        label: "脱贫户、一般农户走访覆盖的时间范围（V2；“年度”或起止日期，如2024-07-29至2024-10-31）",
        source: PLAN,
        max: 0.0,
        integer: false,
    },
    ParamDef { key: "pairing.assign_within_days", default: "10", unit: "天", label: "识别后安排结对帮扶干部的期限（D1）", source: PLAN, max: 366.0, integer: true },
    ParamDef { key: "measure.within_days", default: "30", unit: "天", label: "识别后落实帮扶措施的期限（D2）", source: PLAN, max: 366.0, integer: true },
    ParamDef { key: "log.min_content_chars", default: "4", unit: "字", label: "在村、公务外出的工作日志至少写多少字的工作内容", source: "本产品的决定（县方案要求每天记工作日志，未规定字数）", max: 200.0, integer: true },
    ParamDef { key: "income.focus_line", default: "10000", unit: "元", label: "三类人群人均纯收入线（I1）", source: PLAN, max: 1000000.0, integer: true },
    ParamDef { key: "assessment.per_quarter", default: "1", unit: "次/季度", label: "风险未消除的监测户每季度风险消除评估次数（D3）", source: PLAN, max: 13.0, integer: true },
    ParamDef { key: "signature.max_kb", default: "200", unit: "KB", label: "一张签名或手印照片的大小上限（缩小后）", source: "本产品的决定（照片随同步包传到县里，太大会拖慢同步）", max: 2048.0, integer: true },
    ParamDef { key: "signature.photo_max_px", default: "1200", unit: "像素", label: "签名或手印照片缩小到的最长边", source: "本产品的决定（打印手册时约5厘米宽，1200像素足够清楚）", max: 4000.0, integer: true },
];

/// Parameters whose value is a list chosen from a closed set (the allowed items, in the domain's order),
/// not a number. Kept beside [`PARAMS`] rather than as a field of [`ParamDef`], so that the numeric
/// parameters' definitions stay as they are.
pub fn param_choices(key: &str) -> Option<Vec<&'static str>> {
    match key {
        "leave.kinds" => Some(crate::worklog::LeaveKind::ALL.iter().map(|k| k.label()).collect()),
        _ => None,
    }
}

/// Parameters whose value is neither a number nor a list: `visit.window` (年度, or a range of dates
/// read by [`crate::rules::visits::VisitWindow::parse`]).
pub fn param_is_window(key: &str) -> bool {
    key == "visit.window"
}

impl ParamDef {
    /// The allowed items of a list parameter (`None` for a number).
    pub fn choices(&self) -> Option<Vec<&'static str>> {
        param_choices(self.key)
    }
}

/// The items of a list value: separated by 、 (also ，, ; or spaces), blanks dropped.
pub fn list_items(value: &str) -> Vec<String> {
    value.split(|c: char| matches!(c, '、' | '，' | ',' | '；' | ';') || c.is_whitespace()).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// The definition of `key`, if the product knows it.
pub fn param_def(key: &str) -> Option<&'static ParamDef> {
    PARAMS.iter().find(|p| p.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_defaults_numeric() {
        for (i, p) in PARAMS.iter().enumerate() {
            assert!(PARAMS[i + 1..].iter().all(|q| q.key != p.key), "duplicate key {}", p.key);
            if let Some(choices) = p.choices() {
                let items = list_items(p.default);
                assert!(!items.is_empty() && items.iter().all(|i| choices.contains(&i.as_str())), "{} default within its choices", p.key);
                continue;
            }
            if param_is_window(p.key) {
                assert!(crate::rules::visits::VisitWindow::parse(p.default).is_some(), "{} default readable", p.key);
                continue;
            }
            let d: f64 = p.default.parse().unwrap_or_else(|_| panic!("{} default must be a number", p.key));
            assert!(0.0 <= d && d <= p.max, "{} default within 0..={}", p.key, p.max);
        }
    }
}
