//! The pairing handbook's rules (P1–P4, D1–D5) and 待办, each on a small handbook built for the case.

use chrono::NaiveDate;
use zhucun_domain::handbook::{income_sums, AssessmentResult, IncomeItem, MeasureCategory, MeasureStatus, SignRole, Signable};
use zhucun_domain::household::{Category, RiskStatus, Tier};
use zhucun_domain::rules::pairing::*;
use zhucun_domain::rules::{Finding, Period, RuleParams, Status};
use zhucun_domain::visit::{VisitMode, VisitRecord};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn month(y: i32, m: u32) -> Period {
    Period::month(y, m)
}

fn monitored(id: &str, number: &str) -> HandbookHousehold {
    HandbookHousehold {
        id: id.into(),
        number: number.into(),
        head: "胡新平".into(),
        group: "一组".into(),
        category: Category::Monitored,
        identified_on: Some(d("2023-05-01")),
        risk: Some(RiskStatus::Open),
        eliminated_on: None,
        away: false,
        away_since: None,
        no_labour: false,
        has_labour: true,
        bottom_support: false,
        left_on: None,
        size: 4,
        members_left: vec![],
    }
}

fn lifted(id: &str, number: &str) -> HandbookHousehold {
    HandbookHousehold { category: Category::Lifted, identified_on: None, risk: None, ..monitored(id, number) }
}

fn pairing(id: &str, h: &str, cadre: &str, start: &str, end: Option<&str>) -> PairingRecord {
    PairingRecord { id: id.into(), household_id: h.into(), cadre_id: cadre.into(), cadre_name: format!("干部{cadre}"), start: d(start), end: end.map(d) }
}

fn visit(id: &str, h: &str, date: &str, mode: VisitMode, cadre: Option<&str>) -> VisitRecord {
    VisitRecord { id: id.into(), household_id: h.into(), date: d(date), mode, members: vec![], cadre_id: cadre.map(String::from) }
}

fn measure(id: &str, h: &str, category: MeasureCategory, from: &str) -> MeasureRecord {
    MeasureRecord { id: id.into(), household_id: h.into(), category, from: d(from), to: None, status: MeasureStatus::InProgress }
}

fn signs(r: &mut HandbookRecords, h: &str, entry: Signable, row: &str, on: &str) {
    for role in [SignRole::Cadre, SignRole::Household] {
        r.signatures.push(SignatureRecord {
            id: format!("s-{row}-{}", role.label()),
            household_id: h.into(),
            entry,
            row_id: row.into(),
            role,
            signed_on: d(on),
        });
    }
}

fn income(id: &str, h: &str, year: i32, date: &str, size: i64) -> IncomeRecord {
    let items = vec![(IncomeItem::parse("种植业").unwrap(), 3_600_000), (IncomeItem::parse("工资性收入").unwrap_or(IncomeItem::parse("种植业").unwrap()), 1_000_000)];
    let s = income_sums(&items, 500_000, size);
    IncomeRecord { id: id.into(), household_id: h.into(), year, date: d(date), items, costs: 500_000, size, size_reason: None, total: s.total, net: s.net, per_capita: s.per_capita }
}

fn p() -> RuleParams {
    RuleParams::default()
}

fn one<'a>(fs: &'a [Finding], rule: &str, subject: &str) -> &'a Finding {
    let all: Vec<&Finding> = fs.iter().filter(|f| f.rule == rule && f.subject == subject).collect();
    assert_eq!(all.len(), 1, "one {rule} finding for {subject}: {fs:#?}");
    all[0]
}

fn none(fs: &[Finding], rule: &str, subject: &str) {
    assert!(!fs.iter().any(|f| f.rule == rule && f.subject == subject), "no {rule} finding for {subject}: {fs:#?}");
}

#[test]
fn tier_at_the_six_month_boundary() {
    let mut h = monitored("h1", "001");
    h.risk = Some(RiskStatus::Eliminated);
    let reference = d("2024-09-15");
    for (eliminated, tier, rule) in [("2024-03-15", Tier::B, "P3.contact"), ("2024-03-14", Tier::B, "P3.contact"), ("2024-03-16", Tier::A, "P2.visit")] {
        h.eliminated_on = Some(d(eliminated));
        assert_eq!(h.tier(reference, 6), tier, "eliminated {eliminated}");
        let r = HandbookRecords { households: vec![h.clone()], pairings: vec![pairing("p1", "h1", "c1", "2023-05-05", None)], ..Default::default() };
        let fs = check(&r, month(2024, 9), &p(), reference);
        one(&fs, rule, "h1");
        none(&fs, if rule == "P2.visit" { "P3.contact" } else { "P2.visit" }, "h1");
    }
    // An ordinary household has no handbook; one that left has none either.
    let ordinary = HandbookHousehold { category: Category::Ordinary, ..lifted("h2", "002") };
    let gone = HandbookHousehold { left_on: Some(d("2024-08-01")), ..lifted("h3", "003") };
    let r = HandbookRecords { households: vec![ordinary, gone], ..Default::default() };
    assert!(check(&r, month(2024, 9), &p(), d("2024-10-05")).is_empty());
}

