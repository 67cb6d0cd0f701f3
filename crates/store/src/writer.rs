//! The write path. Every edit goes through a [`Writer`]: one transaction, and in it one change-log row
//! per edited row naming the columns that changed. Nothing else in the code base runs INSERT, UPDATE or
//! DELETE on a synced table, so sync can trust the log to be complete.

use crate::error::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, Transaction};

/// The tables that hold synced data. Column names passed with a table are `&'static str` from code,
/// never from input, so building SQL from them is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Division,
    Cadre,
    Team,
    TeamMember,
    Household,
    Person,
    Pairing,
    Parameter,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::Division => "division",
            Table::Cadre => "cadre",
            Table::Team => "team",
            Table::TeamMember => "team_member",
            Table::Household => "household",
            Table::Person => "person",
            Table::Pairing => "pairing",
            Table::Parameter => "parameter",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Table::Parameter => "key",
            _ => "id",
        }
    }
}

/// One write transaction.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    at: String,
    changes: u64,
    /// INSERT and UPDATE texts by (operation, table, column list), so a bulk import builds each once.
    sql: rustc_hash::FxHashMap<(u8, &'static str, Vec<&'static str>), std::rc::Rc<str>>,
}

impl<'a> Writer<'a> {
    pub(crate) fn begin(conn: &'a mut Connection) -> Result<Writer<'a>> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        Ok(Writer { tx, at, changes: 0, sql: Default::default() })
    }

    /// Reads inside the transaction see its own writes.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// How many rows this transaction has changed so far.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    pub fn insert(&mut self, table: Table, id: &str, fields: &[(&'static str, Value)]) -> Result<()> {
        let cols: Vec<&'static str> = fields.iter().map(|(c, _)| *c).collect();
        let sql = self.sql_text(0, table, cols, |cols| {
            let marks: Vec<String> = (2..=cols.len() + 1).map(|i| format!("?{i}")).collect();
            format!("INSERT INTO {} ({}, {}) VALUES (?1, {})", table.name(), table.key(), cols.join(", "), marks.join(", "))
        });
        let id_value = Value::Text(id.to_string());
        let values = std::iter::once(&id_value).chain(fields.iter().map(|(_, v)| v));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        // An insert sets every column: the log names none.
        self.log(table, id, "insert", &[])
    }

    /// The SQL text for an operation on some columns, built once per transaction.
    fn sql_text(&mut self, op: u8, table: Table, cols: Vec<&'static str>, build: impl FnOnce(&[&'static str]) -> String) -> std::rc::Rc<str> {
        let key = (op, table.name(), cols);
        if let Some(sql) = self.sql.get(&key) {
            return sql.clone();
        }
        let sql: std::rc::Rc<str> = std::rc::Rc::from(build(&key.2));
        self.sql.insert(key, sql.clone());
        sql
    }

    /// Update the given columns only; callers pass just the fields that changed.
    pub fn update(&mut self, table: Table, id: &str, fields: &[(&'static str, Value)]) -> Result<()> {
        if fields.is_empty() {
            return Ok(());
        }
        let cols: Vec<&str> = fields.iter().map(|(c, _)| *c).collect();
        let sets: Vec<String> = cols.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
        let sql = format!("UPDATE {} SET {} WHERE {} = ?1", table.name(), sets.join(", "), table.key());
        let id_value = Value::Text(id.to_string());
        let values = std::iter::once(&id_value).chain(fields.iter().map(|(_, v)| v));
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        self.log(table, id, "update", &cols)
    }

    pub fn delete(&mut self, table: Table, id: &str) -> Result<()> {
        let sql = format!("DELETE FROM {} WHERE {} = ?1", table.name(), table.key());
        self.tx.prepare_cached(&sql)?.execute([id])?;
        self.log(table, id, "delete", &[])
    }

    fn log(&mut self, table: Table, id: &str, op: &str, cols: &[&str]) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO change_log (at, tbl, row_id, op, cols) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(rusqlite::params![self.at, table.name(), id, op, cols.join(",")])?;
        self.changes += 1;
        Ok(())
    }

    /// A row outside the synced tables (import history): written in the same transaction, not logged.
    pub fn record_import(&mut self, id: &str, file_name: &str, summary: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO roster_import (id, at, file_name, summary) VALUES (?1, ?2, ?3, ?4)")?
            .execute(rusqlite::params![id, self.at, file_name, summary])?;
        Ok(())
    }

    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }

    /// Throw the transaction away (dry runs); dropping does the same.
    pub fn rollback(self) -> Result<()> {
        self.tx.rollback()?;
        Ok(())
    }
}

/// Helpers to turn domain values into SQLite values.
pub fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub fn opt_text<S: Into<String>>(s: Option<S>) -> Value {
    s.map_or(Value::Null, |s| Value::Text(s.into()))
}

pub fn flag(b: bool) -> Value {
    Value::Integer(i64::from(b))
}
