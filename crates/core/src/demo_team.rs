//! The demo village's team and a few weeks of its records, so every page has something to show.

use crate::error::Result;
use chrono::{Datelike, Days, NaiveDate};
use zhucun_domain::worklog::{ApprovalLevel, Half, HalfDay, LeaveKind, LeaveSpan, LogStatus, MeetingKind};
use zhucun_store::worklog::{self as wl};
use zhucun_store::{Store, Value};
use crate::attendance::calendar;

/// The demo village's team: a first secretary, a leader and a member, with work logs for the five
/// weeks up to yesterday, an approved and returned leave, a pending request, weekly meetings, a policy
/// study and a party lecture. Deterministic for a given `today`. Does nothing when the database
/// already has team members. Returns the number of logs written.
pub fn load_demo_team(store: &mut Store, today: NaiveDate) -> Result<usize> {
    if !zhucun_store::members::list_members(store.read())?.is_empty() {
        return Ok(0);
    }
    let villages = zhucun_store::households::villages(store.read())?;
    let Some(village) = villages.first() else { return Ok(0) };
    let start = today - Days::new(190);
    let people = [
        ("周建国", "第一书记", "县农业农村局", "13907391001"),
        ("刘芳", "队长", "县人力资源和社会保障局", "13907391002"),
        ("杨帆", "队员", "县交通运输局", "13907391003"),
    ];
    // What the 人员信息台账 asks: 性别, 出生年月, 政治面貌, 原单位及职务.
    let details = [
        ("男", "1979-04", "中共党员", "县农业农村局乡村产业股股长"),
        ("女", "1986-11", "中共党员", "县人力资源和社会保障局就业服务中心副主任"),
        ("男", "1995-07", "共青团员", "县交通运输局综合股科员"),
    ];
    let mut ids = Vec::new();
    for ((name, role, unit, phone), (sex, birth, politics, post)) in people.into_iter().zip(details) {
        let input = crate::members::MemberInput {
            name: name.into(),
            role: role.into(),
            from: start,
            to: None,
            phone: Some(phone.into()),
            unit: Some(unit.into()),
            village_id: Some(village.id.clone()),
            sex: Some(sex.into()),
            birth_month: Some(birth.into()),
            politics: Some(politics.into()),
            post: Some(post.into()),
        };
        ids.push(crate::members::add_member(store, &input)?);
    }
    let team = wl::team_of_member(store.read(), &ids[0])?.unwrap_or_default();
    let cal = calendar(store)?;
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()) + 28);
    let texts = [
        (vec!["入户走访", "防返贫监测"], "走访监测户，核实家庭收入和务工情况，更新风险台账。"),
        (vec!["政策宣传"], "向农户发放防返贫政策明白纸，讲解医保缴费和雨露计划。"),
        (vec!["环境卫生整治"], "组织村民清理房前屋后垃圾，检查各组卫生评比情况。"),
        (vec!["农业生产", "产业发展"], "到油茶基地查看长势，对接合作社收购事宜。"),
        (vec!["基层党建", "会议"], "参加村支两委会，研究本周重点工作。"),
    ];
    let leave_from = monday + Days::new(14 + 2); // Wednesday of the third week
    let mut written = 0;
    {
        let mut w = store.write()?;
        for (i, id) in ids.iter().enumerate() {
            let mut d = monday;
            while d < today {
                let wd = d.weekday().num_days_from_monday() as usize;
                let on_leave = i == 2 && (leave_from..=leave_from + Days::new(1)).contains(&d);
                let (status, night) = if on_leave {
                    (LogStatus::Leave, false)
                } else if !cal.is_workday(d) {
                    (LogStatus::Rest, false)
                } else if (wd + i * 2 + d.day() as usize) % 11 == 0 {
                    (LogStatus::Official, false)
                } else {
                    (LogStatus::InVillage, wd < 4)
                };
                let (cats, text) = &texts[(wd + i) % texts.len()];
                let cats: Vec<String> = if status == LogStatus::InVillage { cats.iter().map(|c| c.to_string()).collect() } else { Vec::new() };
                let content = match status {
                    LogStatus::InVillage => text.to_string(),
                    LogStatus::Official => "到县里参加巩固衔接工作培训。".to_string(),
                    _ => String::new(),
                };
                // Written on the day: nothing back-filled.
                wl::set_log_written(&mut w, &wl::LogInput { member_id: id, date: d, status, night, content: &content, categories: &cats }, Some(d))?;
                written += 1;
                d = d + Days::new(1);
            }
        }
        let span = |a: NaiveDate, b: NaiveDate| LeaveSpan { from: HalfDay { date: a, half: Half::Am }, to: HalfDay { date: b, half: Half::Pm } };
        let done = wl::add_leave(
            &mut w,
            &wl::LeaveInput {
                member_id: &ids[2],
                kind: LeaveKind::Sick,
                span: span(leave_from, leave_from + Days::new(1)),
                reason: "感冒发烧，到县医院就诊".into(),
                requested_on: leave_from - Days::new(1),
                approval_level: ApprovalLevel::Township.label(),
            },
        )?;
        wl::update_leave(
            &mut w,
            &done,
            &[
                ("approved_by", Value::Text("乡党委 张书记".into())),
                ("approved_on", Value::Text((leave_from - Days::new(1)).to_string())),
                ("returned_on", Value::Text((leave_from + Days::new(2)).to_string())),
            ],
        )?;
        let next_monday = today + Days::new(7 - u64::from(today.weekday().num_days_from_monday()));
        wl::add_leave(
            &mut w,
            &wl::LeaveInput {
                member_id: &ids[1],
                kind: LeaveKind::Personal,
                span: span(next_monday, next_monday),
                reason: "孩子家长会".into(),
                requested_on: today,
                approval_level: ApprovalLevel::Township.label(),
            },
        )?;
        for week in 0..5u64 {
            let d = monday + Days::new(week * 7);
            if d < today {
                wl::add_meeting(
                    &mut w,
                    &wl::MeetingInput {
                        team_id: &team,
                        kind: MeetingKind::Weekly,
                        date: d,
                        topic: ["部署本周走访任务", "防返贫监测排查", "人居环境整治推进", "产业项目调度", "问题台账销号"][week as usize],
                        place: "村部会议室",
                        host_id: Some(&ids[0]),
                        attendees: &ids,
                        others: if week == 0 { "村支书、村主任" } else { "" },
                        others_count: if week == 0 { Some(2) } else { None },
                        minutes: "各队员汇报上周工作，第一书记部署本周任务。",
                    },
                )?;
            }
        }
        let study = monday + Days::new(9);
        if study < today {
            wl::add_meeting(
                &mut w,
                &wl::MeetingInput {
                    team_id: &team,
                    kind: MeetingKind::Study,
                    date: study,
                    topic: "学习防止返贫动态监测和帮扶政策",
                    place: "村部会议室",
                    host_id: Some(&ids[0]),
                    attendees: &ids,
                    others: "村两委成员",
                    others_count: Some(5),
                    minutes: "第一书记领学防止返贫动态监测和帮扶政策文件，村两委一同学习。",
                },
            )?;
        }
        w.commit()?;
    }
    demo_visits(store, &ids, start, today)?;
    demo_handbook(store, &village.id, today)?;
    Ok(written)
}