#[test]
fn tier_a_cadence_across_month_and_quarter_ends() {
    use VisitMode::*;
    let r = HandbookRecords {
        households: vec![monitored("h1", "001")],
        pairings: vec![pairing("p1", "h1", "c1", "2023-05-05", None)],
        visits: vec![
            visit("v1", "h1", "2024-09-30", InPerson, Some("c1")),
            visit("v2", "h1", "2024-10-01", Phone, Some("c1")),
            visit("v3", "h1", "2024-10-20", InPerson, Some("m9")),
        ],
        evaluations: vec![EvaluationRecord { id: "e1".into(), household_id: "h1".into(), quarter: Period::Quarter { year: 2024, quarter: 3 }, date: d("2024-10-02") }],
        ..Default::default()
    };
    let today = d("2024-12-01");
    let sep = check(&r, month(2024, 9), &p(), today);
    let f = one(&sep, "P2.visit", "h1");
    assert_eq!((f.required, f.found, f.status, f.records.clone()), (1, 1, Status::Ok, vec!["v1".to_string()]));
    assert!(f.explain.contains("9月30日入户"), "{}", f.explain);
    let oct = check(&r, month(2024, 10), &p(), today);
    let f = one(&oct, "P2.visit", "h1");
    assert_eq!((f.found, f.status), (0, Status::Short), "a phone call is not an in-person visit, and v3 is not the cadre's");
    assert!(f.explain.contains("不计入"), "{}", f.explain);
    // The evaluation of Q3 counts for Q3 even when written on 2 October, not for Q4.
    let q3 = check(&r, Period::Quarter { year: 2024, quarter: 3 }, &p(), today);
    assert_eq!(one(&q3, "P2.evaluation", "h1").status, Status::Ok);
    none(&q3, "P3.visit", "h1");
    let q4 = check(&r, Period::Quarter { year: 2024, quarter: 4 }, &p(), today);
    assert_eq!(one(&q4, "P2.evaluation", "h1").status, Status::Short);
    assert!(one(&q4, "P2.evaluation", "h1").in_progress);
}

#[test]
fn tier_b_cadence_across_month_and_quarter_ends() {
    use VisitMode::*;
    let r = HandbookRecords {
        households: vec![lifted("h1", "001")],
        pairings: vec![pairing("p1", "h1", "c1", "2023-05-05", None)],
        visits: vec![visit("v1", "h1", "2024-09-30", WeChat, Some("c1")), visit("v2", "h1", "2024-10-01", InPerson, Some("c1"))],
        ..Default::default()
    };
    let today = d("2025-01-10");
    assert_eq!(one(&check(&r, month(2024, 9), &p(), today), "P3.contact", "h1").status, Status::Ok, "a WeChat contact counts for B");
    assert_eq!(one(&check(&r, month(2024, 10), &p(), today), "P3.contact", "h1").status, Status::Ok);
    assert_eq!(one(&check(&r, month(2024, 11), &p(), today), "P3.contact", "h1").status, Status::Short);
    let q3 = check(&r, Period::Quarter { year: 2024, quarter: 3 }, &p(), today);
    let f = one(&q3, "P3.visit", "h1");
    assert_eq!((f.found, f.status), (0, Status::Short), "the quarter's visit must be in person");
    assert!(f.explain.contains("不计入"), "{}", f.explain);
    let q4 = check(&r, Period::Quarter { year: 2024, quarter: 4 }, &p(), today);
    assert_eq!(one(&q4, "P3.visit", "h1").records, vec!["v2".to_string()]);
    none(&q4, "P2.evaluation", "h1");
    none(&q4, "D3", "h1");
}

