//! The handbook's use cases over real SQLite files: each happy path, each refusal leaving the database
//! unchanged, the income sums as stored, contacts read from the visit register, signatures stored
//! once, and 待办 / 手册审核 lines disappearing once the record they ask for is made.

use chrono::NaiveDate;
use zhucun_core::corrections::Trace;
use zhucun_core::handbook::{self as hb, AssessmentInput, EvaluationInput, IncomeInput, MeasureEdit, MeasureInput, SignInput};
use zhucun_core::visits::{add_visit, list_visits, VisitFilter, VisitInput};
use zhucun_core::{CoreError, Store};
use zhucun_domain::handbook::{IncomeItem, SignMethod, SignRole, Signable};
use zhucun_domain::household::{Category, RiskStatus};
use zhucun_domain::rules::pairing::HandbookHousehold;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2024-09-20";

fn today() -> NaiveDate {
    d(TODAY)
}

struct Fx {
    _dir: tempfile::TempDir,
    s: Store,
    /// A team member (周建国).
    member: String,
}

/// The demo roster (120 households: one monitored with risk open) and a team member from 2024-01-01.
fn fx() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("t.db")).unwrap();
    zhucun_core::roster::load_demo(&mut s, 120, 120, 1).unwrap();
    let village = zhucun_store::households::villages(s.read()).unwrap()[0].id.clone();
    let mut w = s.write().unwrap();
    let team = zhucun_store::members::team_of_village(&mut w, &village).unwrap();
    let member = zhucun_store::members::add_member(
        &mut w,
        &zhucun_store::members::NewMember { team_id: &team, name: "周建国", role: "第一书记", from_date: "2024-01-01", to_date: None, phone: None, unit: None },
    )
    .unwrap();
    w.commit().unwrap();
    Fx { _dir: dir, s, member }
}

fn households(s: &Store) -> Vec<HandbookHousehold> {
    zhucun_store::handbook::records(s.read(), None, None).unwrap().households
}

/// A present household of the category with a current pairing (and risk open when monitored).
fn pick(s: &Store, category: Category) -> HandbookHousehold {
    let r = zhucun_store::handbook::records(s.read(), None, None).unwrap();
    r.households
        .iter()
        .find(|h| {
            h.category == category
                && h.size > 0
                && (category != Category::Monitored || h.risk == Some(RiskStatus::Open))
                && r.pairings.iter().any(|p| p.household_id == h.id && p.active_on(d("2024-01-01")) && p.end.is_none())
        })
        .cloned()
        .unwrap_or_else(|| panic!("the demo has a paired {category:?} household"))
}

/// Every change the database has recorded, and its corrections: unchanged means nothing was written.
fn digest(s: &Store) -> (i64, i64) {
    let c = s.read();
    (
        c.query_row("SELECT count(*) FROM sync_change", [], |r| r.get(0)).unwrap(),
        c.query_row("SELECT count(*) FROM correction", [], |r| r.get(0)).unwrap(),
    )
}

fn code<T: std::fmt::Debug>(r: Result<T, CoreError>) -> String {
    match r {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => {
            assert!(!e.message_zh().is_empty());
            e.code().to_string()
        }
    }
}

fn trace() -> Trace {
    Trace { by: "李娟".into(), reason: "核对后改正".into() }
}

