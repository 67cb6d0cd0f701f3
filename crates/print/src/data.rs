//! The handbooks as the template reads them: every value already a string in the form it is printed
//! (amounts through `format_yuan`, dates as `2024-08-05`, labels in Chinese), serialised to
//! `/data.json`. The template only lays strings out, so nothing from the data is ever parsed as typst
//! markup, and the formatting rules live here in Rust where they are tested.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use typst::foundations::Bytes;
use zhucun_core::handbook_view::{HandbookView, SignatureView, Signatures};
use zhucun_domain::handbook::{format_yuan, IncomeKind};

#[derive(Serialize)]
pub(crate) struct Doc {
    pub books: Vec<Book>,
}

#[derive(Serialize)]
pub(crate) struct Book {
    pub number: String,
    pub cover: Cover,
    pub members: Vec<Member>,
    pub flags: String,
    pub pairings: Vec<Pairing>,
    pub plan_title: String,
    pub plan: Option<Plan>,
    pub measures: Vec<Measure>,
    pub contacts: Vec<Contact>,
    pub evaluations: Vec<Evaluation>,
    pub assessments_apply: bool,
    pub assessments: Vec<Assessment>,
    pub income: Option<Income>,
}

#[derive(Serialize)]
pub(crate) struct Cover {
    pub year: String,
    pub number: String,
    pub head: String,
    pub address: String,
    pub phone: String,
    pub category: String,
    pub tier: String,
    pub cadre: String,
    pub cadre_unit: String,
    pub cadre_phone: String,
    pub as_of: String,
}

#[derive(Serialize)]
pub(crate) struct Member {
    pub name: String,
    /// 减员 with its date, for a member who has left.
    pub note: String,
    pub relation: String,
    pub sex: String,
    pub age: String,
    pub id: String,
    pub labour: String,
    pub health: String,
    pub schooling: String,
    pub employment: String,
}

#[derive(Serialize)]
pub(crate) struct Pairing {
    pub state: String,
    pub name: String,
    pub unit: String,
    pub phone: String,
    pub start: String,
    pub end: String,
}

#[derive(Serialize)]
pub(crate) struct Plan {
    /// Text too long to keep the entry on one page (see [`long`]).
    pub long: bool,
    pub date: String,
    pub goals: String,
    pub planned: String,
    pub sigs: [Sig; 2],
}

#[derive(Serialize)]
pub(crate) struct Measure {
    /// Text too long to keep the entry on one page (see [`long`]).
    pub long: bool,
    pub category: String,
    pub kind: String,
    pub content: String,
    pub amount: String,
    pub span: String,
    pub status: String,
}

#[derive(Serialize)]
pub(crate) struct Contact {
    /// Text too long to keep the entry on one page (see [`long`]).
    pub long: bool,
    pub date: String,
    pub mode: String,
    pub visitors: String,
    pub content: String,
    pub next_step: String,
    pub sigs: [Sig; 2],
}

#[derive(Serialize)]
pub(crate) struct Evaluation {
    /// Text too long to keep the entry on one page (see [`long`]).
    pub long: bool,
    pub quarter: String,
    pub date: String,
    pub changes: String,
    pub income_trend: String,
    pub risk: String,
    pub sigs: [Sig; 2],
}

#[derive(Serialize)]
pub(crate) struct Assessment {
    /// Text too long to keep the entry on one page (see [`long`]).
    pub long: bool,
    pub quarter: String,
    pub date: String,
    pub result: String,
    pub reasons: String,
    pub assessors: String,
    pub sigs: [Sig; 2],
}

#[derive(Serialize)]
pub(crate) struct Income {
    /// Text too long to keep the entry on one page (see [`long`]).
    pub long: bool,
    pub year: String,
    pub date: String,
    pub kinds: Vec<Kind>,
    /// (label, explanation, value) rows under the kinds: 年收入 … 三类人群.
    pub totals: Vec<(String, String, String)>,
    pub sigs: [Sig; 2],
}

