//! The rules' parameters and the holiday calendar: what `zhucun param|holiday` and the 设置 page call.

use crate::error::{refused, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use zhucun_domain::calendar::{builtin, Calendar, CalendarDay, DayKind};
use zhucun_domain::params::param_def;
use zhucun_store::worklog::{self as wl, ParamRow};
use zhucun_store::Store;

pub fn params(store: &Store) -> Result<Vec<ParamRow>> {
    Ok(wl::params_list(store.read())?)
}

/// Set a parameter. The value must be a number ≥ 0 (0 or 1 for switches).
pub fn set_param(store: &mut Store, key: &str, value: &str, source: Option<&str>) -> Result<ParamRow> {
    let def = param_def(key).ok_or_else(|| {
        let keys: Vec<&str> = zhucun_domain::params::PARAMS.iter().map(|p| p.key).collect();
        refused("param.unknown", format!("没有参数“{key}”。可设置的参数：{}。", keys.join("、")))
    })?;
    let v: f64 = value.trim().parse().map_err(|_| refused("param.value", format!("参数{}（{}）的值应为数字，收到的是“{value}”。", def.key, def.label)))?;
    let whole = v.fract() == 0.0;
    let half_steps = (v * 2.0).fract() == 0.0;
    if !v.is_finite() || v < 0.0 || v > def.max || (def.integer && !whole) || !half_steps {
        let allowed = if def.unit == "0/1" {
            "0 或 1".to_string()
        } else if def.integer {
            format!("0 到 {} 之间的整数", def.max)
        } else {
            format!("0 到 {} 之间的数（可以有半天，如 1.5）", def.max)
        };
        return Err(refused("param.value", format!("参数{}（{}）的值应为{allowed}，收到的是“{value}”。", def.key, def.label)));
    }
    let text = if v.fract() == 0.0 { format!("{}", v as i64) } else { v.to_string() };
    let source = source.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("本机设置");
    let mut w = store.write()?;
    wl::set_param(&mut w, key, &text, source)?;
    w.commit()?;
    wl::params_list(store.read())?.into_iter().find(|p| p.key == key).ok_or_else(|| refused("param.lost", "参数保存后未能读回。"))
}

/// A special day of the calendar as the 设置 page lists it.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct HolidayRow {
    pub date: NaiveDate,
    /// 休 / 班 / 常 (常: a built-in day cancelled).
    pub kind: String,
    pub name: String,
    /// In the built-in calendar.
    pub builtin: bool,
    /// Differs from the built-in calendar.
    pub edited: bool,
}

/// The year's special days: the effective ones, and the cancelled built-in ones (kind 常).
pub fn holidays(store: &Store, year: i32) -> Result<Vec<HolidayRow>> {
    let overrides = wl::holiday_overrides(store.read())?;
    let base: Vec<CalendarDay> = builtin().into_iter().filter(|d| d.date.year() == year).collect();
    let effective = Calendar::new(&overrides).year(year);
    let mut out: Vec<HolidayRow> = effective
        .into_iter()
        .map(|d| {
            let b = base.iter().find(|x| x.date == d.date);
            HolidayRow { builtin: b.is_some(), edited: b.is_none_or(|b| b.kind != d.kind || b.name != d.name), date: d.date, kind: d.kind.label().into(), name: d.name }
        })
        .collect();
    for b in &base {
        if !out.iter().any(|r| r.date == b.date) {
            out.push(HolidayRow { date: b.date, kind: DayKind::Ordinary.label().into(), name: b.name.clone(), builtin: true, edited: true });
        }
    }
    out.sort_by_key(|r| r.date);
    Ok(out)
}

/// Mark a day as holiday (休), make-up working day (班) or ordinary (常); `restore` puts the built-in
/// entry back (for a day the built-in calendar does not have: ordinary).
pub fn set_holiday(store: &mut Store, date: NaiveDate, kind: &str, name: &str) -> Result<()> {
    let kind = DayKind::parse(kind)?;
    if kind != DayKind::Ordinary && name.trim().is_empty() {
        return Err(refused("holiday.name", "请写明节日名称（如“国庆节”）。"));
    }
    let mut w = store.write()?;
    wl::set_holiday(&mut w, &CalendarDay { date, kind, name: name.trim().to_string() })?;
    w.commit()?;
    Ok(())
}

pub fn restore_holiday(store: &mut Store, date: NaiveDate) -> Result<()> {
    let day = builtin().into_iter().find(|d| d.date == date).unwrap_or(CalendarDay { date, kind: DayKind::Ordinary, name: String::new() });
    let mut w = store.write()?;
    wl::set_holiday(&mut w, &day)?;
    w.commit()?;
    Ok(())
}