fn png(seed: u8) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(40, 20, |x, y| image::Rgba([(x as u8).wrapping_mul(seed), y as u8, seed, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn pairing_set_ends_the_current_pairing_and_reuses_a_cadre_by_name_and_phone() {
    let mut f = fx();
    let h = pick(&f.s, Category::Lifted);
    let before = zhucun_store::handbook::pairings(f.s.read(), &h.id).unwrap();
    let current = before.iter().find(|p| p.end.is_none()).unwrap().clone();
    let start = d(&current.start);

    let d0 = digest(&f.s);
    assert_eq!(code(hb::pairing_set(&mut f.s, &h.number, "  ", "县农业局", "13812345678", today(), today())), "pairing.name");
    assert_eq!(code(hb::pairing_set(&mut f.s, &h.number, "王芳", "县农业局", "12345", today(), today())), "pairing.phone");
    assert_eq!(code(hb::pairing_set(&mut f.s, &h.number, "王芳", "县农业局", "13812345678", start, today())), "pairing.before_current");
    assert_eq!(code(hb::pairing_set(&mut f.s, "没有这户", "王芳", "县农业局", "13812345678", today(), today())), "handbook.household_unknown");
    assert_eq!(digest(&f.s), d0, "refusals write nothing");

    let p = hb::pairing_set(&mut f.s, &h.number, "王芳", "县农业局", "138 1234 5678", d("2024-09-01"), today()).unwrap();
    assert_eq!((p.name.as_str(), p.unit.as_str(), p.phone.as_str(), p.start, p.end), ("王芳", "县农业局", "13812345678", d("2024-09-01"), None));
    let after = zhucun_store::handbook::pairings(f.s.read(), &h.id).unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[0].id, p.id, "the open one first");
    let ended = after.iter().find(|x| x.id == current.id).unwrap();
    assert_eq!(ended.end.as_deref(), Some("2024-08-31"), "the previous pairing ends the day before");
    // The same cadre again is refused; another household gets the same cadre row.
    assert_eq!(code(hb::pairing_set(&mut f.s, &h.number, "王芳", "", "13812345678", d("2024-09-10"), today())), "pairing.same");
    let other = households(&f.s).into_iter().find(|x| x.id != h.id && x.category != Category::Ordinary).unwrap();
    let q = hb::pairing_set(&mut f.s, &other.number, "王芳", "", "13812345678", d("2024-09-10"), today()).unwrap();
    assert_eq!(q.cadre_id, p.cadre_id, "a cadre is reused by name and phone");
    // The pairing table is roster data (county-owned): on an enrolled laptop the county receives it as a proposal.
    assert_eq!(zhucun_store::Table::Pairing.owner(), zhucun_store::Owner::County);
}

#[test]
fn one_plan_a_year_and_a_second_save_corrects_it_with_a_trace() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    let d0 = digest(&f.s);
    assert_eq!(code(hb::plan_set(&mut f.s, &h.number, 2024, " ", "", d("2024-03-01"), &trace(), today())), "plan.empty");
    assert_eq!(code(hb::plan_set(&mut f.s, &h.number, 2024, "增收", "", d("2024-09-21"), &trace(), today())), "handbook.future");
    assert_eq!(code(hb::plan_set(&mut f.s, &h.number, 2030, "增收", "", d("2024-03-01"), &trace(), today())), "plan.year");
    assert_eq!(digest(&f.s), d0);

    let id = hb::plan_set(&mut f.s, &h.number, 2024, "人均纯收入稳定在1万元以上", "发展养殖", d("2024-03-01"), &Trace::default(), today()).unwrap();
    let d1 = digest(&f.s);
    assert_eq!(code(hb::plan_set(&mut f.s, &h.number, 2024, "新目标", "", d("2024-03-02"), &Trace::default(), today())), "correction.by");
    assert_eq!(digest(&f.s), d1, "a correction nobody signs writes nothing");
    let again = hb::plan_set(&mut f.s, &h.number, 2024, "人均纯收入1.2万元", "发展养殖", d("2024-03-01"), &trace(), today()).unwrap();
    assert_eq!(again, id, "one plan per household and year");
    let hist = zhucun_core::corrections::history(&f.s, "handbook_plan", &id).unwrap();
    assert_eq!(hist.len(), 1);
    assert_eq!(hist[0].changes.len(), 1, "only the goals changed: {:?}", hist[0].changes);
    let v = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    let plan = v.plan.unwrap();
    assert_eq!((plan.title.as_str(), plan.goals.as_str()), ("帮扶计划", "人均纯收入1.2万元"));
}

#[test]
fn measures_are_checked_corrected_and_voided() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    let ok = MeasureInput {
        number: h.number.clone(),
        category: "产业".into(),
        content: "发放鸡苗200只".into(),
        amount_fen: Some(120_050),
        from: d("2024-04-01"),
        to: Some(d("2024-12-31")),
        status: None,
    };
    let d0 = digest(&f.s);
    let e = hb::measure_add(&mut f.s, &MeasureInput { category: "旅游".into(), ..ok.clone() }, today()).unwrap_err();
    assert_eq!(e.code(), "measure.category");
    assert!(e.message_zh().contains("产业") && e.message_zh().contains("公益岗位"), "the list is given: {}", e.message_zh());
    assert_eq!(code(hb::measure_add(&mut f.s, &MeasureInput { content: " ".into(), ..ok.clone() }, today())), "measure.content");
    assert_eq!(code(hb::measure_add(&mut f.s, &MeasureInput { amount_fen: Some(-1), ..ok.clone() }, today())), "measure.amount");
    assert_eq!(code(hb::measure_add(&mut f.s, &MeasureInput { to: Some(d("2024-03-31")), ..ok.clone() }, today())), "measure.dates");
    assert_eq!(code(hb::measure_add(&mut f.s, &MeasureInput { status: Some("差不多".into()), ..ok.clone() }, today())), "measure.status");
    assert_eq!(digest(&f.s), d0);

    let id = hb::measure_add(&mut f.s, &ok, today()).unwrap();
    let v = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    let m = v.measures.iter().find(|m| m.id == id).unwrap();
    assert_eq!((m.category.as_str(), m.kind.as_str(), m.status.as_str(), m.amount_fen), ("产业", "开发式", "计划", Some(120_050)));

    let d1 = digest(&f.s);
    assert_eq!(code(hb::measure_set(&mut f.s, &id, &MeasureEdit { to: Some(d("2024-01-01")), ..Default::default() }, &trace(), today())), "measure.dates");
    assert_eq!(digest(&f.s), d1);
    let m = hb::measure_set(&mut f.s, &id, &MeasureEdit { status: Some("已落实".into()), clear_amount: true, ..Default::default() }, &trace(), today()).unwrap();
    assert_eq!((m.status.as_str(), m.amount_fen, m.content.as_str()), ("已落实", None, "发放鸡苗200只"));
    assert_eq!(zhucun_core::corrections::history(&f.s, "measure", &id).unwrap()[0].changes.len(), 2);

    assert_eq!(code(hb::measure_void(&mut f.s, &id, &Trace { by: "李娟".into(), reason: "".into() }, today())), "correction.reason");
    hb::measure_void(&mut f.s, &id, &Trace { by: "李娟".into(), reason: "重复录入".into() }, today()).unwrap();
    assert!(hb::handbook(&f.s, &h.number, 2024, today()).unwrap().measures.iter().all(|m| m.id != id));
    let r = zhucun_store::handbook::records(f.s.read(), None, None).unwrap();
    assert!(r.measures.iter().all(|m| m.id != id), "a voided measure counts for no rule");
    assert_eq!(code(hb::measure_void(&mut f.s, &id, &trace(), today())), "handbook.entry_voided");
    assert_eq!(code(hb::measure_set(&mut f.s, &id, &MeasureEdit::default(), &trace(), today())), "measure.unknown");
}

