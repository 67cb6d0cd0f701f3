//! L1: a ledger problem is closed (销号) only with a resolution, a closing date and an approver. The
//! laptop refuses a closing without them; a closed problem arriving from another laptop or from an
//! older or newer app is checked here, so that a gap shows as a finding rather than as a blank in the
//! printed ledger.

use super::{Finding, Status};
use chrono::NaiveDate;

/// A closed problem as L1 reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosedProblem {
    pub id: String,
    /// 户编号 and head, or the village's name.
    pub label: String,
    pub found_on: NaiveDate,
    pub resolution: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub approver: Option<String>,
}

fn present(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// One finding per closed problem: required 3 (resolution, date, approver), found how many are there
/// (a closing date before the finding does not count), `ok` only with all three.
pub fn check_l1(problems: &[ClosedProblem]) -> Vec<Finding> {
    problems
        .iter()
        .map(|p| {
            let date_ok = p.closed_on.is_some_and(|d| d >= p.found_on);
            let mut missing = Vec::new();
            if !present(&p.resolution) {
                missing.push("整改措施及结果");
            }
            if !date_ok {
                missing.push(if p.closed_on.is_some() { "销号日期（早于发现日期）" } else { "销号日期" });
            }
            if !present(&p.approver) {
                missing.push("审批人");
            }
            let found = 3 - missing.len() as i64;
            let explain = if missing.is_empty() {
                format!(
                    "{}销号，审批人{}：{}",
                    p.closed_on.map(|d| d.to_string()).unwrap_or_default(),
                    p.approver.as_deref().unwrap_or(""),
                    p.resolution.as_deref().unwrap_or("")
                )
            } else {
                format!("已销号，但缺少{}：销号须写明整改措施及结果、销号日期和审批人，请补全或撤销销号。", missing.join("、"))
            };
            Finding {
                rule: "L1".into(),
                subject: p.id.clone(),
                subject_label: p.label.clone(),
                period: p.closed_on.map(|d| d.format("%Y-%m").to_string()).unwrap_or_else(|| p.found_on.format("%Y-%m").to_string()),
                required: 3,
                found,
                status: Status::of(3, found),
                explain,
                records: vec![p.id.clone()],
                in_progress: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_closing_needs_all_three() {
        let ok = ClosedProblem {
            id: "p".into(),
            label: "0101 胡新平".into(),
            found_on: d("2024-09-02"),
            resolution: Some("已维修".into()),
            closed_on: Some(d("2024-09-10")),
            approver: Some("周建国".into()),
        };
        let table: [(ClosedProblem, i64, Status, &str); 5] = [
            (ok.clone(), 3, Status::Ok, "周建国"),
            (ClosedProblem { resolution: Some("  ".into()), ..ok.clone() }, 2, Status::Short, "缺少整改措施及结果"),
            (ClosedProblem { closed_on: None, ..ok.clone() }, 2, Status::Short, "缺少销号日期"),
            (ClosedProblem { closed_on: Some(d("2024-09-01")), ..ok.clone() }, 2, Status::Short, "早于发现日期"),
            (ClosedProblem { approver: None, resolution: None, ..ok.clone() }, 1, Status::Short, "整改措施及结果、审批人"),
        ];
        for (p, found, status, says) in table {
            let f = &check_l1(std::slice::from_ref(&p))[0];
            assert_eq!((f.rule.as_str(), f.required, f.found, f.status), ("L1", 3, found, status), "{p:?}");
            assert!(f.explain.contains(says), "{}", f.explain);
            assert_eq!(f.period, "2024-09");
        }
    }
}