/// The demo's visits: about two in three monitored households visited this month (in person, one by
/// its pairing cadre alone, one phone call to a family at home that does not count), and about half of
/// the 脱贫户 and 一般农户 visited since the team came, so that 走访进度 shows both done and owed.
/// One visit found a problem, opened in the 问题台账.
fn demo_visits(store: &mut Store, ids: &[String], start: NaiveDate, today: NaiveDate) -> Result<()> {
    use zhucun_domain::household::Category;
    use zhucun_domain::visit::{Check, CheckItem, CheckState, VisitMode};
    use zhucun_store::visits::{self as sv, VisitFields};
    let households = sv::visit_households(store.read())?;
    let briefs = sv::briefs(store.read(), today)?;
    let month_start = today.with_day(1).unwrap_or(today);
    let last = if today > month_start { today - Days::new(1) } else { today };
    let month_days = (last - month_start).num_days().max(0) as u64 + 1;
    let ok = |item| Check { item, state: CheckState::Ok, note: String::new() };
    let plain = vec![ok(CheckItem::Family), ok(CheckItem::Schooling), ok(CheckItem::Medical), ok(CheckItem::Housing), ok(CheckItem::Water), ok(CheckItem::Income)];
    let mut w = store.write()?;
    let (mut monitored, mut others) = (0usize, 0usize);
    for h in &households {
        let Some(b) = briefs.get(&h.id) else { continue };
        let (date, mode, members, cadre, checks, content) = match h.category {
            Category::Monitored => {
                monitored += 1;
                if monitored % 3 == 0 {
                    continue; // still owed this month
                }
                let date = month_start + Days::new((monitored as u64 * 5) % month_days);
                let member = ids[monitored % ids.len()].clone();
                match monitored {
                    // A phone call to a family at home: saved, shown, not counted (V3).
                    4 => (date, VisitMode::Phone, vec![member], None, vec![ok(CheckItem::Family)], "电话了解近况，户主在家务农。"),
                    // The pairing cadre alone, not a team member.
                    5 if b.cadre.is_some() => (date, VisitMode::InPerson, vec![], b.cadre.as_ref().map(|c| c.0.clone()), plain.clone(), "结对干部上门走访，核实收入和务工情况。"),
                    1 => {
                        let mut c = plain.clone();
                        c.retain(|x| x.item != CheckItem::Housing);
                        c.push(Check { item: CheckItem::Housing, state: CheckState::Problem, note: "厨房墙体开裂".into() });
                        (date, VisitMode::InPerson, vec![member, ids[0].clone()], None, c, "入户核实住房情况，厨房墙体开裂，需鉴定。")
                    }
                    _ => (date, VisitMode::InPerson, vec![member], None, plain.clone(), "入户了解家庭收入、务工和就医情况，宣讲防返贫政策。"),
                }
            }
            Category::Lifted | Category::Ordinary => {
                others += 1;
                if others % 2 == 0 {
                    continue;
                }
                let span = (today - start).num_days().max(1) as u64;
                let date = start + Days::new((others as u64 * 7) % span);
                (date, VisitMode::InPerson, vec![ids[others % ids.len()].clone()], None, plain.clone(), "入户走访，了解生产生活情况。")
            }
        };
        let id = sv::add_visit(
            &mut w,
            &VisitFields {
                household_id: &h.id,
                date,
                mode,
                members: &members,
                cadre_id: cadre.as_deref(),
                met: &h.head,
                checks: &checks,
                policies: "防返贫监测帮扶政策明白纸",
                requests: "",
                content,
                next_step: "",
            },
            date,
        )?;
        if let Some(c) = checks.iter().find(|c| c.state == CheckState::Problem) {
            zhucun_store::problems::add_problem(
                &mut w,
                &zhucun_store::problems::NewProblem {
                    village_id: &b.village_id,
                    household_id: Some(&h.id),
                    visit_id: Some(&id),
                    source: zhucun_domain::visit::ProblemSource::Visit,
                    category: zhucun_domain::visit::ProblemCategory::of_check(c.item),
                    description: "厨房墙体开裂，需申请危房鉴定",
                    found_on: date,
                    owner: "周建国",
                    deadline: Some(date + Days::new(30)),
                },
            )?;
        }
    }
    w.commit()?;
    Ok(())
}