#[test]
fn evaluations_one_per_quarter_never_for_one_to_come() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    let ev = EvaluationInput { number: h.number.clone(), quarter: "2024-Q3".into(), date: d("2024-09-10"), changes: "养殖收入增加".into(), income_trend: "上升".into(), risk: "".into() };
    let d0 = digest(&f.s);
    assert_eq!(code(hb::evaluation_add(&mut f.s, &EvaluationInput { quarter: "2024-Q4".into(), ..ev.clone() }, today())), "handbook.quarter_future");
    assert_eq!(code(hb::evaluation_add(&mut f.s, &EvaluationInput { quarter: "2024-Q5".into(), ..ev.clone() }, today())), "period.format");
    assert_eq!(code(hb::evaluation_add(&mut f.s, &EvaluationInput { changes: "".into(), ..ev.clone() }, today())), "evaluation.changes");
    assert_eq!(code(hb::evaluation_add(&mut f.s, &EvaluationInput { date: d("2024-06-30"), ..ev.clone() }, today())), "handbook.before_quarter");
    assert_eq!(digest(&f.s), d0);
    let id = hb::evaluation_add(&mut f.s, &ev, today()).unwrap();
    let d1 = digest(&f.s);
    let e = hb::evaluation_add(&mut f.s, &EvaluationInput { quarter: "2024年第三季度".into(), ..ev.clone() }, today()).unwrap_err();
    assert_eq!((e.code(), e.message_zh().as_str()), ("evaluation.exists", "本季度已有评估，请修改那一条。"));
    assert_eq!(digest(&f.s), d1);
    let q2 = hb::evaluation_add(&mut f.s, &EvaluationInput { quarter: "2024-Q2".into(), date: d("2024-06-20"), ..ev.clone() }, today()).unwrap();
    // Moving Q2's evaluation into Q3 would make two.
    assert_eq!(code(hb::evaluation_edit(&mut f.s, &q2, &ev, &trace(), today())), "evaluation.exists");
    hb::evaluation_edit(&mut f.s, &id, &EvaluationInput { risk: "因病风险".into(), ..ev.clone() }, &trace(), today()).unwrap();
    let v = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    assert_eq!(v.evaluations.iter().map(|e| e.quarter.as_str()).collect::<Vec<_>>(), ["2024-Q2", "2024-Q3"]);
    assert_eq!(v.evaluations[1].risk, "因病风险");
}

#[test]
fn assessments_only_for_monitored_households() {
    let mut f = fx();
    let m = pick(&f.s, Category::Monitored);
    let l = pick(&f.s, Category::Lifted);
    let a = AssessmentInput { number: m.number.clone(), quarter: "2024-Q3".into(), date: d("2024-09-15"), result: "继续监测".into(), reasons: "收入未稳定".into(), assessors: "".into() };
    let d0 = digest(&f.s);
    assert_eq!(code(hb::assessment_add(&mut f.s, &AssessmentInput { number: l.number.clone(), ..a.clone() }, today())), "assessment.not_monitored");
    assert_eq!(code(hb::assessment_add(&mut f.s, &AssessmentInput { result: "看情况".into(), ..a.clone() }, today())), "assessment.result");
    assert_eq!(code(hb::assessment_add(&mut f.s, &AssessmentInput { reasons: "".into(), ..a.clone() }, today())), "assessment.reasons");
    assert_eq!(code(hb::assessment_add(&mut f.s, &AssessmentInput { quarter: "2025-Q1".into(), ..a.clone() }, today())), "handbook.quarter_future");
    assert_eq!(digest(&f.s), d0);
    hb::assessment_add(&mut f.s, &a, today()).unwrap();
    let v = hb::handbook(&f.s, &m.number, 2024, today()).unwrap();
    assert!(v.assessments_apply);
    assert_eq!((v.assessments.len(), v.assessments[0].result.as_str()), (1, "继续监测"));
    assert!(!hb::handbook(&f.s, &l.number, 2024, today()).unwrap().assessments_apply);
}

