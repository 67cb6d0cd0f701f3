//! V1 (each monitored household visited every calendar month), V2 (each 脱贫户 and 一般农户 visited at
//! least once in the coverage window) and V3 (a phone, WeChat or video visit counts only while the
//! household is whole-family-away that day). V4 (a visit in the visitors' work logs) is not a check: the
//! visit save writes it.
//!
//! Decided here (docs/rules.md): visits on the same day count once; a household identified as
//! monitored after `visit.monitored_from_day` (the 20th) of a month is first required the next month;
//! a household whose every member has left (迁出) is not required from the month (or window) it left in;
//! a visit counts whoever of the team made it: a team member, or the household's pairing cadre alone.

use super::{dates_zh, Finding, Period, RuleParams, Status};
use crate::household::Category;
use crate::visit::{counts, VisitHousehold, VisitRecord};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// V2's coverage window (`visit.window`): the calendar year, or a campaign's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitWindow {
    /// 年度: the calendar year of the day asked about.
    Year,
    /// A campaign: 2024-07-29至2024-10-31.
    Range(NaiveDate, NaiveDate),
}

impl VisitWindow {
    /// `年度` (or empty), or two dates joined by 至 (also 到, ~, —, a hyphen between spaces).
    pub fn parse(text: &str) -> Option<VisitWindow> {
        let t = text.trim();
        if t.is_empty() || matches!(t, "年度" | "全年" | "year") {
            return Some(VisitWindow::Year);
        }
        let (a, b) = ["至", "到", "~", "～", "—", " - "].iter().find_map(|sep| t.split_once(sep))?;
        let a = crate::date::parse_date(a.trim()).ok()?;
        let b = crate::date::parse_date(b.trim()).ok()?;
        (a <= b).then_some(VisitWindow::Range(a, b))
    }

    /// As stored: 年度, or 2024-07-29至2024-10-31.
    pub fn text(self) -> String {
        match self {
            VisitWindow::Year => "年度".into(),
            VisitWindow::Range(a, b) => format!("{a}至{b}"),
        }
    }

    /// The window's days for a reference day (the year of `day` for 年度).
    pub fn range(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            VisitWindow::Year => Period::Year { year: day.year() }.range(),
            VisitWindow::Range(a, b) => (a, b),
        }
    }
}

/// The period a V2 finding names: `2024` for a calendar year, else `2024-07-29至2024-10-31`.
pub fn window_period(from: NaiveDate, to: NaiveDate) -> String {
    if from.month() == 1 && from.day() == 1 && to.month() == 12 && to.day() == 31 && from.year() == to.year() {
        from.year().to_string()
    } else {
        format!("{from}至{to}")
    }
}

fn window_label(from: NaiveDate, to: NaiveDate) -> String {
    if from.month() == 1 && from.day() == 1 && to.month() == 12 && to.day() == 31 && from.year() == to.year() {
        format!("{}年度", from.year())
    } else {
        format!("{}至{}", crate::date::format_date_zh(from), crate::date::format_date_zh(to))
    }
}

fn mode_of(v: &VisitRecord) -> &'static str {
    v.mode.label()
}

/// The visits of one household in `[from, to]` that count (V3) and those that do not, in date order.
fn split<'a>(h: &VisitHousehold, visits: &[&'a VisitRecord], from: NaiveDate, to: NaiveDate) -> (Vec<&'a VisitRecord>, Vec<&'a VisitRecord>) {
    let mut inside: Vec<&VisitRecord> = visits
        .iter()
        .copied()
        .filter(|v| from <= v.date && v.date <= to && (!v.members.is_empty() || v.cadre_id.is_some()))
        .collect();
    inside.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    inside.into_iter().partition(|v| counts(v, h))
}

/// What counts in `[from, to]` for one household: the counted days, the explanation's middle part.
fn found(h: &VisitHousehold, visits: &[&VisitRecord], from: NaiveDate, to: NaiveDate) -> (i64, String, Vec<String>) {
    let (ok, not) = split(h, visits, from, to);
    let mut days: Vec<NaiveDate> = ok.iter().map(|v| v.date).collect();
    days.dedup();
    let n = days.len() as i64;
    let mut text = if ok.is_empty() {
        "没有可计入的走访".to_string()
    } else {
        let parts: Vec<String> = ok
            .iter()
            .map(|v| {
                let d = format!("{}月{}日", v.date.month(), v.date.day());
                if v.mode.in_person() {
                    format!("{d}{}", mode_of(v))
                } else {
                    format!("{d}{}（当日全家外出，计入）", mode_of(v))
                }
            })
            .collect();
        let mut s = format!("走访{}次：{}", n, parts.join("、"));
        if ok.len() as i64 > n {
            s.push_str("（同一天的多次走访按1次计）");
        }
        s
    };
    if !not.is_empty() {
        let dates: Vec<NaiveDate> = not.iter().map(|v| v.date).collect();
        let modes: Vec<&str> = {
            let mut m: Vec<&str> = not.iter().map(|v| mode_of(v)).collect();
            m.dedup();
            m
        };
        text.push_str(&format!(
            "；另有{}的{}走访{}次不计入：该户当日不是全家外出，电话、微信、视频走访只在全家外出时计入（V3），需入户走访",
            dates_zh(&dates),
            modes.join("、"),
            not.len()
        ));
    }
    (n, text, ok.iter().map(|v| v.id.clone()).collect())
}

