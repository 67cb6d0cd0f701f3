//! Typed domain errors. Each has a stable `code()` (what crosses the IPC and HTTP boundary and what tests
//! match on) and, for the CLI and reports, a Chinese sentence saying what is wrong and how to fix it.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("bad id: {value}")]
    BadId { value: String },

    #[error("ID number has wrong length {len}")]
    IdLength { len: usize },
    #[error("ID number has a bad character")]
    IdCharacter,
    #[error("ID number check digit is {found}, expected {expected}")]
    IdCheckDigit { expected: char, found: char },
    #[error("ID number birth date {value} is not a real date")]
    IdBirthDate { value: String },
    #[error("ID number birth date {value} is in the future")]
    IdBirthFuture { value: String },
    #[error("disability certificate suffix {value} is not category 1-7 and grade 1-4")]
    IdDisabilitySuffix { value: String },

    #[error("bad phone number {value}")]
    Phone { value: String },

    #[error("bad date {value}")]
    Date { value: String },
    #[error("impossible date {value}")]
    ImpossibleDate { value: String },

    #[error("value {value} not allowed; allowed: {allowed}")]
    Choice { value: String, allowed: String },

    #[error("bad period {value}")]
    Period { value: String },
    #[error("bad half day {value}")]
    HalfDay { value: String },
    #[error("leave ends {to} before it starts {from}")]
    LeaveOrder { from: String, to: String },
    #[error("bad amount {value}")]
    Amount { value: String },
}

impl DomainError {
    /// Every code [`DomainError::code`] can give (the UI's catalogue must know each one; checked by the
    /// test `all_codes_lists_every_code_once` and by `crates/core/tests/error_codes.rs`).
    pub const ALL_CODES: &'static [&'static str] = &[
        "id.bad",
        "idcard.length",
        "idcard.character",
        "idcard.check_digit",
        "idcard.birth_date",
        "idcard.birth_future",
        "idcard.disability_suffix",
        "phone.bad",
        "date.format",
        "date.impossible",
        "value.choice",
        "period.format",
        "halfday.format",
        "leave.order",
        "amount.bad",
    ];

    /// Stable machine code: never change one once released.
    pub fn code(&self) -> &'static str {
        match self {
            DomainError::BadId { .. } => "id.bad",
            DomainError::IdLength { .. } => "idcard.length",
            DomainError::IdCharacter => "idcard.character",
            DomainError::IdCheckDigit { .. } => "idcard.check_digit",
            DomainError::IdBirthDate { .. } => "idcard.birth_date",
            DomainError::IdBirthFuture { .. } => "idcard.birth_future",
            DomainError::IdDisabilitySuffix { .. } => "idcard.disability_suffix",
            DomainError::Phone { .. } => "phone.bad",
            DomainError::Date { .. } => "date.format",
            DomainError::ImpossibleDate { .. } => "date.impossible",
            DomainError::Choice { .. } => "value.choice",
            DomainError::Period { .. } => "period.format",
            DomainError::HalfDay { .. } => "halfday.format",
            DomainError::LeaveOrder { .. } => "leave.order",
            DomainError::Amount { .. } => "amount.bad",
        }
    }

    /// What is wrong, in Chinese.
    /// What is wrong, in Chinese. A value from a file or a person is quoted as a short excerpt.
    pub fn message_zh(&self) -> String {
        use crate::text::excerpt;
        match self {
            DomainError::BadId { value } => format!("编号“{}”格式不对", excerpt(value)),
            DomainError::IdLength { len } => {
                format!("证件号码应为18位（残疾证号为20位），这里是{len}位")
            }
            DomainError::IdCharacter => {
                "证件号码只能由数字组成，最后一位可以是X".to_string()
            }
            DomainError::IdCheckDigit { expected, found } => format!(
                "证件号码校验位不对：按前17位算出的最后一位应为{expected}，这里是{found}"
            ),
            DomainError::IdBirthDate { value } => {
                format!("证件号码中的出生日期{}不是有效日期", excerpt(value))
            }
            DomainError::IdBirthFuture { value } => {
                format!("证件号码中的出生日期{}晚于今天", excerpt(value))
            }
            DomainError::IdDisabilitySuffix { value } => format!(
                "残疾证号最后两位“{}”不对：第19位是残疾类别1–7，第20位是等级1–4",
                excerpt(value)
            ),
            DomainError::Phone { value } => format!("电话号码“{}”格式不对", excerpt(value)),
            DomainError::Date { value } => format!("日期“{}”无法识别", excerpt(value)),
            DomainError::ImpossibleDate { value } => format!("日期“{}”不存在", excerpt(value)),
            DomainError::Choice { value, allowed } => {
                format!("“{}”不是可选的值（可选：{allowed}）", excerpt(value))
            }
            DomainError::Period { value } => format!("期间“{}”无法识别", excerpt(value)),
            DomainError::HalfDay { value } => format!("请假时间“{}”无法识别", excerpt(value)),
            DomainError::LeaveOrder { from, to } => format!("请假结束时间{to}早于开始时间{from}"),
            DomainError::Amount { value } => format!("金额“{}”不对：应为不小于0的数，最多两位小数", excerpt(value)),
        }
    }

    /// How to fix it, in Chinese.
    pub fn hint_zh(&self) -> String {
        match self {
            DomainError::BadId { .. } => "请使用列表中显示的编号".to_string(),
            DomainError::IdLength { .. }
            | DomainError::IdCharacter
            | DomainError::IdCheckDigit { .. }
            | DomainError::IdBirthDate { .. }
            | DomainError::IdBirthFuture { .. } => {
                "请对照身份证或户口本逐位核对，常见错误是漏位、多位或把X写成其他字符".to_string()
            }
            DomainError::IdDisabilitySuffix { .. } => {
                "请对照残疾人证核对最后两位".to_string()
            }
            DomainError::Phone { .. } => {
                "请填写11位手机号（如13812345678）或带区号的固定电话（如0739-7621234）".to_string()
            }
            DomainError::Date { .. } => {
                "请写成2024-03-15、2024/3/15、2024年3月15日或20240315".to_string()
            }
            DomainError::ImpossibleDate { .. } => "请核对月份和日期（例如2月没有30日）".to_string(),
            DomainError::Choice { allowed, .. } => format!("请从以下值中选择一个：{allowed}"),
            DomainError::Period { .. } => "月写成2024-09，周写成2024-W38，季度写成2024-Q3，半年写成2024-H2，全年写成2024".to_string(),
            DomainError::HalfDay { .. } => "写成日期加上午或下午，如2024-09-10上午、2024-09-12下午；不写默认开始为上午、结束为下午".to_string(),
            DomainError::LeaveOrder { .. } => "请核对请假的起止日期".to_string(),
            DomainError::Amount { .. } => "请只写数字，以元为单位，如3600或1250.50；没有这项收入写0或不填".to_string(),
        }
    }
}