#[test]
fn a_change_of_cadre_mid_quarter() {
    use VisitMode::*;
    let mut r = HandbookRecords {
        households: vec![lifted("h1", "001")],
        pairings: vec![pairing("p1", "h1", "c1", "2024-01-01", Some("2024-08-15")), pairing("p2", "h1", "c2", "2024-08-16", None)],
        visits: vec![
            visit("v1", "h1", "2024-07-10", InPerson, Some("c1")),
            VisitRecord { members: vec!["m7".into()], ..visit("v2", "h1", "2024-08-20", InPerson, None) },
            visit("v3", "h1", "2024-09-05", InPerson, Some("c1")),
            visit("v4", "h9", "2024-09-06", InPerson, Some("c2")),
        ],
        ..Default::default()
    };
    r.member_cadres.insert("m7".into(), "c2".into());
    let today = d("2024-10-10");
    let q3 = check(&r, Period::Quarter { year: 2024, quarter: 3 }, &p(), today);
    let f = one(&q3, "P3.visit", "h1");
    assert_eq!((f.found, f.records.clone()), (2, vec!["v1".to_string(), "v2".to_string()]), "old cadre before, new cadre (as team member) after");
    let sep = check(&r, month(2024, 9), &p(), today);
    let f = one(&sep, "P3.contact", "h1");
    assert_eq!((f.found, f.status), (0, Status::Short), "the old cadre's visit after the pairing ended does not count");
    let aug = check(&r, month(2024, 8), &p(), today);
    assert_eq!(one(&aug, "P3.contact", "h1").records, vec!["v2".to_string()]);
}

#[test]
fn p1_an_active_pairing_on_the_reference_day() {
    let r = HandbookRecords {
        households: vec![lifted("h1", "001"), lifted("h2", "002"), lifted("h3", "003")],
        pairings: vec![pairing("p1", "h1", "c1", "2024-01-01", None), pairing("p2", "h2", "c1", "2024-01-01", Some("2024-09-20"))],
        ..Default::default()
    };
    let fs = check(&r, month(2024, 9), &p(), d("2024-10-03"));
    assert_eq!(one(&fs, "P1", "h1").status, Status::Ok);
    assert_eq!(one(&fs, "P1", "h1").records, vec!["p1".to_string()]);
    assert_eq!(one(&fs, "P1", "h2").status, Status::Short, "ended before the month's last day");
    assert_eq!(one(&fs, "P1", "h3").status, Status::Short);
    // In the current month the reference day is today: h2 is still paired on 15 September.
    let fs = check(&r, month(2024, 9), &p(), d("2024-09-15"));
    let f = one(&fs, "P1", "h2");
    assert_eq!(f.status, Status::Ok);
    assert!(f.in_progress);
    none(&fs, "P2.visit", "h1"); // a 脱贫户 is tier B
    assert_eq!(one(&fs, "P3.contact", "h1").status, Status::Short);
}

#[test]
fn in_progress_in_the_current_period() {
    let r = HandbookRecords { households: vec![lifted("h1", "001")], pairings: vec![pairing("p1", "h1", "c1", "2024-01-01", None)], ..Default::default() };
    let f = one(&check(&r, month(2024, 9), &p(), d("2024-09-30")), "P3.contact", "h1").clone();
    assert!(f.in_progress);
    assert_eq!(f.state_zh(), "进行中");
    let f = one(&check(&r, month(2024, 9), &p(), d("2024-10-01")), "P3.contact", "h1").clone();
    assert!(!f.in_progress);
    assert_eq!(f.state_zh(), "不足");
    let y = check(&r, Period::Year { year: 2024 }, &p(), d("2024-11-01"));
    assert!(one(&y, "P3.plan", "h1").in_progress && one(&y, "P3.income", "h1").in_progress);
}

#[test]
fn d1_at_nine_ten_and_eleven_days() {
    for (start, status) in [("2024-09-10", Status::Ok), ("2024-09-11", Status::Ok), ("2024-09-12", Status::Short), ("2024-08-01", Status::Ok)] {
        let mut h = monitored("h1", "001");
        h.identified_on = Some(d("2024-09-01"));
        let r = HandbookRecords { households: vec![h], pairings: vec![pairing("p1", "h1", "c1", start, None)], ..Default::default() };
        let fs = check(&r, month(2024, 9), &p(), d("2024-10-15"));
        let f = one(&fs, "D1", "h1");
        assert_eq!(f.status, status, "paired from {start}: {}", f.explain);
        assert!(f.explain.contains("2024年9月11日前"), "{}", f.explain);
        assert!(!f.in_progress);
        none(&check(&r, month(2024, 10), &p(), d("2024-10-15")), "D1", "h1");
    }
    // Within the ten days P1 does not yet ask for a cadre.
    let mut h = monitored("h1", "001");
    h.identified_on = Some(d("2024-09-25"));
    let r = HandbookRecords { households: vec![h], ..Default::default() };
    let fs = check(&r, month(2024, 9), &p(), d("2024-10-15"));
    assert_eq!(one(&fs, "P1", "h1").status, Status::Exempt);
    let fs = check(&r, month(2024, 10), &p(), d("2024-10-03"));
    assert_eq!(one(&fs, "D1", "h1").status, Status::Short);
    assert!(one(&fs, "D1", "h1").in_progress, "the deadline of 5 October has not passed");
    assert_eq!(one(&fs, "P1", "h1").status, Status::Exempt);
    let fs = check(&r, month(2024, 10), &p(), d("2024-10-15"));
    assert!(!one(&fs, "D1", "h1").in_progress);
    assert_eq!(one(&fs, "P1", "h1").status, Status::Short, "past the deadline P1 asks for a cadre again");
}