#[test]
fn income_sums_are_computed_and_stored_and_a_second_accounting_corrects_the_first() {
    let mut f = fx();
    let h = pick(&f.s, Category::Lifted);
    let size = h.size;
    let good = IncomeInput {
        number: h.number.clone(),
        year: 2023,
        items: vec![(IncomeItem::Wage, 2_000_000), (IncomeItem::Crops, 360_000), (IncomeItem::Dibao, 100_001)],
        costs_fen: 60_000,
        size: Some(3),
        size_reason: Some("长子外出分户".into()),
        date: d("2024-01-15"),
    };
    let d0 = digest(&f.s);
    let neg = IncomeInput { items: vec![(IncomeItem::Wage, -1)], ..good.clone() };
    assert_eq!(code(hb::income_set(&mut f.s, &neg, &trace(), today())), "income.negative");
    assert_eq!(code(hb::income_set(&mut f.s, &IncomeInput { costs_fen: -5, ..good.clone() }, &trace(), today())), "income.negative");
    assert_eq!(code(hb::income_set(&mut f.s, &IncomeInput { size: Some(0), ..good.clone() }, &trace(), today())), "income.size");
    let other_size = if size == 3 { 4 } else { 3 };
    assert_eq!(code(hb::income_set(&mut f.s, &IncomeInput { size: Some(other_size), size_reason: None, ..good.clone() }, &trace(), today())), "income.size_reason");
    assert_eq!(code(hb::income_set(&mut f.s, &IncomeInput { year: 2025, date: today(), ..good.clone() }, &trace(), today())), "income.future_year");
    let twice = IncomeInput { items: vec![(IncomeItem::Wage, 1), (IncomeItem::Wage, 2)], ..good.clone() };
    assert_eq!(code(hb::income_set(&mut f.s, &twice, &trace(), today())), "income.item_twice");
    assert_eq!(digest(&f.s), d0);

    let saved = hb::income_set(&mut f.s, &good, &trace(), today()).unwrap();
    assert!(!saved.updated);
    assert_eq!((saved.sums.total, saved.sums.net, saved.sums.per_capita), (2_460_001, 2_400_001, 800_000), "2400001 / 3 → 800000");
    let row = zhucun_store::handbook::income(f.s.read(), &saved.id).unwrap().unwrap();
    assert_eq!((row.total_fen, row.net_fen, row.per_capita_fen, row.size), (2_460_001, 2_400_001, 800_000, 3), "stored as computed");
    assert_eq!(row.size_reason.as_deref(), Some("长子外出分户"));

    // 2023 has no accounting before it: no previous figure, no change, not flagged as down.
    let v23 = hb::handbook(&f.s, &h.number, 2023, today()).unwrap();
    let i23 = v23.income.unwrap();
    assert_eq!((i23.previous_per_capita, i23.change_fen, i23.flags.down), (None, None, false));
    assert_eq!(i23.lines.len(), 12, "every line, 0 where none typed");
    assert_eq!(i23.lines.iter().find(|l| l.item == IncomeItem::Forestry).unwrap().fen, 0);
    assert_eq!(i23.roster_size, size);

    // 2024 with the roster's size by default, lower: down on last year, under the line.
    let y24 = IncomeInput { year: 2024, items: vec![(IncomeItem::Wage, 5)], costs_fen: 0, size: None, size_reason: None, date: d("2024-09-01"), ..good.clone() };
    let s24 = hb::income_set(&mut f.s, &y24, &trace(), today()).unwrap();
    assert_eq!(s24.size, size, "the roster's present members by default");
    let i24 = hb::handbook(&f.s, &h.number, 2024, today()).unwrap().income.unwrap();
    assert_eq!(i24.previous_per_capita, Some(800_000));
    assert_eq!(i24.change_fen, Some(i24.sums.per_capita - 800_000));
    assert!(i24.flags.down && i24.flags.under_line && !i24.flags.monitored, "{:?}", i24.flags);
    assert!(i24.flags_zh.contains("同比下降"), "{}", i24.flags_zh);

    // A second accounting of 2024 corrects the first, traced.
    let again = hb::income_set(&mut f.s, &IncomeInput { items: vec![(IncomeItem::Wage, 7)], ..y24.clone() }, &trace(), today()).unwrap();
    assert!(again.updated);
    assert_eq!(again.id, s24.id);
    assert_eq!(zhucun_core::corrections::history(&f.s, "income", &s24.id).unwrap().len(), 1);
}

#[test]
fn the_handbook_shows_the_visits_of_the_register_typed_once() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    // A visit typed in the visit register shows in the handbook, by the cadre.
    let v = add_visit(
        &mut f.s,
        &VisitInput { household_id: h.id.clone(), date: d("2024-09-05"), mode: "入户".into(), cadre: true, content: "了解养殖情况".into(), ..Default::default() },
        today(),
    )
    .unwrap();
    // A contact added from the handbook is a visit of the register.
    let c = hb::contact_add(
        &mut f.s,
        &VisitInput { household_id: h.number.clone(), date: d("2024-09-12"), mode: "电话".into(), members: vec![f.member.clone()], ..Default::default() },
        today(),
    )
    .unwrap();
    assert!(c.cadre_id.is_some(), "the pairing cadre is the contact's visitor");
    let register = list_visits(&f.s, &VisitFilter { household_id: Some(h.id.clone()), ..Default::default() }).unwrap();
    assert!(register.iter().any(|r| r.id == c.id));
    let view = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    let ids: Vec<&str> = view.contacts.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, [v.id.as_str(), c.id.as_str()]);
    assert!(view.contacts[0].in_person && view.contacts[0].by_cadre);
    assert_eq!(view.contacts[0].content, "了解养殖情况");
    assert!(!view.contacts[1].in_person && view.contacts[1].by_cadre);
    assert!(view.contacts[1].visitors.contains("周建国"));
    // Members from the roster, ID numbers masked.
    assert!(!view.members.is_empty());
    assert!(view.members.iter().all(|m| m.id_masked.contains("********")), "{:?}", view.members);
    assert_eq!(view.cover.tier, "A");
    assert!(!view.pairings.is_empty());
    // The whole group prints.
    let group = hb::handbook_group(&f.s, &view.cover.group, 2024, today()).unwrap();
    assert!(group.iter().any(|g| g.cover.household_id == h.id));
    assert_eq!(code(hb::handbook_group(&f.s, "99组", 2024, today())), "handbook.group_unknown");
}

