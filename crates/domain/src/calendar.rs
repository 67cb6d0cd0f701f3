//! The statutory holiday calendar (法定节假日 and 调休上班日). The State Council publishes it each year;
//! 2024–2026 are built in and a county can edit any day (an override wins over the built-in entry).

use chrono::{Datelike, NaiveDate, Weekday};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

crate::choice!(
    /// What a day is in the calendar.
    DayKind {
        /// A statutory holiday (放假).
        Holiday = "休" | "放假" | "节假日",
        /// A weekend day that is a working day (调休上班).
        Makeup = "班" | "上班" | "调休上班",
        /// An ordinary day: used to cancel a built-in entry.
        Ordinary = "常" | "普通" | "正常",
    }
);

/// One day of the calendar as stored and shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// 国庆节, 春节, …
    pub name: String,
}

/// (first day, last day, name) of each holiday, and the make-up working days, by year. Source: the State
/// Council General Office's notices on the holiday arrangements for 2024 (国办发明电〔2023〕7号), 2025
/// (国办发明电〔2024〕12号) and 2026 (国办发明电〔2025〕7号).
const HOLIDAYS: &[(&str, &str, &str)] = &[
    ("2024-01-01", "2024-01-01", "元旦"),
    ("2024-02-10", "2024-02-17", "春节"),
    ("2024-04-04", "2024-04-06", "清明节"),
    ("2024-05-01", "2024-05-05", "劳动节"),
    ("2024-06-10", "2024-06-10", "端午节"),
    ("2024-09-15", "2024-09-17", "中秋节"),
    ("2024-10-01", "2024-10-07", "国庆节"),
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
];

const MAKEUP_DAYS: &[(&str, &str)] = &[
    ("2024-02-04", "春节"),
    ("2024-02-18", "春节"),
    ("2024-04-07", "清明节"),
    ("2024-04-28", "劳动节"),
    ("2024-05-11", "劳动节"),
    ("2024-09-14", "中秋节"),
    ("2024-09-29", "国庆节"),
    ("2024-10-12", "国庆节"),
    ("2025-01-26", "春节"),
    ("2025-02-08", "春节"),
    ("2025-04-27", "劳动节"),
    ("2025-09-28", "国庆节、中秋节"),
    ("2025-10-11", "国庆节、中秋节"),
    ("2026-01-04", "元旦"),
    ("2026-02-14", "春节"),
    ("2026-02-28", "春节"),
    ("2026-05-09", "劳动节"),
    ("2026-09-20", "国庆节"),
    ("2026-10-10", "国庆节"),
];

/// The years the built-in calendar covers.
pub const BUILTIN_YEARS: std::ops::RangeInclusive<i32> = 2024..=2026;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("built-in calendar dates are valid")
}

/// The built-in calendar, day by day.
pub fn builtin() -> Vec<CalendarDay> {
    let mut out = Vec::new();
    for (from, to, name) in HOLIDAYS {
        let (from, to) = (day(from), day(to));
        for d in from.iter_days().take_while(|d| *d <= to) {
            out.push(CalendarDay { date: d, kind: DayKind::Holiday, name: (*name).to_string() });
        }
    }
    for (d, name) in MAKEUP_DAYS {
        out.push(CalendarDay { date: day(d), kind: DayKind::Makeup, name: format!("{name}调休上班") });
    }
    out.sort_by_key(|d| d.date);
    out
}

/// The effective calendar: built-in days with the county's overrides applied.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    days: FxHashMap<NaiveDate, (DayKind, String)>,
    /// Years with an arrangement: the built-in ones and any the county edited.
    years: Vec<i32>,
}

impl Calendar {
    /// The built-in calendar, then each override (an `Ordinary` override removes a built-in day).
    pub fn new(overrides: &[CalendarDay]) -> Calendar {
        let mut days: FxHashMap<NaiveDate, (DayKind, String)> = builtin().into_iter().map(|d| (d.date, (d.kind, d.name))).collect();
        let mut years: Vec<i32> = BUILTIN_YEARS.collect();
        for o in overrides {
            if !years.contains(&o.date.year()) {
                years.push(o.date.year());
            }
            match o.kind {
                DayKind::Ordinary => {
                    days.remove(&o.date);
                }
                k => {
                    days.insert(o.date, (k, o.name.clone()));
                }
            }
        }
        Calendar { days, years }
    }

    /// Whether the calendar has the year's arrangement (built in, or set by the county). A year without
    /// one counts no holiday, and the explanations say so.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The calendar with no holidays at all (tests of the plain weekly rule).
    pub fn empty() -> Calendar {
        Calendar::default()
    }

    pub fn kind(&self, d: NaiveDate) -> Option<(DayKind, &str)> {
        self.days.get(&d).map(|(k, n)| (*k, n.as_str()))
    }

    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        matches!(self.days.get(&d), Some((DayKind::Holiday, _)))
    }

    pub fn is_makeup(&self, d: NaiveDate) -> bool {
        matches!(self.days.get(&d), Some((DayKind::Makeup, _)))
    }

    /// A working day: Monday–Friday that is not a holiday, or a make-up day.
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        match self.days.get(&d) {
            Some((DayKind::Holiday, _)) => false,
            Some((DayKind::Makeup, _)) => true,
            _ => is_weekday(d),
        }
    }

    /// The effective special days of a year, in date order.
    pub fn year(&self, year: i32) -> Vec<CalendarDay> {
        let mut out: Vec<CalendarDay> = self
            .days
            .iter()
            .filter(|(d, _)| d.year() == year)
            .map(|(d, (k, n))| CalendarDay { date: *d, kind: *k, name: n.clone() })
            .collect();
        out.sort_by_key(|d| d.date);
        out
    }
}

/// Monday to Friday.
pub fn is_weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_years_have_their_holidays_and_makeup_days() {
        let c = Calendar::new(&[]);
        for year in BUILTIN_YEARS {
            let days = c.year(year);
            let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).count();
            assert!((27..=33).contains(&holidays), "{year}: {holidays} holiday days");
            assert!(days.iter().any(|d| d.kind == DayKind::Makeup), "{year}");
        }
        // Every make-up day is a weekend day; no day is listed twice (a holiday and a make-up day).
        let all = builtin();
        for (i, d) in all.iter().enumerate() {
            if d.kind == DayKind::Makeup {
                assert!(!is_weekday(d.date), "{} is a make-up day on a weekday", d.date);
            }
            assert!(all[i + 1..].iter().all(|e| e.date != d.date), "{} is listed twice", d.date);
        }
        assert!(c.covers(2026) && !c.covers(2027));
        assert!(c.is_holiday(day("2024-10-01")));
        assert!(c.is_workday(day("2024-09-14")), "a make-up Saturday is a working day");
        assert!(!c.is_workday(day("2024-09-16")), "中秋 Monday is a holiday");
        assert!(!c.is_workday(day("2024-09-21")), "an ordinary Saturday");
    }

    #[test]
    fn overrides_add_change_and_remove_days() {
        let c = Calendar::new(&[
            CalendarDay { date: day("2024-10-07"), kind: DayKind::Ordinary, name: String::new() },
            CalendarDay { date: day("2027-01-01"), kind: DayKind::Holiday, name: "元旦".into() },
        ]);
        assert!(!c.is_holiday(day("2024-10-07")));
        assert!(c.is_holiday(day("2027-01-01")));
        assert_eq!(c.year(2027).len(), 1);
        assert!(c.covers(2027), "a year the county edited is covered");
    }
}