#[derive(Serialize)]
pub(crate) struct Kind {
    pub label: String,
    pub lines: Vec<(String, String)>,
    pub subtotal: String,
}

/// One signature cell: signed with an image (`image` is the virtual path), signed but the image cannot be
/// shown (`problem` says why), or not signed.
#[derive(Serialize)]
pub(crate) struct Sig {
    pub label: String,
    pub signed: bool,
    pub signer: String,
    pub date: String,
    pub image: Option<String>,
    pub format: String,
    pub problem: String,
}

/// Builds `/data.json` and the signature files.
pub(crate) struct Collector<'a> {
    image: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    pub files: HashMap<String, Bytes>,
}

/// A row whose longest text has more characters than this may break across pages: kept whole it would
/// not fit on one page and typst would let it run off the bottom.
pub(crate) const LONG_CELL: usize = 600;

pub(crate) fn long(texts: &[&str]) -> bool {
    texts.iter().any(|t| t.chars().count() > LONG_CELL)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date_zh(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// `2024-Q3` → `2024年第3季度`; anything else as typed.
pub(crate) fn quarter_zh(q: &str) -> String {
    match q.split_once("-Q") {
        Some((y, n))
            if y.len() == 4
                && y.chars().all(|c| c.is_ascii_digit())
                && matches!(n, "1" | "2" | "3" | "4") =>
        {
            format!("{y}年第{n}季度")
        }
        _ => q.to_string(),
    }
}

/// A signature image is named by its SHA-256: exactly 64 lowercase hex digits.
pub(crate) fn valid_sha256(name: &str) -> bool {
    name.len() == 64
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The raster formats a signature is stored in (screen signatures are PNG, photos JPEG).
fn image_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("jpg")
    } else {
        None
    }
}

fn signed_amount(fen: i64) -> String {
    if fen > 0 {
        format!("+{}", format_yuan(fen))
    } else {
        format_yuan(fen)
    }
}

impl<'a> Collector<'a> {
    pub fn new(image: &'a dyn Fn(&str) -> Option<Vec<u8>>) -> Self {
        Collector {
            image,
            files: HashMap::new(),
        }
    }

    fn sig(&mut self, label: &str, s: &Option<SignatureView>) -> Sig {
        let Some(s) = s else {
            return Sig {
                label: label.into(),
                signed: false,
                signer: String::new(),
                date: String::new(),
                image: None,
                format: String::new(),
                problem: String::new(),
            };
        };
        let mut out = Sig {
            label: label.into(),
            signed: true,
            signer: s.signer.clone(),
            date: date(s.signed_on),
            image: None,
            format: String::new(),
            problem: String::new(),
        };
        if !valid_sha256(&s.image) {
            out.problem = "签名图像编号无效".into();
            return out;
        }
        let path = format!("/sig/{}", s.image);
        if let Some(bytes) = self.files.get(&path) {
            out.format = image_format(bytes.as_slice()).unwrap_or("png").into();
            out.image = Some(path);
            return out;
        }
        let Some(bytes) = (self.image)(&s.image) else {
            out.problem = "签名图像缺失".into();
            return out;
        };
        if zhucun_core::sig_image::sha256_hex(&bytes) != s.image {
            out.problem = "签名图像与记录不符".into();
            return out;
        }
        let Some(format) = image_format(&bytes) else {
            out.problem = "签名图像格式无法识别".into();
            return out;
        };
        out.format = format.into();
        self.files.insert(path.clone(), Bytes::new(bytes));
        out.image = Some(path);
        out
    }

    fn sigs(&mut self, s: &Signatures) -> [Sig; 2] {
        [
            self.sig("帮扶责任人", &s.cadre),
            self.sig("农户", &s.household),
        ]
    }

    pub fn book(&mut self, v: &HandbookView) -> Book {
        let c = &v.cover;
        let current = v
            .pairings
            .iter()
            .find(|p| p.end.is_none_or(|e| e >= v.as_of));
        let mut category = c.category.clone();
        if !c.monitor_category.is_empty() {
            category.push_str(&format!("（{}）", c.monitor_category));
        }
        if !c.risk.is_empty() {
            category.push_str(&format!("，风险{}", c.risk));
            if let Some(d) = c.eliminated_on {
                category.push_str(&format!("（{}）", date(d)));
            }
        }
        if !c.risk_types.is_empty() {
            category.push_str(&format!("，风险类型：{}", c.risk_types.join("、")));
        }
        let tier = match (c.tier.as_str(), c.tier_zh.as_str()) {
            ("", "") => "—".to_string(),
            (t, "") => format!("{t}类"),
            (_, z) => z.to_string(),
        };
        let cover = Cover {
            year: format!("{}年度", v.year),
            number: c.number.clone(),
            head: c.head.clone(),
            address: [
                c.township.as_str(),
                c.village.as_str(),
                c.group.as_str(),
                c.address.as_str(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
            phone: c.phone.clone(),
            category,
            tier,
            cadre: current
                .map(|p| p.name.clone())
                .unwrap_or_else(|| "（未结对）".into()),
            cadre_unit: current.map(|p| p.unit.clone()).unwrap_or_default(),
            cadre_phone: current.map(|p| p.phone.clone()).unwrap_or_default(),
            as_of: date_zh(v.as_of),
        };
        let mut flags = Vec::new();
        if c.no_labour {
            flags.push("整户无劳动能力");
        }
        if c.bottom_support {
            flags.push("兜底保障");
        }
        if c.away {
            flags.push("全家外出");
        }
        let members = v
            .members
            .iter()
            .map(|m| Member {
                name: m.name.clone(),
                note: m
                    .left_on
                    .map(|d| format!("{} 减员", date(d)))
                    .unwrap_or_default(),
                relation: m.relation.clone(),
                sex: m.sex.clone(),
                age: m.age.to_string(),
                id: m.id_masked.clone(),
                labour: m.labour.clone(),
                health: m.health.clone(),
                schooling: m.schooling.clone(),
                employment: m.employment.clone(),
            })
            .collect();
        let pairings = v
            .pairings
            .iter()
            .map(|p| Pairing {
                state: if current.is_some_and(|c| c.id == p.id) {
                    "现结对".into()
                } else {
                    "历史".into()
                },
                name: p.name.clone(),
                unit: p.unit.clone(),
                phone: p.phone.clone(),
                start: date(p.start),
                end: p.end.map(date).unwrap_or_else(|| "至今".into()),
            })
            .collect();
        let plan_title = match &v.plan {
            Some(p) if !p.title.is_empty() => p.title.clone(),
            _ if c.tier == "B" => "年度巩固计划".into(),
            _ => "帮扶计划".into(),
        };
        let plan = v.plan.as_ref().map(|p| Plan {
            long: long(&[&p.goals, &p.planned]),
            date: date(p.date),
            goals: p.goals.clone(),
            planned: p.planned.clone(),
            sigs: self.sigs(&p.signatures),
        });
        let measures = v
            .measures
            .iter()
            .map(|m| Measure {
                long: long(&[&m.content]),
                category: m.category.clone(),
                kind: m.kind.clone(),
                content: m.content.clone(),
                amount: m.amount_fen.map(format_yuan).unwrap_or_default(),
                span: format!(
                    "{} 至 {}",
                    date(m.from),
                    m.to.map(date).unwrap_or_else(|| "今".into())
                ),
                status: m.status.clone(),
            })
            .collect();
        let contacts = v
            .contacts
            .iter()
            .map(|k| Contact {
                long: long(&[&k.content, &k.next_step, &k.visitors]),
                date: date(k.date),
                mode: k.mode.clone(),
                visitors: k.visitors.clone(),
                content: k.content.clone(),
                next_step: k.next_step.clone(),
                sigs: self.sigs(&k.signatures),
            })
            .collect();
        let evaluations = v
            .evaluations
            .iter()
            .map(|e| Evaluation {
                long: long(&[&e.changes, &e.income_trend, &e.risk]),
                quarter: quarter_zh(&e.quarter),
                date: date(e.date),
                changes: e.changes.clone(),
                income_trend: e.income_trend.clone(),
                risk: e.risk.clone(),
                sigs: self.sigs(&e.signatures),
            })
            .collect();
        let assessments = v
            .assessments
            .iter()
            .map(|a| Assessment {
                long: long(&[&a.reasons, &a.assessors]),
                quarter: quarter_zh(&a.quarter),
                date: date(a.date),
                result: a.result.clone(),
                reasons: a.reasons.clone(),
                assessors: a.assessors.clone(),
                sigs: self.sigs(&a.signatures),
            })
            .collect();
        let income = v.income.as_ref().map(|i| {
            let kinds = IncomeKind::ALL
                .iter()
                .map(|&k| Kind {
                    label: k.label().into(),
                    lines: i
                        .lines
                        .iter()
                        .filter(|l| l.kind == k)
                        .map(|l| (l.item.short_zh().to_string(), format_yuan(l.fen)))
                        .collect(),
                    subtotal: format_yuan(i.sums.kind(k)),
                })
                .collect();
            let size_note = match &i.size_reason {
                Some(r) => format!(
                    "花名册现有 {} 人，按 {} 人核算：{}",
                    i.roster_size, i.size, r
                ),
                None => String::new(),
            };
            let (change_note, change) = match (i.previous_per_capita, i.change_fen) {
                (Some(p), Some(ch)) => (
                    format!("上年人均纯收入 {}", format_yuan(p)),
                    signed_amount(ch),
                ),
                (Some(p), None) => (format!("上年人均纯收入 {}", format_yuan(p)), "—".into()),
                _ => ("上年未核算".into(), "—".into()),
            };
            let s = &i.sums;
            let totals = vec![
                (
                    "年收入（元）".to_string(),
                    "四项收入合计".to_string(),
                    format_yuan(s.total),
                ),
                (
                    "生产经营性支出（元）".into(),
                    String::new(),
                    format_yuan(s.costs),
                ),
                (
                    "纯收入（元）".into(),
                    "年收入 − 生产经营性支出".into(),
                    format_yuan(s.net),
                ),
                ("家庭人口".into(), size_note, format!("{} 人", i.size)),
                (
                    "人均纯收入（元）".into(),
                    "纯收入 ÷ 家庭人口".into(),
                    format_yuan(s.per_capita),
                ),
                ("较上年（元）".into(), change_note, change),
                (
                    "三类人群".into(),
                    String::new(),
                    if i.flags_zh.is_empty() {
                        "否".into()
                    } else {
                        i.flags_zh.clone()
                    },
                ),
            ];
            Income {
                long: long(&[i.size_reason.as_deref().unwrap_or("")])
                    || i.size_reason
                        .as_deref()
                        .is_some_and(|r| r.chars().count() > LONG_CELL / 2),
                year: format!("{}年", i.year),
                date: date(i.date),
                kinds,
                totals,
                sigs: self.sigs(&i.signatures),
            }
        });
        Book {
            number: c.number.clone(),
            cover,
            members,
            flags: flags.join("、"),
            pairings,
            plan_title,
            plan,
            measures,
            contacts,
            evaluations,
            assessments_apply: v.assessments_apply,
            assessments,
            income,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_names_are_64_lowercase_hex() {
        assert!(valid_sha256(&"ab".repeat(32)));
        assert!(
            !valid_sha256(&"AB".repeat(32)),
            "upper case is not how the store names images"
        );
        assert!(!valid_sha256("../../etc/passwd"), "a name is never a path");
        assert!(!valid_sha256(&"a".repeat(63)));
    }

    #[test]
    fn quarters_print_in_chinese_and_odd_text_stays() {
        assert_eq!(quarter_zh("2024-Q3"), "2024年第3季度");
        assert_eq!(quarter_zh("2024-Q5"), "2024-Q5");
        assert_eq!(quarter_zh("#[x]"), "#[x]");
    }
}