#[test]
fn signatures_keep_one_image_for_the_same_bytes_and_replace_the_same_role() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    let plan = hb::plan_set(&mut f.s, &h.number, 2024, "增收", "", d("2024-03-01"), &Trace::default(), today()).unwrap();
    let ev = hb::evaluation_add(
        &mut f.s,
        &EvaluationInput { number: h.number.clone(), quarter: "2024-Q3".into(), date: d("2024-09-10"), changes: "收入增加".into(), ..Default::default() },
        today(),
    )
    .unwrap();
    let pad = png(3);
    let sign = |entry, row_id: &str, role, image: Vec<u8>| SignInput {
        entry,
        row_id: row_id.into(),
        role,
        signer: "王芳".into(),
        method: SignMethod::Pad,
        image,
        date: d("2024-09-15"),
    };
    let d0 = digest(&f.s);
    assert_eq!(code(hb::sign(&mut f.s, &sign(Signable::Plan, &plan, SignRole::Cadre, b"GIF89a not a png".to_vec()), today())), "image.kind");
    assert_eq!(code(hb::sign(&mut f.s, &sign(Signable::Plan, "nope", SignRole::Cadre, pad.clone()), today())), "sign.entry_unknown");
    assert_eq!(code(hb::sign(&mut f.s, &SignInput { signer: " ".into(), ..sign(Signable::Plan, &plan, SignRole::Cadre, pad.clone()) }, today())), "sign.signer");
    assert_eq!(code(hb::sign(&mut f.s, &SignInput { date: d("2024-09-21"), ..sign(Signable::Plan, &plan, SignRole::Cadre, pad.clone()) }, today())), "handbook.future");
    assert_eq!(digest(&f.s), d0);

    let images = |s: &Store| zhucun_store::handbook::image_count(s.read()).unwrap();
    let n0 = images(&f.s);
    let s1 = hb::sign(&mut f.s, &sign(Signable::Plan, &plan, SignRole::Cadre, pad.clone()), today()).unwrap();
    hb::sign(&mut f.s, &sign(Signable::Evaluation, &ev, SignRole::Cadre, pad.clone()), today()).unwrap();
    assert_eq!(images(&f.s), n0 + 1, "the same image is stored once");
    let view = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    let sig = view.plan.as_ref().unwrap().signatures.cadre.clone().unwrap();
    assert_eq!(sig.id, s1);
    assert!(view.plan.as_ref().unwrap().signatures.household.is_none());
    let bytes = hb::signature_image(&f.s, &sig.image).unwrap().unwrap();
    assert_eq!(&bytes[..4], b"\x89PNG");
    assert_eq!(hb::signature_image(&f.s, "0000").unwrap(), None);

    // Signing again in the same role voids the earlier signature, traced.
    let s2 = hb::sign(&mut f.s, &sign(Signable::Plan, &plan, SignRole::Cadre, png(9)), today()).unwrap();
    assert_eq!(images(&f.s), n0 + 2);
    let view = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    assert_eq!(view.plan.unwrap().signatures.cadre.unwrap().id, s2);
    assert_eq!(zhucun_core::corrections::history(&f.s, "signature", &s1).unwrap().len(), 1);
    let left = zhucun_store::handbook::signatures_of(f.s.read(), Signable::Plan, &plan, SignRole::Cadre).unwrap();
    assert_eq!(left.len(), 1);

    // A voided entry cannot be signed.
    hb::void(&mut f.s, "evaluation", &ev, &Trace { by: "李娟".into(), reason: "重复录入".into() }, today()).unwrap();
    let d1 = digest(&f.s);
    assert_eq!(code(hb::sign(&mut f.s, &sign(Signable::Evaluation, &ev, SignRole::Household, pad), today())), "sign.entry_voided");
    assert_eq!(digest(&f.s), d1);
}