#[test]
fn d2_at_twenty_nine_thirty_and_thirty_one_days() {
    for (from, status) in [("2024-09-30", Status::Ok), ("2024-10-01", Status::Ok), ("2024-10-02", Status::Short)] {
        let mut h = monitored("h1", "001");
        h.identified_on = Some(d("2024-09-01"));
        let r = HandbookRecords {
            households: vec![h],
            pairings: vec![pairing("p1", "h1", "c1", "2024-09-05", None)],
            measures: vec![measure("m1", "h1", MeasureCategory::Industry, from)],
            ..Default::default()
        };
        let fs = check(&r, month(2024, 10), &p(), d("2024-11-15"));
        let f = one(&fs, "D2", "h1");
        assert_eq!(f.status, status, "measure from {from}: {}", f.explain);
        assert_eq!(f.records.is_empty(), status == Status::Short);
        none(&check(&r, month(2024, 9), &p(), d("2024-11-15")), "D2", "h1");
    }
}

#[test]
fn d3_assessments_each_quarter_while_the_risk_is_open() {
    let a = |id: &str, q: u32, date: &str| AssessmentRecord {
        id: id.into(),
        household_id: "h1".into(),
        quarter: Period::Quarter { year: 2024, quarter: q },
        date: d(date),
        result: AssessmentResult::Continue,
    };
    let mut r = HandbookRecords { households: vec![monitored("h1", "001")], assessments: vec![a("a2", 2, "2024-06-20")], ..Default::default() };
    let q3 = Period::Quarter { year: 2024, quarter: 3 };
    let f = one(&check(&r, q3, &p(), d("2024-10-10")), "D3", "h1").clone();
    assert_eq!((f.required, f.found, f.status), (1, 0, Status::Short), "Q2's assessment does not count for Q3");
    r.assessments.push(a("a3", 3, "2024-09-10"));
    let f = one(&check(&r, q3, &p(), d("2024-10-10")), "D3", "h1").clone();
    assert_eq!((f.found, f.status, f.records), (1, Status::Ok, vec!["a3".to_string()]));
    let two = RuleParams { assessments_per_quarter: 2, ..p() };
    assert_eq!(one(&check(&r, q3, &two, d("2024-10-10")), "D3", "h1").status, Status::Short);
    r.households[0].risk = Some(RiskStatus::Eliminated);
    r.households[0].eliminated_on = Some(d("2024-08-01"));
    none(&check(&r, q3, &p(), d("2024-10-10")), "D3", "h1");
}

#[test]
fn d4_and_d5_warnings() {
    let day = d("2024-09-15");
    let mut ended = measure("m2", "h1", MeasureCategory::Employment, "2024-01-01");
    ended.to = Some(d("2024-09-14"));
    let mut r = HandbookRecords {
        households: vec![monitored("h1", "001"), HandbookHousehold { no_labour: true, has_labour: false, ..monitored("h2", "002") }],
        measures: vec![measure("m1", "h1", MeasureCategory::Health, "2024-01-01"), ended],
        ..Default::default()
    };
    let w = warnings(&r, day);
    assert_eq!(one(&w, "D4", "h1").status, Status::Short, "a 保障式 measure and one ended the day before do not count");
    none(&w, "D5", "h1");
    assert_eq!(one(&w, "D5", "h2").status, Status::Short);
    none(&w, "D4", "h2");
    r.measures[1].to = Some(d("2024-09-15"));
    r.households[1].bottom_support = true;
    let w = warnings(&r, day);
    assert_eq!(one(&w, "D4", "h1").records, vec!["m2".to_string()]);
    assert_eq!(one(&w, "D5", "h2").status, Status::Ok);
    r.households[0].risk = Some(RiskStatus::Eliminated);
    none(&warnings(&r, day), "D4", "h1");
}