/// The visits of `[from, to]` by household (only those: a year's visits are indexed once a month).
fn by_household(visits: &[VisitRecord], from: NaiveDate, to: NaiveDate) -> HashMap<&str, Vec<&VisitRecord>> {
    let mut m: HashMap<&str, Vec<&VisitRecord>> = HashMap::new();
    for v in visits.iter().filter(|v| from <= v.date && v.date <= to) {
        m.entry(v.household_id.as_str()).or_default().push(v);
    }
    m
}

fn subject(h: &VisitHousehold) -> String {
    if h.head.is_empty() {
        format!("{}户", h.number)
    } else {
        format!("{}户（{}）", h.head, h.number)
    }
}

/// V1 for one month: a finding for each household monitored in the month (identified on or before its
/// last day, still present on its first day). Required `visit.monitored_per_month` (by default 1);
/// exempt the month it was identified after the `visit.monitored_from_day`th, and from the month every
/// member left.
pub fn v1(households: &[VisitHousehold], visits: &[VisitRecord], month: Period, p: &RuleParams, today: NaiveDate) -> Vec<Finding> {
    let (a, b) = month.range();
    let idx = by_household(visits, a, b);
    let (label, period) = (month.label_zh(), month.to_string());
    let usual = format!("监测户每月要求走访{}次（入户；全家外出的可电话、微信、视频）", p.visits_per_month);
    let none: Vec<&VisitRecord> = Vec::new();
    let mut out = Vec::new();
    for h in households.iter().filter(|h| h.category == Category::Monitored) {
        if h.identified_on.is_some_and(|i| i > b) || h.left_on.is_some_and(|l| l <= a) {
            continue;
        }
        let vs = idx.get(h.id.as_str()).unwrap_or(&none);
        let (n, text, records) = found(h, vs, a, b);
        let late = h.identified_on.filter(|i| *i >= a && i.day() > p.monitored_from_day);
        let left = h.left_on.filter(|l| *l <= b);
        let required = if late.is_some() || left.is_some() { 0 } else { p.visits_per_month };
        let why = if let Some(i) = late {
            format!("该户{}识别为监测户（{}日以后），本月不要求走访，下月起每月走访{}次", crate::date::format_date_zh(i), p.monitored_from_day, p.visits_per_month)
        } else if let Some(l) = left {
            format!("该户{}全户迁出，本月起不再要求走访", crate::date::format_date_zh(l))
        } else {
            usual.clone()
        };
        out.push(Finding {
            rule: "V1".into(),
            subject: h.id.clone(),
            subject_label: h.number.clone(),
            period: period.clone(),
            required,
            found: n,
            status: Status::of(required, n),
            explain: format!("{label}{}：{why}；{text}。", subject(h)),
            records,
            in_progress: today <= b,
        });
    }
    out
}

/// V2 for the window `[from, to]`: a finding for each 脱贫户 and 一般农户 present on the window's first day;
/// required once, exempt when every member left during the window.
pub fn v2(households: &[VisitHousehold], visits: &[VisitRecord], from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<Finding> {
    let idx = by_household(visits, from, to);
    let none: Vec<&VisitRecord> = Vec::new();
    let period = window_period(from, to);
    let label = window_label(from, to);
    let mut out = Vec::new();
    for h in households.iter().filter(|h| matches!(h.category, Category::Lifted | Category::Ordinary)) {
        if h.left_on.is_some_and(|l| l <= from) {
            continue;
        }
        let vs = idx.get(h.id.as_str()).unwrap_or(&none);
        let (n, text, records) = found(h, vs, from, to);
        let left = h.left_on.filter(|l| *l <= to);
        let required = if left.is_some() { 0 } else { 1 };
        let why = match left {
            Some(l) => format!("该户{}全户迁出，不再要求走访", crate::date::format_date_zh(l)),
            None => format!("{}在{label}内至少走访1次", h.category.label()),
        };
        out.push(Finding {
            rule: "V2".into(),
            subject: h.id.clone(),
            subject_label: h.number.clone(),
            period: period.clone(),
            required,
            found: n,
            status: Status::of(required, n),
            explain: format!("{label}{}：{why}；{text}。", subject(h)),
            records,
            in_progress: today <= to,
        });
    }
    out
}
