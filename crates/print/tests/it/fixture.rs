//! A realistic handbook of one household: a 监测户 of tier A with five members, a cadre with an earlier
//! one, a plan, three measures, contacts (some signed, one unsigned), quarterly evaluations, risk
//! assessments and the year's income accounting; and the signature image it names.

use std::collections::HashMap;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use zhucun_core::handbook_view::*;
use zhucun_domain::handbook::{focus_flags, income_sums, IncomeItem};

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// A 350×150 PNG with a dark-blue scrawl on a transparent background, like a screen signature.
pub fn signature_png(seed: u32) -> Vec<u8> {
    let (w, h) = (350u32, 150u32);
    let mut px = vec![0u8; (w * h * 4) as usize];
    for x in 20..330 {
        let t = x as f64 / 25.0 + seed as f64;
        let y = (75.0 + 40.0 * t.sin() * (t * 0.37).cos()) as i64;
        for dy in -2..=2 {
            let yy = y + dy;
            if (0..h as i64).contains(&yy) {
                let i = ((yy as u32 * w + x) * 4) as usize;
                px[i..i + 4].copy_from_slice(&[20, 30, 120, 255]);
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().expect("png header");
        wr.write_image_data(&px).expect("png data");
    }
    out
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The images a fixture names, by SHA-256 (what `signature_image` holds).
#[derive(Default)]
pub struct Images(pub HashMap<String, Vec<u8>>);

impl Images {
    pub fn add(&mut self, bytes: Vec<u8>) -> String {
        let h = sha256(&bytes);
        self.0.insert(h.clone(), bytes);
        h
    }

    pub fn get(&self, sha: &str) -> Option<Vec<u8>> {
        self.0.get(sha).cloned()
    }
}

fn signed(
    images: &mut Images,
    role: &str,
    signer: &str,
    on: NaiveDate,
    seed: u32,
) -> Option<SignatureView> {
    Some(SignatureView {
        id: format!("sig-{signer}-{on}-{seed}"),
        role: role.into(),
        signer: signer.into(),
        signed_on: on,
        method: "屏幕签名".into(),
        image: images.add(signature_png(seed)),
    })
}

fn both(images: &mut Images, cadre: &str, head: &str, on: NaiveDate) -> Signatures {
    Signatures {
        cadre: signed(images, "帮扶责任人", cadre, on, 1),
        household: signed(images, "农户", head, on, 2),
    }
}

pub const CADRE: &str = "李建国";
pub const MEASURE: &str = "发放肉牛养殖到户补助，购入西门塔尔牛2头";
pub const CONTACT: &str = "了解春耕备耕情况，协调化肥采购";

/// The household's income lines (分) and the costs.
pub fn income_lines() -> (Vec<(IncomeItem, i64)>, i64) {
    (
        vec![
            (IncomeItem::Wage, 2_400_000),
            (IncomeItem::Crops, 360_050),
            (IncomeItem::Livestock, 800_000),
            (IncomeItem::Forestry, 0),
            (IncomeItem::BusinessOther, 12_000),
            (IncomeItem::Property, 50_000),
            (IncomeItem::Pension, 245_000),
            (IncomeItem::Dibao, 0),
            (IncomeItem::Tekun, 0),
            (IncomeItem::Ecology, 31_025),
            (IncomeItem::Subsidies, 120_000),
            (IncomeItem::TransferOther, 0),
        ],
        410_000,
    )
}

/// One household's handbook for 2024 with `contacts` visits (the first is unsigned by the household).
pub fn handbook(number: &str, head: &str, contacts: usize, images: &mut Images) -> HandbookView {
    let year = 2024;
    let (items, costs) = income_lines();
    let size = 4;
    let sums = income_sums(&items, costs, size);
    let previous = Some(712_345);
    let flags = focus_flags(sums.per_capita, previous, 800_000, true);
    let contacts = (0..contacts)
        .map(|n| {
            let date = day(year, 1, 5) + chrono::Days::new(n as u64 * 7);
            let mut signatures = both(images, CADRE, head, date);
            if n == 0 {
                signatures.household = None;
            }
            HandbookContact {
                id: format!("visit-{n}"),
                date,
                mode: if n % 3 == 1 {
                    "电话".into()
                } else {
                    "入户".into()
                },
                in_person: n % 3 != 1,
                visitors: format!("{CADRE}、王芳"),
                by_cadre: true,
                content: if n == 0 {
                    CONTACT.into()
                } else {
                    format!(
                        "第{}次走访：查看肉牛长势，宣讲防返贫监测政策，核实务工收入。",
                        n + 1
                    )
                },
                next_step: "下周联系农技站上门指导".into(),
                signatures,
            }
        })
        .collect();
    HandbookView {
        year,
        as_of: day(2024, 12, 20),
        cover: HandbookCover {
            household_id: format!("hh-{number}"),
            number: number.into(),
            head: head.into(),
            township: "石门镇".into(),
            village: "桃花村".into(),
            group: "三组".into(),
            address: "桃花村三组17号".into(),
            phone: "13807391234".into(),
            category: "监测户".into(),
            monitor_category: "突发严重困难户".into(),
            identified_on: Some(day(2023, 6, 12)),
            risk: "未消除".into(),
            eliminated_on: None,
            risk_types: vec!["因病".into(), "因意外事故".into()],
            tier: "A".into(),
            tier_zh: "重点帮扶（A类：每月入户走访，每季度成效评估）".into(),
            no_labour: false,
            bottom_support: false,
            away: false,
        },
        pairings: vec![
            HandbookPairing {
                id: "p2".into(),
                cadre_id: "c2".into(),
                name: CADRE.into(),
                unit: "县农业农村局".into(),
                phone: "13975900001".into(),
                start: day(2024, 3, 1),
                end: None,
            },
            HandbookPairing {
                id: "p1".into(),
                cadre_id: "c1".into(),
                name: "赵敏".into(),
                unit: "县教育局".into(),
                phone: "13975900002".into(),
                start: day(2023, 6, 20),
                end: Some(day(2024, 2, 29)),
            },
        ],
        members: vec![
            member(
                head,
                "户主",
                "男",
                52,
                "430527********1234",
                "普通劳动力",
                "长期慢性病",
                "非在校生",
                "县内务工",
            ),
            member(
                "刘秀英",
                "配偶",
                "女",
                50,
                "430527********2246",
                "普通劳动力",
                "健康",
                "非在校生",
                "未务工",
            ),
            member(
                "张小军",
                "之子",
                "男",
                24,
                "430527********3317",
                "技能劳动力",
                "健康",
                "非在校生",
                "省外务工",
            ),
            member(
                "张小梅",
                "之女",
                "女",
                15,
                "430527********432X",
                "无劳动力",
                "健康",
                "初中",
                "未务工",
            ),
            HandbookMember {
                left_on: Some(day(2024, 4, 2)),
                ..member(
                    "张德福",
                    "之父",
                    "男",
                    81,
                    "430527********0012",
                    "丧失劳动力",
                    "患有大病",
                    "非在校生",
                    "未务工",
                )
            },
        ],
        plan: Some(HandbookPlan {
            id: "plan".into(),
            date: day(2024, 3, 10),
            title: "帮扶计划".into(),
            goals: "全年人均纯收入稳定在1万元以上，消除因病返贫风险。".into(),
            planned: "发展肉牛养殖；户主就近务工；落实慢性病签约服务与医疗救助。".into(),
            signatures: both(images, CADRE, head, day(2024, 3, 10)),
        }),
        measures: vec![
            HandbookMeasure {
                id: "m1".into(),
                category: "产业帮扶".into(),
                kind: "开发式".into(),
                content: MEASURE.into(),
                amount_fen: Some(600_000),
                from: day(2024, 4, 1),
                to: Some(day(2024, 6, 30)),
                status: "已落实".into(),
            },
            HandbookMeasure {
                id: "m2".into(),
                category: "就业帮扶".into(),
                kind: "开发式".into(),
                content: "推荐户主到镇上农产品加工厂务工".into(),
                amount_fen: None,
                from: day(2024, 5, 1),
                to: None,
                status: "落实中".into(),
            },
            HandbookMeasure {
                id: "m3".into(),
                category: "健康帮扶".into(),
                kind: "保障式".into(),
                content: "慢性病门诊费用报销及医疗救助".into(),
                amount_fen: Some(123_456),
                from: day(2024, 1, 1),
                to: Some(day(2024, 12, 31)),
                status: "已落实".into(),
            },
        ],
        contacts,
        evaluations: vec![HandbookEvaluation {
            id: "e1".into(),
            quarter: "2024-Q2".into(),
            date: day(2024, 6, 28),
            changes: "新购肉牛2头，长势良好".into(),
            income_trend: "养殖收入预计增加".into(),
            risk: "因病风险仍在".into(),
            signatures: both(images, CADRE, head, day(2024, 6, 28)),
        }],
        assessments: vec![HandbookAssessment {
            id: "a1".into(),
            quarter: "2024-Q3".into(),
            date: day(2024, 9, 25),
            result: "继续监测".into(),
            reasons: "医疗支出仍高，收入未稳定".into(),
            assessors: "王芳、李建国".into(),
            signatures: Signatures {
                cadre: signed(images, "帮扶责任人", CADRE, day(2024, 9, 25), 3),
                household: None,
            },
        }],
        assessments_apply: true,
        income: Some(HandbookIncome {
            id: "inc".into(),
            year,
            date: day(2024, 12, 15),
            lines: items
                .iter()
                .map(|&(item, fen)| IncomeLine {
                    item,
                    kind: item.kind(),
                    fen,
                })
                .collect(),
            sums,
            size,
            roster_size: 4,
            size_reason: Some("张德福4月去世，按核算时在册人口计".into()),
            previous_per_capita: previous,
            change_fen: previous.map(|p| sums.per_capita - p),
            flags,
            flags_zh: "监测户".into(),
            signatures: both(images, CADRE, head, day(2024, 12, 15)),
        }),
        audit: vec![],
    }
}

#[allow(clippy::too_many_arguments)]
fn member(
    name: &str,
    relation: &str,
    sex: &str,
    age: i64,
    id: &str,
    labour: &str,
    health: &str,
    schooling: &str,
    employment: &str,
) -> HandbookMember {
    HandbookMember {
        name: name.into(),
        relation: relation.into(),
        sex: sex.into(),
        age,
        id_masked: id.into(),
        labour: labour.into(),
        health: health.into(),
        schooling: schooling.into(),
        employment: employment.into(),
        left_on: None,
    }
}
