//! The 结对帮扶手册 of one household and year as the page shows it and the PDF prints it: a view over
//! records that exist once (the roster, the visit register) and the handbook's own parts. Built by
//! [`crate::handbook::handbook`]; printed by `zhucun-print`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zhucun_domain::handbook::{FocusFlags, IncomeItem, IncomeKind, IncomeSums};
use zhucun_domain::rules::pairing::AuditItem;

/// One signature on an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SignatureView {
    pub id: String,
    /// 帮扶责任人 or 农户.
    pub role: String,
    pub signer: String,
    pub signed_on: NaiveDate,
    /// 屏幕签名 or 照片.
    pub method: String,
    /// The image's SHA-256 (its key in `signature_image`).
    pub image: String,
}

/// The two signatures an entry wants; `None` is printed 未签名.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Signatures {
    pub cadre: Option<SignatureView>,
    pub household: Option<SignatureView>,
}

/// The cover: who the household is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookCover {
    pub household_id: String,
    /// 户编号.
    pub number: String,
    pub head: String,
    pub township: String,
    pub village: String,
    pub group: String,
    pub address: String,
    /// The head's or the household's phone, as the roster has it.
    pub phone: String,
    /// 脱贫户 / 监测户.
    pub category: String,
    /// 脱贫不稳定户 … (monitored only).
    pub monitor_category: String,
    pub identified_on: Option<NaiveDate>,
    /// 未消除 / 已消除.
    pub risk: String,
    pub eliminated_on: Option<NaiveDate>,
    pub risk_types: Vec<String>,
    /// `A`, `B`, or empty (an ordinary household keeps no handbook).
    pub tier: String,
    /// 帮扶（A类：…） — what the tier means, one phrase.
    pub tier_zh: String,
    pub no_labour: bool,
    pub bottom_support: bool,
    pub away: bool,
}

/// A member of the household, from the roster (never retyped).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookMember {
    pub name: String,
    pub relation: String,
    pub sex: String,
    pub age: i64,
    /// Masked: 430527********123X.
    pub id_masked: String,
    pub labour: String,
    pub health: String,
    pub schooling: String,
    pub employment: String,
    pub left_on: Option<NaiveDate>,
}

/// A pairing with its cadre, current first then the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookPairing {
    pub id: String,
    pub cadre_id: String,
    pub name: String,
    pub unit: String,
    pub phone: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// 帮扶计划 (tier A) or 年度巩固计划 (tier B).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookPlan {
    pub id: String,
    pub date: NaiveDate,
    /// 帮扶计划 / 年度巩固计划.
    pub title: String,
    pub goals: String,
    pub planned: String,
    pub signatures: Signatures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookMeasure {
    pub id: String,
    pub category: String,
    /// 开发式 / 保障式.
    pub kind: String,
    pub content: String,
    pub amount_fen: Option<i64>,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    /// 计划 / 落实中 / 已落实.
    pub status: String,
}

/// A contact or visit, read from the visit register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookContact {
    pub id: String,
    pub date: NaiveDate,
    /// 入户 / 电话 / 微信 / 视频.
    pub mode: String,
    pub in_person: bool,
    /// Who visited: team members' and the cadre's names, joined by 、.
    pub visitors: String,
    /// The household's pairing cadre on that day took part.
    pub by_cadre: bool,
    pub content: String,
    pub next_step: String,
    pub signatures: Signatures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookEvaluation {
    pub id: String,
    /// `2024-Q3`.
    pub quarter: String,
    pub date: NaiveDate,
    pub changes: String,
    pub income_trend: String,
    pub risk: String,
    pub signatures: Signatures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookAssessment {
    pub id: String,
    pub quarter: String,
    pub date: NaiveDate,
    /// 建议消除 / 继续监测.
    pub result: String,
    pub reasons: String,
    pub assessors: String,
    pub signatures: Signatures,
}

/// One typed line of the accounting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct IncomeLine {
    pub item: IncomeItem,
    pub kind: IncomeKind,
    pub fen: i64,
}

/// The annual income accounting; every total is computed, never typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookIncome {
    pub id: String,
    pub year: i32,
    pub date: NaiveDate,
    /// Every item of the four kinds in the national order, 0 where none was typed.
    pub lines: Vec<IncomeLine>,
    pub sums: IncomeSums,
    /// The size used, the roster's present members today, and why they differ (when overridden).
    pub size: i64,
    pub roster_size: i64,
    pub size_reason: Option<String>,
    /// The previous year's 人均纯收入, when accounted, and the change on it.
    pub previous_per_capita: Option<i64>,
    pub change_fen: Option<i64>,
    pub flags: FocusFlags,
    /// 三类人群 in words (empty when none).
    pub flags_zh: String,
    pub signatures: Signatures,
}

/// The whole handbook of one household and year, in the booklet's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HandbookView {
    pub year: i32,
    /// The day it was made (for "as of" on the cover).
    pub as_of: NaiveDate,
    pub cover: HandbookCover,
    /// The current pairing first, then earlier ones.
    pub pairings: Vec<HandbookPairing>,
    pub members: Vec<HandbookMember>,
    pub plan: Option<HandbookPlan>,
    pub measures: Vec<HandbookMeasure>,
    pub contacts: Vec<HandbookContact>,
    pub evaluations: Vec<HandbookEvaluation>,
    /// Monitored households with risk not eliminated (D3).
    pub assessments: Vec<HandbookAssessment>,
    /// Whether the household needs assessments this year (so the print says 不适用 otherwise).
    pub assessments_apply: bool,
    pub income: Option<HandbookIncome>,
    /// This household's 手册审核 lines for the year.
    pub audit: Vec<AuditItem>,
}