/// The demo village and its team as one transaction: killed half-way, the database holds neither
/// (never a roster without its team). Returns the import report and the number of logs written.
pub fn load_demo_village(
    store: &mut Store,
    households: usize,
    per_village: usize,
    seed: u64,
    today: NaiveDate,
) -> Result<(crate::roster::ImportReport, usize)> {
    store.batch(|s| {
        let report = crate::roster::load_demo(s, households, per_village, seed)?;
        let logs = load_demo_team(s, today)?;
        Ok((report, logs))
    })
}

/// A signature as drawn on the pad: a white strip with a dark stroke, its shape set by `seed`.
fn demo_signature_png(seed: u32) -> Vec<u8> {
    let (w, h) = (180u32, 60u32);
    let mut img = image::GrayImage::from_pixel(w, h, image::Luma([255]));
    let f = 0.05 + f64::from(seed % 7) * 0.012;
    for x in 10..w - 10 {
        let y = 30.0 + 14.0 * (f64::from(x) * f).sin() + 6.0 * (f64::from(x) * f * 3.1).cos();
        for dy in 0..3 {
            let yy = (y as u32 + dy).min(h - 1);
            img.put_pixel(x, yy, image::Luma([20]));
        }
    }
    let mut out = Vec::new();
    // An in-memory PNG of a fixed strip cannot fail to encode.
    let _ = image::DynamicImage::ImageLuma8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png);
    out
}