/// A tier A household whose 2024 handbook is complete and signed, audited on 2025-01-15.
fn clean() -> HandbookRecords {
    let mut r = HandbookRecords {
        households: vec![monitored("h1", "001")],
        pairings: vec![pairing("p1", "h1", "c1", "2023-05-05", None)],
        measures: vec![measure("m1", "h1", MeasureCategory::Industry, "2023-05-10")],
        plans: vec![PlanRecord { id: "plan".into(), household_id: "h1".into(), year: 2024, date: d("2024-01-05") }],
        incomes: vec![income("inc", "h1", 2024, "2024-12-20", 4)],
        ..Default::default()
    };
    signs(&mut r, "h1", Signable::Plan, "plan", "2024-01-05");
    signs(&mut r, "h1", Signable::Income, "inc", "2024-12-20");
    for m in 1..=12u32 {
        let id = format!("v{m}");
        r.visits.push(visit(&id, "h1", &format!("2024-{m:02}-20"), VisitMode::InPerson, Some("c1")));
        signs(&mut r, "h1", Signable::Visit, &id, "2024-01-01");
    }
    for q in 1..=4u32 {
        let (e, a) = (format!("e{q}"), format!("a{q}"));
        let quarter = Period::Quarter { year: 2024, quarter: q };
        let date = d(&format!("2024-{:02}-25", q * 3));
        r.evaluations.push(EvaluationRecord { id: e.clone(), household_id: "h1".into(), quarter, date });
        r.assessments.push(AssessmentRecord { id: a.clone(), household_id: "h1".into(), quarter, date, result: AssessmentResult::Continue });
        signs(&mut r, "h1", Signable::Evaluation, &e, "2024-01-01");
        signs(&mut r, "h1", Signable::Assessment, &a, "2024-01-01");
    }
    r
}

const TODAY: &str = "2025-01-15";

fn audit_one(r: &HandbookRecords) -> AuditItem {
    let items = audit(r, 2024, &p(), d(TODAY));
    assert_eq!(items.len(), 1, "exactly one line: {items:#?}");
    items[0].clone()
}

#[test]
fn audit_of_a_clean_handbook_is_empty() {
    assert_eq!(audit(&clean(), 2024, &p(), d(TODAY)), vec![]);
    assert!(due(&clean(), month(2025, 1), None, &p(), d(TODAY)).iter().all(|i| i.rule != "P4.unsigned" && !i.overdue));
}

#[test]
fn audit_unsigned_visit() {
    let mut r = clean();
    r.signatures.retain(|s| !(s.row_id == "v9" && s.role == SignRole::Household));
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str(), a.entry_id.as_deref(), a.date), ("P4.unsigned", "visit", Some("v9"), Some(d("2024-09-20"))));
    assert_eq!(a.message, "2024年9月20日的走访联系缺少农户签名");
    assert_eq!(a.fix, "在结对手册的走访联系中请农户签名，或上传签名照片");
    // A visit by someone other than the pairing cadre is not the handbook's contact: no signature asked.
    let mut r = clean();
    r.visits.push(visit("x1", "h1", "2024-09-21", VisitMode::InPerson, Some("c8")));
    assert_eq!(audit(&r, 2024, &p(), d(TODAY)), vec![]);
}

#[test]
fn audit_unsigned_plan_by_the_cadre() {
    let mut r = clean();
    r.signatures.retain(|s| !(s.row_id == "plan" && s.role == SignRole::Cadre));
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str(), a.entry_id.as_deref()), ("P4.unsigned", "handbook_plan", Some("plan")));
    assert!(a.message.contains("帮扶计划缺少帮扶责任人签名"), "{}", a.message);
}

#[test]
fn audit_sums() {
    let mut r = clean();
    r.incomes[0].total += 100;
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str(), a.entry_id.as_deref()), ("P4.sums", "income", Some("inc")));
    assert!(a.message.contains("合计与明细不符"), "{}", a.message);
}

#[test]
fn audit_per_capita() {
    let mut r = clean();
    r.incomes[0] = income("inc", "h1", 2024, "2024-12-20", 3);
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry_id.as_deref()), ("P4.per_capita", Some("inc")));
    assert!(a.message.contains("按3人计算") && a.message.contains("在册4人"), "{}", a.message);
    r.incomes[0].size_reason = Some("长子在外地落户".into());
    assert_eq!(audit(&r, 2024, &p(), d(TODAY)), vec![], "a reason given");
    r.incomes[0] = income("inc", "h1", 2024, "2024-12-20", 0);
    assert_eq!(audit_one(&r).code, "P4.per_capita");
}