#[test]
fn due_and_audit_lines_disappear_once_the_record_is_made() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    let has = |items: &[zhucun_domain::rules::pairing::DueItem], rule: &str| items.iter().any(|i| i.household_id == h.id && i.rule == rule);

    // 待办: this month's in-person visit by the cadre (tier A), for the household's cadre and for the team member.
    let due = hb::due(&f.s, "2024-09", None, today()).unwrap();
    assert!(has(&due, "P2.visit"), "{due:?}");
    let cadre = due.iter().find(|i| i.household_id == h.id).unwrap().cadre_id.clone().unwrap();
    assert!(has(&hb::due(&f.s, "2024-09", Some(&cadre), today()).unwrap(), "P2.visit"));
    assert!(hb::due(&f.s, "2024-09", Some(&f.member), today()).unwrap().is_empty(), "the member (a cadre of their own) pairs no household");
    add_visit(&mut f.s, &VisitInput { household_id: h.id.clone(), date: d("2024-09-05"), mode: "入户".into(), cadre: true, ..Default::default() }, today()).unwrap();
    assert!(!has(&hb::due(&f.s, "2024-09", None, today()).unwrap(), "P2.visit"));
    assert!(has(&hb::due(&f.s, "2024-09", None, today()).unwrap(), "P2.evaluation"));
    hb::evaluation_add(
        &mut f.s,
        &EvaluationInput { number: h.number.clone(), quarter: "2024-Q3".into(), date: d("2024-09-10"), changes: "收入增加".into(), ..Default::default() },
        today(),
    )
    .unwrap();
    assert!(!has(&hb::due(&f.s, "2024-09", None, today()).unwrap(), "P2.evaluation"));
    assert_eq!(code(hb::due(&f.s, "2024-Q3", None, today())), "period.month");

    // 手册审核: the missing 2023 accounting goes once it is made; its missing signatures go once signed.
    let later = d("2024-09-20");
    let audit = hb::audit(&f.s, 2023, later).unwrap();
    let lines = |a: &[zhucun_domain::rules::pairing::AuditItem], code: &str| a.iter().filter(|i| i.household_id == h.id && i.code == code).count();
    assert_eq!(lines(&audit, "P2.income"), 1, "{audit:?}");
    let saved = hb::income_set(
        &mut f.s,
        &IncomeInput { number: h.number.clone(), year: 2023, items: vec![(IncomeItem::Wage, 1_500_000)], date: d("2024-01-10"), ..Default::default() },
        &trace(),
        later,
    )
    .unwrap();
    let audit = hb::audit(&f.s, 2023, later).unwrap();
    assert_eq!(lines(&audit, "P2.income"), 0, "{audit:?}");
    assert!(audit.iter().any(|i| i.code == "P4.unsigned" && i.entry_id.as_deref() == Some(saved.id.as_str())), "{audit:?}");
    for role in [SignRole::Cadre, SignRole::Household] {
        hb::sign(
            &mut f.s,
            &SignInput { entry: Signable::Income, row_id: saved.id.clone(), role, signer: "王芳".into(), method: SignMethod::Photo, image: png(5), date: d("2024-01-10") },
            later,
        )
        .unwrap();
    }
    let audit = hb::audit(&f.s, 2023, later).unwrap();
    assert!(!audit.iter().any(|i| i.code == "P4.unsigned" && i.entry_id.as_deref() == Some(saved.id.as_str())), "{audit:?}");
    // The household's own lines are in its handbook.
    let view = hb::handbook(&f.s, &h.number, 2023, later).unwrap();
    assert!(view.audit.iter().all(|a| a.household_id == h.id));
    assert!(!view.audit.iter().any(|a| a.code == "P2.income"));
}

#[test]
fn check_pairing_reads_the_period_and_bottom_support_is_a_roster_flag() {
    let mut f = fx();
    let month = hb::check_pairing(&f.s, "2024-09", today()).unwrap();
    assert!(month.iter().any(|x| x.rule.starts_with("P2") || x.rule.starts_with("P3")), "{month:?}");
    assert!(!hb::check_pairing(&f.s, "2024-Q3", today()).unwrap().is_empty());
    assert!(!hb::check_pairing(&f.s, "2024", today()).unwrap().is_empty());
    assert_eq!(code(hb::check_pairing(&f.s, "去年", today())), "period.format");

    let h = pick(&f.s, Category::Monitored);
    assert!(hb::set_bottom_support(&mut f.s, &h.number, true).unwrap());
    assert!(!hb::set_bottom_support(&mut f.s, &h.number, true).unwrap(), "unchanged the second time");
    assert!(households(&f.s).iter().find(|x| x.id == h.id).unwrap().bottom_support);
    assert!(hb::handbook(&f.s, &h.number, 2024, today()).unwrap().cover.bottom_support);
}


#[test]
fn a_group_name_found_in_several_villages_is_refused_and_its_id_prints() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("t.db")).unwrap();
    zhucun_core::roster::load_demo(&mut s, 40, 20, 1).unwrap();
    let villages = zhucun_store::households::villages(s.read()).unwrap();
    assert!(villages.len() >= 2);
    let g = villages[0].groups.iter().find(|g| villages[1].groups.iter().any(|x| x.name == g.name)).expect("a group name in two villages").clone();
    let d0 = digest(&s);
    assert_eq!(code(hb::handbook_group(&s, &g.name, 2024, today())), "handbook.group_many");
    let views = hb::handbook_group(&s, &g.id, 2024, today()).unwrap();
    assert_eq!(views.len() as u32, g.households);
    assert!(views.iter().all(|v| v.cover.village == villages[0].name));
    assert_eq!(digest(&s), d0);
}

#[test]
fn the_rules_read_each_household_as_the_roster_has_it() {
    let f = fx();
    let r = zhucun_store::handbook::records(f.s.read(), None, None).unwrap();
    assert_eq!(r.households.len(), 120);
    for h in &r.households {
        let detail = zhucun_store::households::household_detail(f.s.read(), &h.id, today()).unwrap();
        assert_eq!(h.size, detail.members.len() as i64, "{}", h.number);
        assert_eq!(h.has_labour, detail.members.iter().any(|m| m.labour.is_some_and(|l| l.has_capacity())), "{}", h.number);
        let head = detail.members.iter().find(|m| m.relation == zhucun_domain::person::Relation::Head).map(|m| m.name.clone());
        if let Some(head) = head {
            assert_eq!(h.head, head);
        }
        assert_eq!(h.no_labour, detail.no_labour);
    }
    assert!(r.member_cadres.contains_key(&f.member));
    let village = zhucun_store::households::villages(f.s.read()).unwrap()[0].id.clone();
    assert_eq!(zhucun_store::handbook::records(f.s.read(), Some(&village), None).unwrap().households.len(), 120);
    assert!(zhucun_store::handbook::records(f.s.read(), Some("no-such-village"), None).unwrap().pairings.is_empty());
}

