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