#[test]
fn audit_per_capita_compares_with_the_roster_on_the_accountings_date() {
    // 4 present today; a fifth member left on 2025-01-10, after the accounting of 2024-12-20 with 5.
    let mut r = clean();
    r.incomes[0] = income("inc", "h1", 2024, "2024-12-20", 5);
    r.households[0].members_left = vec![d("2025-01-10")];
    assert_eq!(r.households[0].size_on(d("2024-12-20")), 5);
    assert_eq!(r.households[0].size_on(d("2025-01-10")), 4, "gone on the day they left");
    assert_eq!(audit(&r, 2024, &p(), d(TODAY)), vec![], "5 were on the roster on the accounting's date");
    // Had they left before the accounting, 5 is wrong without a reason.
    r.households[0].members_left = vec![d("2024-12-20")];
    let a = audit_one(&r);
    assert!(a.code == "P4.per_capita" && a.message.contains("在册4人"), "{}", a.message);
}

#[test]
fn audit_future() {
    let mut r = clean();
    r.evaluations[3].date = d("2025-02-01");
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str(), a.entry_id.as_deref()), ("P4.future", "evaluation", Some("e4")));
    let mut r = clean();
    r.measures.push(measure("m9", "h1", MeasureCategory::Health, "2025-03-01"));
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str()), ("P4.future", "measure"));
    r.measures.last_mut().unwrap().status = MeasureStatus::Done;
    assert_eq!(audit_one(&r).code, "P4.future", "已落实 cannot start after today");
    // A measure still 计划 may start later.
    r.measures.last_mut().unwrap().status = MeasureStatus::Planned;
    assert_eq!(audit(&r, 2024, &p(), d(TODAY)), vec![], "a planned measure starting next month is no error");
}

#[test]
fn audit_before_pairing() {
    let mut r = clean();
    r.pairings[0].start = d("2024-01-10");
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str(), a.entry_id.as_deref()), ("P4.before_pairing", "handbook_plan", Some("plan")));
    // A contact by a cadre dated before that cadre's pairing began (the household's first cadre covers it).
    let mut r = clean();
    r.pairings[0].end = Some(d("2024-06-30"));
    r.pairings.push(pairing("p2", "h1", "c2", "2024-07-01", None));
    for v in r.visits.iter_mut().filter(|v| v.date >= d("2024-07-01")) {
        v.cadre_id = Some("c2".into());
    }
    r.visits.push(visit("early", "h1", "2024-06-25", VisitMode::Phone, Some("c2")));
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str(), a.entry_id.as_deref()), ("P4.before_pairing", "visit", Some("early")));
}

#[test]
fn audit_month_without_in_person_visit() {
    let mut r = clean();
    r.visits.retain(|v| v.id != "v5");
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.date), ("P2.month_visit", Some(d("2024-05-31"))));
    assert_eq!(a.message, "2024年5月没有结对干部入户走访");
    // A phone call is no in-person visit.
    r.visits.push(visit("v5", "h1", "2024-05-20", VisitMode::Phone, Some("c1")));
    assert_eq!(audit_one(&r).code, "P2.month_visit");
}

#[test]
fn audit_d2_d4_d5() {
    let mut r = clean();
    r.measures[0].from = d("2023-06-15");
    let d2 = |r: &HandbookRecords, year| audit(r, year, &p(), d(TODAY)).into_iter().filter(|a| a.code == "D2").collect::<Vec<_>>();
    // The deadline fell in 2023: the 2023 audit says the measure was late, the 2024 audit says nothing.
    let late = d2(&r, 2023);
    assert_eq!(late.len(), 1, "{late:#?}");
    assert!(late[0].message.contains("措施晚于期限") && late[0].message.contains("2023年6月15日"), "{}", late[0].message);
    assert_eq!(audit(&r, 2024, &p(), d(TODAY)), vec![], "D2 is reported only in the year of its deadline");
    // No measure at all: missing, not late.
    r.measures.clear();
    let missing = d2(&r, 2023);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(missing[0].message.contains("仍没有帮扶措施") && !missing[0].message.contains("晚于"), "{}", missing[0].message);
    // Still none a year later: an obvious error every year until a measure is recorded, which clears it.
    assert_eq!(d2(&r, 2024).len(), 1, "a household still without any measure stays on the later years' audit");
    r.measures.push(measure("m9", "h1", MeasureCategory::Industry, "2024-03-01"));
    assert!(d2(&r, 2024).is_empty(), "a late measure clears the later years' line");
    let mut r = clean();
    r.measures[0].category = MeasureCategory::Health;
    assert_eq!(audit_one(&r).code, "D4");
    let mut r = clean();
    r.households[0].has_labour = false;
    r.households[0].no_labour = true;
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.entry.as_str()), ("D5", "household"));
    r.households[0].bottom_support = true;
    assert_eq!(audit(&r, 2024, &p(), d(TODAY)), vec![]);
}