#[cfg(test)]
mod code_list_tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn all_codes_lists_every_code_once() {
        let v = || String::from("x");
        let all = [
            DomainError::BadId { value: v() },
            DomainError::IdLength { len: 3 },
            DomainError::IdCharacter,
            DomainError::IdCheckDigit { expected: '1', found: '2' },
            DomainError::IdBirthDate { value: v() },
            DomainError::IdBirthFuture { value: v() },
            DomainError::IdDisabilitySuffix { value: v() },
            DomainError::Phone { value: v() },
            DomainError::Date { value: v() },
            DomainError::ImpossibleDate { value: v() },
            DomainError::Choice { value: v(), allowed: v() },
            DomainError::Period { value: v() },
            DomainError::HalfDay { value: v() },
            DomainError::Amount { value: v() },
            DomainError::LeaveOrder { from: v(), to: v() },
        ];
        for e in &all {
            // A new variant does not compile here until it has a sample above.
            match e {
                DomainError::BadId { .. }
                | DomainError::IdLength { .. }
                | DomainError::IdCharacter
                | DomainError::IdCheckDigit { .. }
                | DomainError::IdBirthDate { .. }
                | DomainError::IdBirthFuture { .. }
                | DomainError::IdDisabilitySuffix { .. }
                | DomainError::Phone { .. }
                | DomainError::Date { .. }
                | DomainError::ImpossibleDate { .. }
                | DomainError::Choice { .. }
                | DomainError::Period { .. }
                | DomainError::HalfDay { .. }
                | DomainError::LeaveOrder { .. }
                | DomainError::Amount { .. } => {}
            }
        }
        let made: BTreeSet<&str> = all.iter().map(DomainError::code).collect();
        let listed: BTreeSet<&str> = DomainError::ALL_CODES.iter().copied().collect();
        assert_eq!(made, listed);
        assert_eq!(listed.len(), DomainError::ALL_CODES.len(), "a code listed twice");
    }
}