#[test]
fn an_edited_entry_loses_its_signatures_and_an_unchanged_save_keeps_them() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    let sign = |s: &mut Store, entry, row_id: &str, role| {
        hb::sign(s, &SignInput { entry, row_id: row_id.into(), role, signer: "王芳".into(), method: SignMethod::Pad, image: png(5), date: d("2024-09-15") }, today()).unwrap()
    };
    let live = |s: &Store, entry, row_id: &str| {
        [SignRole::Cadre, SignRole::Household]
            .into_iter()
            .map(|r| zhucun_store::handbook::signatures_of(s.read(), entry, row_id, r).unwrap().len())
            .sum::<usize>()
    };
    let reason_of = |s: &Store, sig: &str| {
        let hist = zhucun_core::corrections::history(s, "signature", sig).unwrap();
        assert_eq!(hist.len(), 1, "{hist:?}");
        (hist[0].action.clone(), hist[0].reason.clone())
    };

    // Plan: the same save again voids nothing; a changed goal voids both signatures, traced.
    let plan = hb::plan_set(&mut f.s, &h.number, 2024, "增收", "养殖", d("2024-03-01"), &trace(), today()).unwrap();
    let pc = sign(&mut f.s, Signable::Plan, &plan, SignRole::Cadre);
    sign(&mut f.s, Signable::Plan, &plan, SignRole::Household);
    hb::plan_set(&mut f.s, &h.number, 2024, "增收", "养殖", d("2024-03-01"), &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Plan, &plan), 2, "an edit that changes nothing voids nothing");
    hb::plan_set(&mut f.s, &h.number, 2024, "增收两成", "养殖", d("2024-03-01"), &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Plan, &plan), 0);
    assert_eq!(reason_of(&f.s, &pc), ("作废".to_string(), hb::RESIGN_REASON.to_string()));
    let view = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    assert!(view.plan.unwrap().signatures.cadre.is_none(), "the page and the PDF no longer show it signed");

    // Evaluation.
    let ev_in = EvaluationInput { number: h.number.clone(), quarter: "2024-Q3".into(), date: d("2024-09-10"), changes: "收入增加".into(), ..Default::default() };
    let ev = hb::evaluation_add(&mut f.s, &ev_in, today()).unwrap();
    sign(&mut f.s, Signable::Evaluation, &ev, SignRole::Cadre);
    hb::evaluation_edit(&mut f.s, &ev, &ev_in, &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Evaluation, &ev), 1);
    hb::evaluation_edit(&mut f.s, &ev, &EvaluationInput { changes: "收入明显增加".into(), ..ev_in.clone() }, &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Evaluation, &ev), 0);

    // Income.
    let inc = IncomeInput { number: h.number.clone(), year: 2023, items: vec![(IncomeItem::Wage, 2_000_000)], date: d("2024-01-15"), ..Default::default() };
    let saved = hb::income_set(&mut f.s, &inc, &trace(), today()).unwrap();
    sign(&mut f.s, Signable::Income, &saved.id, SignRole::Household);
    hb::income_set(&mut f.s, &inc, &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Income, &saved.id), 1);
    hb::income_set(&mut f.s, &IncomeInput { items: vec![(IncomeItem::Wage, 2_100_000)], ..inc.clone() }, &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Income, &saved.id), 0);

    // A contact (a visit) corrected in the visit register.
    let vin = VisitInput { household_id: h.id.clone(), date: d("2024-09-05"), mode: "入户".into(), cadre: true, content: "了解养殖情况".into(), ..Default::default() };
    let v = add_visit(&mut f.s, &vin, today()).unwrap();
    let vs = sign(&mut f.s, Signable::Visit, &v.id, SignRole::Cadre);
    zhucun_core::visits::update_visit(&mut f.s, &v.id, &vin, &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Visit, &v.id), 1);
    zhucun_core::visits::update_visit(&mut f.s, &v.id, &VisitInput { content: "了解养殖和务工情况".into(), ..vin.clone() }, &trace(), today()).unwrap();
    assert_eq!(live(&f.s, Signable::Visit, &v.id), 0);
    assert_eq!(reason_of(&f.s, &vs).1, hb::RESIGN_REASON);
}

#[test]
fn a_kept_signature_image_not_matching_its_sha_is_not_shown() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    let plan = hb::plan_set(&mut f.s, &h.number, 2024, "增收", "", d("2024-03-01"), &trace(), today()).unwrap();
    hb::sign(&mut f.s, &SignInput { entry: Signable::Plan, row_id: plan.clone(), role: SignRole::Cadre, signer: "王芳".into(), method: SignMethod::Pad, image: png(7), date: d("2024-09-15") }, today()).unwrap();
    let sha = hb::handbook(&f.s, &h.number, 2024, today()).unwrap().plan.unwrap().signatures.cadre.unwrap().image;
    assert!(hb::signature_image(&f.s, &sha).unwrap().is_some());
    // Other bytes under the same id (as a hostile peer could send them): valid base64 of another PNG.
    let other = zhucun_core::sig_image::prepare(&png(8), 1200, 200).unwrap();
    f.s.read().execute("UPDATE signature_image SET data = ?1 WHERE id = ?2", [other.base64(), sha.clone()]).unwrap();
    assert_eq!(hb::signature_image(&f.s, &sha).unwrap(), None, "bytes not matching their SHA-256");
    // A PNG whose header is larger than signature.photo_max_px, stored under its own SHA-256.
    let big = zhucun_core::sig_image::prepare(&png(8), 1200, 200).unwrap();
    f.s.read().execute("INSERT OR REPLACE INTO parameter (key, value) VALUES ('signature.photo_max_px', '10')", []).unwrap();
    f.s.read().execute("UPDATE signature_image SET data = ?1, id = ?2 WHERE id = ?3", [big.base64(), big.sha256.clone(), sha]).unwrap();
    assert_eq!(hb::signature_image(&f.s, &big.sha256).unwrap(), None, "wider than signature.photo_max_px");
}