#[test]
fn audit_missing_income() {
    let mut r = clean();
    r.incomes.clear();
    let a = audit_one(&r);
    assert_eq!((a.code.as_str(), a.message.as_str()), ("P2.income", "缺少2024年度收入核算"));
    assert!(audit(&r, 2024, &p(), d("2024-12-31")).iter().all(|a| a.code != "P2.income"), "not before the year is over");
}

#[test]
fn audit_is_sorted_by_group_number_date() {
    let mut r = clean();
    let mut h2 = lifted("h2", "000");
    h2.group = "二组".into();
    r.households.push(h2);
    r.pairings.push(pairing("p9", "h2", "c1", "2023-01-01", None));
    r.visits.retain(|v| v.id != "v5" && v.id != "v3");
    let items = audit(&r, 2024, &p(), d(TODAY));
    let keys: Vec<(&str, &str)> = items.iter().map(|a| (a.number.as_str(), a.code.as_str())).collect();
    assert_eq!(keys, vec![("001", "P2.month_visit"), ("001", "P2.month_visit"), ("000", "P3.income")], "一组 before 二组");
    assert!(items[0].date < items[1].date);
}

fn rules(items: &[DueItem], h: &str) -> Vec<String> {
    items.iter().filter(|i| i.household_id == h).map(|i| i.rule.clone()).collect()
}

#[test]
fn due_items_then_gone_once_recorded() {
    let today = d("2024-10-15");
    let sep = month(2024, 10);
    let mut h = monitored("h1", "001");
    h.identified_on = Some(d("2024-10-10"));
    let mut r = HandbookRecords { households: vec![h, lifted("h2", "002")], pairings: vec![pairing("p2", "h2", "c1", "2023-01-01", None)], ..Default::default() };
    let items = due(&r, sep, None, &p(), today);
    let got = rules(&items, "h1");
    for want in ["D1", "D2", "P2.visit", "P2.evaluation", "D3", "P2.plan", "P2.income"] {
        assert!(got.contains(&want.to_string()), "{want} in {got:?}");
    }
    assert!(!got.contains(&"P1".to_string()), "a newly identified household owes D1, not P1: {got:?}");
    let d1 = items.iter().find(|i| i.rule == "D1").unwrap();
    assert_eq!((d1.due_by, d1.overdue, d1.action), (d("2024-10-20"), false, DueAction::Pairing));
    let v = items.iter().find(|i| i.household_id == "h1" && i.rule == "P2.visit").unwrap();
    assert_eq!(v.reason, "A类监测户本月还需结对干部入户走访1次（至10月31日）");
    assert_eq!(v.due_by, d("2024-10-31"));
    // The 脱贫户 owes last year's income (overdue, first in the list) and this year's contact.
    let h2 = rules(&items, "h2");
    assert!(h2.contains(&"P3.contact".to_string()) && h2.contains(&"P3.visit".to_string()) && h2.contains(&"P3.plan".to_string()), "{h2:?}");
    assert!(items[0].overdue && items[0].rule == "P3.income" && items[0].period == "2023");

    // Recording each thing makes its item disappear.
    r.pairings.push(pairing("p1", "h1", "c2", "2024-10-12", None));
    r.measures.push(measure("m1", "h1", MeasureCategory::Industry, "2024-10-14"));
    r.visits.push(visit("v1", "h1", "2024-10-14", VisitMode::InPerson, Some("c2")));
    r.evaluations.push(EvaluationRecord { id: "e1".into(), household_id: "h1".into(), quarter: Period::Quarter { year: 2024, quarter: 4 }, date: d("2024-10-14") });
    r.assessments.push(AssessmentRecord { id: "a1".into(), household_id: "h1".into(), quarter: Period::Quarter { year: 2024, quarter: 4 }, date: d("2024-10-14"), result: AssessmentResult::Continue });
    r.plans.push(PlanRecord { id: "pl".into(), household_id: "h1".into(), year: 2024, date: d("2024-10-14") });
    r.incomes.push(income("in", "h1", 2024, "2024-10-14", 4));
    let items = due(&r, sep, None, &p(), today);
    let got = rules(&items, "h1");
    assert_eq!(got.iter().filter(|r| *r != "P4.unsigned").count(), 0, "{got:?}");
    let signs_owed: Vec<&DueItem> = items.iter().filter(|i| i.household_id == "h1").collect();
    assert_eq!(signs_owed.len(), 5, "visit, evaluation, assessment, plan, income await signatures");
    assert!(signs_owed.iter().all(|i| i.action == DueAction::Sign && i.entry_id.is_some() && i.cadre.as_deref() == Some("干部c2")));
    for (t, id) in [(Signable::Visit, "v1"), (Signable::Evaluation, "e1"), (Signable::Assessment, "a1"), (Signable::Plan, "pl"), (Signable::Income, "in")] {
        signs(&mut r, "h1", t, id, "2024-10-14");
    }
    assert!(rules(&due(&r, sep, None, &p(), today), "h1").is_empty());
}

