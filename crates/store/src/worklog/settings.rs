//! The rules' parameters and the county's edits of the holiday calendar.

use crate::error::Result;
use crate::writer::{text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use zhucun_domain::calendar::{CalendarDay, DayKind};
use zhucun_domain::params::PARAMS;
use zhucun_domain::rules::RuleParams;

/// A parameter as the 设置 page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ParamRow {
    pub key: String,
    pub value: String,
    pub default: String,
    pub unit: String,
    pub label: String,
    pub source: String,
    /// The stored value differs from the default.
    pub changed: bool,
    /// For a list parameter (`leave.kinds`), every item its value may hold, in the domain's order;
    /// empty for a number.
    pub choices: Vec<String>,
}

pub fn params_list(conn: &Connection) -> Result<Vec<ParamRow>> {
    let stored = stored_params(conn)?;
    Ok(PARAMS
        .iter()
        .map(|p| {
            let (value, source) = match stored.get(p.key) {
                Some((v, s)) => (v.clone(), s.clone().unwrap_or_else(|| p.source.to_string())),
                None => (p.default.to_string(), p.source.to_string()),
            };
            ParamRow {
                key: p.key.into(),
                changed: value != p.default,
                value,
                default: p.default.into(),
                unit: p.unit.into(),
                label: p.label.into(),
                source,
                choices: p.choices().unwrap_or_default().into_iter().map(String::from).collect(),
            }
        })
        .collect())
}

fn stored_params(conn: &Connection) -> Result<std::collections::HashMap<String, (String, Option<String>)>> {
    let mut stmt = conn.prepare_cached("SELECT key, value, source FROM parameter")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Store a parameter's value (the caller has checked the key and the value), with where it comes from.
pub fn set_param(w: &mut Writer, key: &str, value: &str, source: &str) -> Result<()> {
    w.upsert(Table::Parameter, key, &[("value", text(value)), ("source", text(source))])
}

pub fn rule_params(conn: &Connection) -> Result<RuleParams> {
    let stored = stored_params(conn)?;
    Ok(RuleParams::resolve(|k| stored.get(k).map(|(v, _)| v.clone())))
}

/// The county's edits of the built-in holiday calendar.
pub fn holiday_overrides(conn: &Connection) -> Result<Vec<CalendarDay>> {
    let mut stmt = conn.prepare_cached("SELECT date, kind, name FROM holiday ORDER BY date")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (d, kind, name) = row?;
        // A kind this app does not know (a newer app's) is skipped, not fatal.
        if let (Ok(date), Ok(kind)) = (NaiveDate::parse_from_str(&d, "%Y-%m-%d"), DayKind::parse(&kind)) {
            out.push(CalendarDay { date, kind, name });
        }
    }
    Ok(out)
}

pub fn set_holiday(w: &mut Writer, day: &CalendarDay) -> Result<()> {
    w.upsert(Table::Holiday, &day.date.to_string(), &[("kind", text(day.kind.label())), ("name", text(day.name.clone()))])
}