/// The demo's handbooks part-way through the year, written through the handbook's own use cases:
/// this year's plans, measures (one or two monitored households still without one: D2/D4), the
/// pairing cadres' contacts for the months gone (tier A in person monthly, tier B by phone with an
/// in-person visit each quarter; a month missed here and there: P2.month_visit), the ended quarters'
/// evaluations of tier A, the risk-elimination assessments of monitored households with open risk,
/// last year's income accounting, and signatures on nearly all of it (a few missing: P4.unsigned).
/// Visits the demo already made in a month are reused: no second contact that month. Only the team's
/// village (the first) has handbooks, as it alone has a team.
fn demo_handbook(store: &mut Store, village_id: &str, today: NaiveDate) -> Result<()> {
    use crate::handbook as hb;
    use zhucun_domain::handbook::{IncomeItem, SignMethod, SignRole, Signable};
    use zhucun_domain::household::{Category, RiskStatus, Tier};
    let year = today.year();
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let (ya, yb) = (
        NaiveDate::from_ymd_opt(year - 1, 1, 1).unwrap_or(today),
        today,
    );
    let records = zhucun_store::handbook::records(store.read(), Some(village_id), Some((ya, yb)))?;
    // The demo's visits so far (`records` reads inside the load's transaction on this connection,
    // so it sees them), so that a month already visited gets no second contact.
    let mut seen: std::collections::HashMap<String, Vec<NaiveDate>> =
        std::collections::HashMap::new();
    for v in &records.visits {
        seen.entry(v.household_id.clone()).or_default().push(v.date);
    }
    let params = wl::rule_params(store.read())?;
    let pads = [
        demo_signature_png(1),
        demo_signature_png(2),
        demo_signature_png(3),
        demo_signature_png(4),
    ];
    let trace = crate::corrections::Trace {
        by: "周建国".into(),
        reason: String::new(),
    };
    let month_start = today.with_day(1).unwrap_or(today);
    let mut signs: Vec<(Signable, String, String, String, NaiveDate, usize)> = Vec::new();
    let (mut monitored_n, mut n) = (0usize, 0usize);
    for h in records.households.iter().filter(|h| {
        matches!(h.category, Category::Monitored | Category::Lifted) && h.left_on.is_none()
    }) {
        let Some(p) = records
            .pairings
            .iter()
            .rfind(|p| p.household_id == h.id && p.active_on(today))
        else {
            continue;
        };
        n += 1;
        let monitored = h.category == Category::Monitored;
        if monitored {
            monitored_n += 1;
        }
        // About one in twelve 脱贫户 has no handbook entries yet.
        if !monitored && n % 12 == 7 {
            continue;
        }
        let tier = h.tier(today, params.tier_boundary_months);
        let open = monitored && h.risk != Some(RiskStatus::Eliminated);
        let begin = [jan1, p.start, h.identified_on.unwrap_or(jan1)]
            .into_iter()
            .max()
            .unwrap_or(jan1);
        if begin > today {
            continue;
        }
        let at = |d: NaiveDate| d.clamp(begin, today);
        let hid = h.id.as_str();
        let cadre = p.cadre_name.clone();
        let head = h.head.clone();
        // The year's plan.
        let (goals, planned) = if tier == Tier::A {
            (
                "稳定增收，消除返贫致贫风险",
                "落实产业、就业帮扶，每月入户走访，按季度评估帮扶成效",
            )
        } else {
            (
                "巩固脱贫成果，家庭收入稳定增长",
                "稳定务工就业，发展庭院经济，落实各项惠民政策",
            )
        };
        let plan_date = at(jan1 + Days::new(14 + (n as u64 % 10)));
        let plan = hb::plan_set(store, hid, year, goals, planned, plan_date, &trace, today)?;
        signs.push((
            Signable::Plan,
            plan,
            cadre.clone(),
            head.clone(),
            plan_date,
            n,
        ));
        // Measures: none for the second and fifth monitored household (D2 / D4 show).
        let skip_measures = monitored && (monitored_n == 2 || monitored_n == 5);
        if !skip_measures {
            // Begun soon after identification (within D2's days), or early in the year.
            let from = h
                .identified_on
                .map(|d| d + Days::new(12))
                .unwrap_or(jan1 + Days::new(40))
                .max(p.start)
                .min(today);
            let mut list: Vec<(&str, String, Option<i64>, &str)> = Vec::new();
            if h.has_labour {
                if n % 2 == 0 {
                    list.push((
                        "产业",
                        "发放鸡苗100羽、饲料补助，配套养殖技术指导".into(),
                        Some(150_000),
                        "已落实",
                    ));
                } else {
                    list.push((
                        "就业",
                        "推荐到县工业园务工，落实一次性交通补助".into(),
                        Some(50_000),
                        "已落实",
                    ));
                }
            }
            if monitored || n % 3 == 0 {
                list.push((
                    "健康",
                    "落实家庭医生签约服务，慢病门诊报销".into(),
                    None,
                    "落实中",
                ));
            }
            if list.is_empty() || n % 5 == 0 {
                list.push((
                    "综合保障",
                    "落实城乡居民养老保险代缴".into(),
                    Some(20_000),
                    "已落实",
                ));
            }
            for (category, content, amount_fen, status) in list.into_iter().take(3) {
                hb::measure_add(
                    store,
                    &hb::MeasureInput {
                        number: hid.into(),
                        category: category.into(),
                        content,
                        amount_fen,
                        from,
                        to: None,
                        status: Some(status.into()),
                    },
                    today,
                )?;
            }
        }
        // Contacts by the pairing cadre for the months gone and this one up to yesterday.
        let visits: &[NaiveDate] = seen.get(&h.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut m = begin.with_day(1).unwrap_or(begin);
        let mut k = 0usize;
        while m <= today {
            k += 1;
            let next = m
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(today);
            let in_month = |d: &NaiveDate| m <= *d && *d < next;
            let this_month = m == month_start;
            let gap = tier == Tier::A && (monitored_n == 3 || monitored_n == 6) && k == 2;
            if !visits.iter().any(in_month) && !gap && !(this_month && n % 2 == 0) {
                let day =
                    at(m + Days::new(((n * 3 + k * 5) % 24) as u64 + 2)).min(next - Days::new(1));
                let in_person = tier == Tier::A || m.month() % 3 == 2;
                if in_month(&day) && day < today {
                    let input = crate::visits::VisitInput {
                        household_id: hid.into(),
                        date: day,
                        mode: if in_person { "入户" } else { "电话" }.into(),
                        cadre: true,
                        met: head.clone(),
                        policies: if in_person {
                            "防返贫监测帮扶政策明白纸".into()
                        } else {
                            String::new()
                        },
                        content: if in_person {
                            "结对干部入户走访，了解家庭收入、务工和就医情况。"
                        } else {
                            "电话联系户主，了解务工和家庭近况。"
                        }
                        .into(),
                        ..Default::default()
                    };
                    let v = hb::contact_add(store, &input, today)?;
                    signs.push((
                        Signable::Visit,
                        v.id,
                        cadre.clone(),
                        head.clone(),
                        day,
                        n + k,
                    ));
                }
            }
            m = next;
        }
        // Evaluations of the ended quarters (tier A).
        if tier == Tier::A {
            for q in 1..=4u32 {
                let qa = NaiveDate::from_ymd_opt(year, 3 * q - 2, 1).unwrap_or(today);
                let qe = qa
                    .checked_add_months(chrono::Months::new(3))
                    .unwrap_or(today)
                    - Days::new(1);
                if qe >= today || qe < begin {
                    continue;
                }
                let date = qe - Days::new(3);
                let id = hb::evaluation_add(
                    store,
                    &hb::EvaluationInput {
                        number: hid.into(),
                        quarter: format!("{year}-Q{q}"),
                        date,
                        changes: "帮扶措施按计划落实，家庭生产生活正常。".into(),
                        income_trend: "务工收入稳定，略有增长".into(),
                        risk: if open {
                            "因病支出较大，仍需持续监测".into()
                        } else {
                            "风险已消除".into()
                        },
                    },
                    today,
                )?;
                signs.push((
                    Signable::Evaluation,
                    id,
                    cadre.clone(),
                    head.clone(),
                    date,
                    n + q as usize,
                ));
            }
        }
        // Risk-elimination assessments each begun quarter (open risk), the current one for most.
        if open {
            for q in 1..=4u32 {
                let qa = NaiveDate::from_ymd_opt(year, 3 * q - 2, 1).unwrap_or(today);
                let qe = qa
                    .checked_add_months(chrono::Months::new(3))
                    .unwrap_or(today)
                    - Days::new(1);
                let current = qa <= today && today <= qe;
                if qa > today || qe < begin || (current && monitored_n % 2 == 0) {
                    continue;
                }
                let date = (qe - Days::new(5)).clamp(qa.max(begin), today);
                let id = hb::assessment_add(
                    store,
                    &hb::AssessmentInput {
                        number: hid.into(),
                        quarter: format!("{year}-Q{q}"),
                        date,
                        result: "继续监测".into(),
                        reasons: "家庭收入尚不稳定，医疗支出仍较大，风险未稳定消除。".into(),
                        assessors: format!("{cadre}、周建国"),
                    },
                    today,
                )?;
                signs.push((
                    Signable::Assessment,
                    id,
                    cadre.clone(),
                    head.clone(),
                    date,
                    n + q as usize,
                ));
            }
        }
        // Last year's income accounting (most households), done in January.
        let paired_last_year =
            p.start.year() < year && h.identified_on.is_none_or(|d| d.year() < year);
        if paired_last_year && n % 9 != 4 {
            let x = (n as i64 * 7919) % 1000;
            let mut items: Vec<(IncomeItem, i64)> = Vec::new();
            if h.has_labour {
                items.push((IncomeItem::Wage, (15_000 + x * 25) * 100));
            }
            items.push((IncomeItem::Crops, (1_500 + x * 3) * 100));
            if n % 3 == 0 {
                items.push((IncomeItem::Livestock, (2_000 + x * 4) * 100));
            }
            if n % 4 != 1 {
                items.push((IncomeItem::Pension, 2_400 * 100));
            }
            if h.no_labour || (monitored && !h.has_labour) {
                items.push((IncomeItem::Dibao, 4_800 * 100));
            }
            items.push((IncomeItem::Subsidies, (300 + x / 2) * 100));
            let date = NaiveDate::from_ymd_opt(year, 1, 10 + (n % 15) as u32)
                .unwrap_or(today)
                .min(today);
            let costs_fen = (800 + x * 2) * 100;
            let saved = hb::income_set(
                store,
                &hb::IncomeInput {
                    number: hid.into(),
                    year: year - 1,
                    items,
                    costs_fen,
                    size: None,
                    size_reason: None,
                    date,
                },
                &trace,
                today,
            )?;
            signs.push((
                Signable::Income,
                saved.id,
                cadre.clone(),
                head.clone(),
                date,
                n,
            ));
        }
    }
    // Signatures: both on nearly every entry; a few entries still wait for one (P4.unsigned).
    for (i, (entry, row_id, cadre, head, date, s)) in signs.into_iter().enumerate() {
        for (role, signer) in [(SignRole::Cadre, cadre), (SignRole::Household, head)] {
            let skip = match role {
                SignRole::Household => i % 97 == 13,
                SignRole::Cadre => i % 131 == 50,
            };
            if skip {
                continue;
            }
            let image =
                pads[(s + usize::from(role == SignRole::Household) * 2) % pads.len()].clone();
            hb::sign(
                store,
                &hb::SignInput {
                    entry,
                    row_id: row_id.clone(),
                    role,
                    signer,
                    method: SignMethod::Pad,
                    image,
                    date,
                },
                today,
            )?;
        }
    }
    Ok(())
}