#[test]
fn due_income_only_from_october() {
    let r = HandbookRecords {
        households: vec![lifted("h1", "001")],
        pairings: vec![pairing("p1", "h1", "c1", "2023-01-01", None)],
        incomes: vec![income("i23", "h1", 2023, "2023-12-20", 4)],
        ..Default::default()
    };
    assert!(!rules(&due(&r, month(2024, 9), None, &p(), d("2024-09-30")), "h1").contains(&"P3.income".to_string()));
    let items = due(&r, month(2024, 10), None, &p(), d("2024-10-01"));
    let inc = items.iter().find(|i| i.rule == "P3.income").expect("due from 1 October");
    assert_eq!((inc.due_by, inc.overdue, inc.action, inc.period.as_str()), (d("2024-12-31"), false, DueAction::Income, "2024"));
}

#[test]
fn due_filtered_by_cadre() {
    let r = HandbookRecords {
        households: vec![lifted("h1", "001"), lifted("h2", "002"), lifted("h3", "003")],
        pairings: vec![pairing("p1", "h1", "c1", "2023-01-01", None), pairing("p2", "h2", "c2", "2023-01-01", None), pairing("p3", "h3", "c1", "2023-01-01", Some("2024-06-30"))],
        ..Default::default()
    };
    let today = d("2024-09-10");
    let mine = due(&r, month(2024, 9), Some("c1"), &p(), today);
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|i| i.household_id == "h1" && i.cadre_id.as_deref() == Some("c1")), "{mine:#?}");
    let all = due(&r, month(2024, 9), None, &p(), today);
    assert!(rules(&all, "h3").contains(&"P1".to_string()), "h3 has no cadre now");
    assert!(rules(&all, "h2").contains(&"P3.contact".to_string()));
    let overdue_first: Vec<bool> = all.iter().map(|i| i.overdue).collect();
    let mut sorted = overdue_first.clone();
    sorted.sort_by_key(|o| !o);
    assert_eq!(overdue_first, sorted);
}

/// Many households at once: one finding per household and rule, the indexes keep each household's
/// records apart. (Speed is measured by `make bench`, not here.)
#[test]
fn many_households_keep_their_own_records() {
    let mut r = HandbookRecords::default();
    let n = 3_000;
    for i in 0..n {
        let id = format!("h{i}");
        r.households.push(if i % 3 == 0 { monitored(&id, &format!("{i:06}")) } else { lifted(&id, &format!("{i:06}")) });
        r.pairings.push(pairing(&format!("p{i}"), &id, &format!("c{}", i % 90), "2023-01-01", None));
        for k in 0..11 {
            let v = format!("v{i}-{k}");
            r.visits.push(visit(&v, &id, &format!("2024-{:02}-15", k + 1), VisitMode::InPerson, Some(&format!("c{}", i % 90))));
            if k != 3 {
                signs(&mut r, &id, Signable::Visit, &v, "2024-12-01");
            }
        }
    }
    let today = d("2024-12-10");
    let fs = check(&r, month(2024, 11), &p(), today);
    let visits: Vec<_> = fs.iter().filter(|f| f.rule == "P2.visit" || f.rule == "P3.contact").collect();
    assert_eq!(visits.len(), n, "one monthly finding per handbook");
    assert!(visits.iter().all(|f| f.status == Status::Ok && f.records == vec![format!("{}-10", f.subject.replace('h', "v"))]), "each counts its own November visit");
    let items = audit(&r, 2024, &p(), today);
    let unsigned = items.iter().filter(|i| i.code == "P4.unsigned" && i.entry_id.as_deref().is_some_and(|e| e.ends_with("-3"))).count();
    assert_eq!(unsigned, 2 * n, "the April contact of every household lacks both signatures");
    let ds = due(&r, month(2024, 12), None, &p(), today);
    assert_eq!(ds.iter().filter(|i| i.rule == "P2.visit" || i.rule == "P3.contact").count(), n, "December's visit is owed by every handbook");
}
