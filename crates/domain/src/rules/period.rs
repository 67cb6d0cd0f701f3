//! Periods a rule is checked over, written as the findings write them: `2024-09`, `2024-W38`, `2024-Q3`,
//! `2024-H2`, `2024`.

use crate::error::DomainError;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Period {
    Month { year: i32, month: u32 },
    /// ISO week.
    Week { year: i32, week: u32 },
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, half: u32 },
    Year { year: i32 },
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, DomainError> {
        let t = text.trim();
        let bad = || DomainError::Period { value: text.to_string() };
        let (y, rest) = match t.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (t, None),
        };
        let year: i32 = y.parse().map_err(|_| bad())?;
        if !(1900..=2100).contains(&year) || y.len() != 4 {
            return Err(bad());
        }
        let num = |s: &str, max: u32| -> Result<u32, DomainError> {
            let n: u32 = s.parse().map_err(|_| bad())?;
            if n == 0 || n > max || s.len() > 2 {
                return Err(bad());
            }
            Ok(n)
        };
        let p = match rest {
            None => Period::Year { year },
            Some(r) => match r.as_bytes().first() {
                Some(b'W') | Some(b'w') => {
                    let week = num(&r[1..], 53)?;
                    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(bad)?;
                    Period::Week { year, week }
                }
                Some(b'Q') | Some(b'q') => Period::Quarter { year, quarter: num(&r[1..], 4)? },
                Some(b'H') | Some(b'h') => Period::Half { year, half: num(&r[1..], 2)? },
                _ => Period::Month { year, month: num(r, 12)? },
            },
        };
        Ok(p)
    }

    pub fn month(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }

    /// The ISO week containing `d`.
    pub fn week_of(d: NaiveDate) -> Period {
        let w = d.iso_week();
        Period::Week { year: w.year(), week: w.week() }
    }

    pub fn half_of(d: NaiveDate) -> Period {
        Period::Half { year: d.year(), half: if d.month() <= 6 { 1 } else { 2 } }
    }

    /// First and last day.
    pub fn range(self) -> (NaiveDate, NaiveDate) {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid period date");
        let month_end = |y: i32, m: u32| {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            ymd(ny, nm, 1).pred_opt().expect("a day before")
        };
        match self {
            Period::Month { year, month } => (ymd(year, month, 1), month_end(year, month)),
            Period::Week { year, week } => {
                let mon = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).expect("checked on parse");
                (mon, mon + Days::new(6))
            }
            Period::Quarter { year, quarter } => (ymd(year, quarter * 3 - 2, 1), month_end(year, quarter * 3)),
            Period::Half { year, half } => (ymd(year, half * 6 - 5, 1), month_end(year, half * 6)),
            Period::Year { year } => (ymd(year, 1, 1), ymd(year, 12, 31)),
        }
    }

    pub fn days(self) -> u32 {
        let (a, b) = self.range();
        (b - a).num_days() as u32 + 1
    }

    pub fn contains(self, d: NaiveDate) -> bool {
        let (a, b) = self.range();
        a <= d && d <= b
    }

    /// The ISO weeks whose Monday falls in this period.
    pub fn weeks_starting_in(self) -> Vec<Period> {
        let (a, b) = self.range();
        let mut mon = a;
        while mon.weekday() != Weekday::Mon {
            mon = mon.succ_opt().expect("a next day");
        }
        let mut out = Vec::new();
        while mon <= b {
            out.push(Period::week_of(mon));
            mon = mon + Days::new(7);
        }
        out
    }

    /// How people read it: 2024年9月, 2024年第38周（9月16日—9月22日）, 2024年第三季度, 2024年下半年, 2024年.
    pub fn label_zh(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}年{month}月"),
            Period::Week { year, week } => {
                let (a, b) = self.range();
                format!("{year}年第{week}周（{}月{}日—{}月{}日）", a.month(), a.day(), b.month(), b.day())
            }
            Period::Quarter { year, quarter } => format!("{year}年第{}季度", ["一", "二", "三", "四"][quarter as usize - 1]),
            Period::Half { year, half } => format!("{year}年{}", if half == 1 { "上半年" } else { "下半年" }),
            Period::Year { year } => format!("{year}年"),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
            Period::Week { year, week } => write!(f, "{year}-W{week:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year}-H{half}"),
            Period::Year { year } => write!(f, "{year}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_parse_print_and_span() {
        let cases = [
            ("2024-09", "2024-09", "2024-09-01", "2024-09-30"),
            ("2024-2", "2024-02", "2024-02-01", "2024-02-29"),
            ("2024-W38", "2024-W38", "2024-09-16", "2024-09-22"),
            ("2025-W01", "2025-W01", "2024-12-30", "2025-01-05"),
            ("2024-Q3", "2024-Q3", "2024-07-01", "2024-09-30"),
            ("2024-H2", "2024-H2", "2024-07-01", "2024-12-31"),
            ("2024", "2024", "2024-01-01", "2024-12-31"),
        ];
        for (text, shown, from, to) in cases {
            let p = Period::parse(text).unwrap();
            assert_eq!(p.to_string(), shown, "{text}");
            assert_eq!(p.range(), (d(from), d(to)), "{text}");
        }
        for bad in ["2024-13", "2024-W54", "2023-W53", "24-09", "2024-Q5", "2024-H3", "九月", "2024-00", ""] {
            assert_eq!(Period::parse(bad).unwrap_err().code(), "period.format", "{bad}");
        }
    }

    #[test]
    fn weeks_whose_monday_is_in_the_month() {
        let weeks: Vec<String> = Period::parse("2024-09").unwrap().weeks_starting_in().iter().map(|w| w.to_string()).collect();
        assert_eq!(weeks, ["2024-W36", "2024-W37", "2024-W38", "2024-W39", "2024-W40"]);
        // 2024-12-30 is the Monday of 2025-W01.
        let weeks: Vec<String> = Period::parse("2024-12").unwrap().weeks_starting_in().iter().map(|w| w.to_string()).collect();
        assert_eq!(weeks.last().unwrap(), "2025-W01");
        assert_eq!(Period::parse("2024-W38").unwrap().label_zh(), "2024年第38周（9月16日—9月22日）");
    }
}