#[test]
fn two_plans_or_accountings_of_a_year_reach_the_rules_as_the_one_the_handbook_shows() {
    let mut f = fx();
    let h = pick(&f.s, Category::Monitored);
    use zhucun_store::handbook as sh;
    // Two laptops each wrote the year's plan and accounting; the later written (not the later id) shows.
    let mut w = f.s.write().unwrap();
    let plan = |goals: &'static str| sh::PlanFields { household_id: &h.id, year: 2024, date: d("2024-03-01"), goals, planned: "" };
    let shown_plan = sh::add_plan(&mut w, &plan("甲"), d("2024-03-05")).unwrap();
    let other_plan = sh::add_plan(&mut w, &plan("乙"), d("2024-03-02")).unwrap();
    let items = vec![(IncomeItem::Wage, 1_000_000)];
    let income = |per_capita_fen| sh::IncomeFields {
        household_id: &h.id,
        year: 2023,
        date: d("2024-01-10"),
        items: &items,
        costs_fen: 0,
        size: 1,
        size_reason: None,
        total_fen: 1_000_000,
        net_fen: 1_000_000,
        per_capita_fen,
    };
    let shown_income = sh::add_income(&mut w, &income(1_000_000), d("2024-01-12")).unwrap();
    let other_income = sh::add_income(&mut w, &income(1), d("2024-01-11")).unwrap();
    w.commit().unwrap();
    assert!(other_plan > shown_plan && other_income > shown_income, "ids alone would pick the other rows");

    let r = sh::records(f.s.read(), None, None).unwrap();
    let plans: Vec<&str> = r.plans.iter().filter(|p| p.household_id == h.id && p.year == 2024).map(|p| p.id.as_str()).collect();
    assert_eq!(plans, [shown_plan.as_str()]);
    let incomes: Vec<&str> = r.incomes.iter().filter(|p| p.household_id == h.id && p.year == 2023).map(|p| p.id.as_str()).collect();
    assert_eq!(incomes, [shown_income.as_str()]);
    let v = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    assert_eq!(v.plan.unwrap().id, shown_plan, "the view shows the same one");
    assert_eq!(hb::handbook(&f.s, &h.number, 2023, today()).unwrap().income.unwrap().id, shown_income);
    // Nothing asks to sign the row no screen shows.
    let due = hb::due(&f.s, "2024-09", None, today()).unwrap();
    assert!(!format!("{due:?}").contains(&other_plan), "{due:?}");
    let audit = hb::audit(&f.s, 2024, today()).unwrap();
    assert!(!format!("{audit:?}").contains(&other_plan) && !format!("{audit:?}").contains(&other_income));
}

#[test]
fn the_default_household_size_is_the_roster_on_the_accountings_date() {
    let mut f = fx();
    let r = zhucun_store::handbook::records(f.s.read(), None, None).unwrap();
    let h = r
        .households
        .iter()
        .find(|h| h.category == Category::Lifted && h.size >= 2 && r.pairings.iter().any(|p| p.household_id == h.id && p.end.is_none()))
        .cloned()
        .expect("the demo has a lifted household of two or more");
    // One present member leaves on 2024-09-10, after the accounting's date.
    let member: String = f.s.read().query_row("SELECT id FROM person WHERE household_id = ?1 AND left_on IS NULL LIMIT 1", [&h.id], |r| r.get(0)).unwrap();
    f.s.read().execute("UPDATE person SET left_on = '2024-09-10' WHERE id = ?1", [&member]).unwrap();
    let now = households(&f.s).into_iter().find(|x| x.id == h.id).unwrap();
    assert_eq!((now.size, now.members_left.as_slice()), (h.size - 1, &[d("2024-09-10")][..]));

    let input = IncomeInput { number: h.number.clone(), year: 2024, items: vec![(IncomeItem::Wage, 900_000)], date: d("2024-09-01"), ..Default::default() };
    let saved = hb::income_set(&mut f.s, &input, &trace(), today()).unwrap();
    assert_eq!(saved.size, h.size, "the members on the roster on 2024-09-01, the one who left since included");
    let view = hb::handbook(&f.s, &h.number, 2024, today()).unwrap();
    assert_eq!(view.income.unwrap().roster_size, h.size);
    assert!(!view.audit.iter().any(|a| a.code == "P4.per_capita"), "{:?}", view.audit);
    // An accounting dated after the member left defaults to the members then.
    let later = hb::income_set(&mut f.s, &IncomeInput { year: 2023, date: d("2024-09-15"), ..input }, &trace(), today()).unwrap();
    assert_eq!(later.size, h.size - 1);
}
