//! 公民身份号码 (GB 11643-1999) and the 20-character disability certificate number (残疾人证号 = ID
//! number + category 1–7 + grade 1–4).
//!
//! An `IdNumber` is always valid: 18 characters, a real birth date not after the reference day, and the
//! right check digit. Lower-case `x` is normalised to `X`. Sex and birth date are derived, never typed.

use crate::error::DomainError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// 性别, derived from the 17th digit (odd: male).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub enum Sex {
    #[serde(rename = "男")]
    Male,
    #[serde(rename = "女")]
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// A checked 18-character citizen ID number, with the disability certificate suffix when one was given.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdNumber {
    base: String,
    disability: Option<(u8, u8)>,
}

/// The check digit for the first 17 digits.
pub fn check_digit(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

impl IdNumber {
    /// Parse and check an ID number or disability certificate number. `today` bounds the birth date.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, DomainError> {
        let trimmed = text.trim();
        // Most numbers need no cleaning: avoid the allocations for them.
        let t: std::borrow::Cow<'_, str> = if trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'X') {
            std::borrow::Cow::Borrowed(trimmed)
        } else {
            std::borrow::Cow::Owned(trimmed.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace('x', "X"))
        };
        let len = t.chars().count();
        if len != 18 && len != 20 {
            return Err(DomainError::IdLength { len });
        }
        if !t.is_ascii() {
            return Err(DomainError::IdCharacter);
        }
        let (base, suffix) = t.split_at(18);
        let bytes = base.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(DomainError::IdCharacter);
        }
        let birth_text = &base[6..14];
        let birth = NaiveDate::parse_from_str(birth_text, "%Y%m%d").map_err(|_| {
            DomainError::IdBirthDate { value: birth_text.to_string() }
        })?;
        if birth > today {
            return Err(DomainError::IdBirthFuture { value: birth_text.to_string() });
        }
        if birth.format("%Y").to_string().as_str() < "1880" {
            return Err(DomainError::IdBirthDate { value: birth_text.to_string() });
        }
        let expected = check_digit(&base[..17]).ok_or(DomainError::IdCharacter)?;
        let found = bytes[17] as char;
        if expected != found {
            return Err(DomainError::IdCheckDigit { expected, found });
        }
        let disability = if suffix.is_empty() {
            None
        } else {
            let sb = suffix.as_bytes();
            let cat = sb[0].wrapping_sub(b'0');
            let grade = sb[1].wrapping_sub(b'0');
            if !(1..=7).contains(&cat) || !(1..=4).contains(&grade) {
                return Err(DomainError::IdDisabilitySuffix { value: suffix.to_string() });
            }
            Some((cat, grade))
        };
        Ok(IdNumber { base: base.to_string(), disability })
    }

    /// Build a valid ID number from its parts (for the demo generator and tests).
    pub fn compose(area: &str, birth: NaiveDate, serial: u16, sex: Sex) -> Self {
        let seq = serial % 100;
        let sex_digit = match sex {
            Sex::Male => (serial / 100 % 5) * 2 + 1,
            Sex::Female => (serial / 100 % 5) * 2,
        };
        let first17 = format!("{area:0>6.6}{}{seq:02}{sex_digit}", birth.format("%Y%m%d"));
        let check = check_digit(&first17).unwrap_or('0');
        IdNumber { base: format!("{first17}{check}"), disability: None }
    }

    /// The 18-character ID number: the key of a person.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// The number as written on the roster: 20 characters when a disability certificate suffix was given.
    pub fn full(&self) -> String {
        match self.disability {
            Some((c, g)) => format!("{}{c}{g}", self.base),
            None => self.base.clone(),
        }
    }

    pub fn disability(&self) -> Option<(u8, u8)> {
        self.disability
    }

    pub fn birth_date(&self) -> NaiveDate {
        // Checked in `parse`/`compose`; a fallback keeps this total.
        NaiveDate::parse_from_str(&self.base[6..14], "%Y%m%d").unwrap_or_default()
    }

    pub fn sex(&self) -> Sex {
        if (self.base.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The form shown in every list: first 6 and last 4 characters, 8 stars between.
    pub fn masked(&self) -> String {
        mask(&self.base)
    }
}

/// Mask any stored ID text the same way lists show it (430527********123X).
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn standard_example_passes() {
        // The worked example of GB 11643: 11010519491231002X.
        let id = IdNumber::parse("11010519491231002x", today()).expect("valid example");
        assert_eq!(id.as_str(), "11010519491231002X", "lower-case x is normalised");
        assert_eq!(id.sex(), Sex::Female, "17th digit 2 is even: female");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn wrong_check_digit_says_which_digit_is_expected() {
        let err = IdNumber::parse("110105194912310021", today()).unwrap_err();
        assert_eq!(err, DomainError::IdCheckDigit { expected: 'X', found: '1' });
        assert!(err.message_zh().contains("应为X"), "the message names the right digit");
    }

    #[test]
    fn table_of_bad_numbers() {
        let cases: &[(&str, &str, &str)] = &[
            ("", "idcard.length", "empty"),
            ("43052719800101123", "idcard.length", "17 chars"),
            ("4305271980010112345", "idcard.length", "19 chars"),
            ("43052719800A01123X", "idcard.character", "letter inside"),
            ("430527198002301234", "idcard.birth_date", "30 February"),
            ("430527203001011234", "idcard.birth_future", "born in 2030"),
        ];
        for (input, code, why) in cases {
            let err = IdNumber::parse(input, today()).expect_err(why);
            assert_eq!(err.code(), *code, "{why}: {input}");
        }
    }

    #[test]
    fn disability_certificate_numbers() {
        let base = IdNumber::compose("430527", NaiveDate::from_ymd_opt(1970, 5, 6).unwrap(), 123, Sex::Male);
        let cert = format!("{}42", base.as_str());
        let id = IdNumber::parse(&cert, today()).expect("category 4 grade 2 is valid");
        assert_eq!(id.as_str(), base.as_str(), "a person is keyed by the 18-character number");
        assert_eq!(id.disability(), Some((4, 2)));
        assert_eq!(id.full(), cert, "export writes the certificate number back");
        let bad = format!("{}85", base.as_str());
        assert_eq!(IdNumber::parse(&bad, today()).unwrap_err().code(), "idcard.disability_suffix");
    }

    #[test]
    fn composed_numbers_are_valid_and_carry_sex() {
        for serial in [0u16, 7, 123, 499, 999] {
            for sex in [Sex::Male, Sex::Female] {
                let birth = NaiveDate::from_ymd_opt(1988, 2, 29).unwrap();
                let id = IdNumber::compose("430527", birth, serial, sex);
                let parsed = IdNumber::parse(id.as_str(), today()).expect("composed ids are valid");
                assert_eq!(parsed.sex(), sex);
                assert_eq!(parsed.birth_date(), birth);
            }
        }
    }

    #[test]
    fn mask_keeps_head_and_tail() {
        assert_eq!(mask("43052719800101123X"), "430527********123X");
        assert_eq!(mask("123"), "***", "short text shows nothing");
    }
}
