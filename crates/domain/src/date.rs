//! Dates as people and spreadsheets write them: 2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日, 20240315.

use crate::error::DomainError;
use chrono::NaiveDate;

/// Parse a date in any of the accepted forms. A well-formed but non-existent date (2024-02-30) is
/// `ImpossibleDate`, so the message can say so rather than "unreadable".
pub fn parse_date(text: &str) -> Result<NaiveDate, DomainError> {
    let t = text.trim();
    let bad = || DomainError::Date { value: text.to_string() };
    let (y, m, d): (&str, &str, &str) = if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年').ok_or_else(bad)?;
        let (m, d) = rest.split_once('月').ok_or_else(bad)?;
        (y, m, d)
    } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        (&t[..4], &t[4..6], &t[6..])
    } else {
        let mut it = t.splitn(3, ['-', '/', '.']);
        match (it.next(), it.next(), it.next()) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(bad()),
        }
    };
    let num = |s: &str, max_len: usize| -> Result<u32, DomainError> {
        let s = s.trim();
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    if !(1900..=2100).contains(&y) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| DomainError::ImpossibleDate { value: text.to_string() })
}

/// The product's display form of a date: 2024年8月5日.
pub fn format_date_zh(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// Add whole calendar months, clamping to the month's last day (2024-08-31 + 6 months = 2025-02-28).
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months)).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn accepted_forms_all_mean_the_same_day() {
        for t in ["2024-03-15", "2024/3/15", "2024.03.15", "2024年3月15日", "20240315", " 2024-3-15 "] {
            assert_eq!(parse_date(t), Ok(d(2024, 3, 15)), "{t}");
        }
    }

    #[test]
    fn impossible_dates_are_told_apart_from_unreadable_ones() {
        assert_eq!(parse_date("2024-02-30").unwrap_err().code(), "date.impossible");
        assert_eq!(parse_date("2023年2月29日").unwrap_err().code(), "date.impossible");
        for t in ["昨天", "2024-03", "15/03/2024", "2024-003-15", ""] {
            assert_eq!(parse_date(t).unwrap_err().code(), "date.format", "{t}");
        }
    }

    #[test]
    fn chinese_display_form() {
        assert_eq!(format_date_zh(d(2024, 8, 5)), "2024年8月5日");
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(d(2024, 8, 31), 6), d(2025, 2, 28));
    }
}
