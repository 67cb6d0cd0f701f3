//! `zhucun-bench`: the performance goals of 驻村工作台, each measured against a baseline in the same run,
//! written to `docs/benchmarks.md`.
//!
//! - Roster import of a 100,000-household CSV vs plain prepared inserts of the same rows (goal ≥ 0.5 of
//!   the plain rate), and re-importing the same file.
//! - The same roster as .xlsx vs merely reading the sheet with calamine (goal ≤ 1.5× the read time).
//! - Sync: importing a 200,000-change bundle vs plain inserts of the same rows (goal ≥ 0.5), re-importing
//!   it (goal ≥ 2×), its size vs the zstd-compressed CSV of the same records (goal ≤ 1.2×), and 200
//!   laptops uploading to the real server at once (goal: no error).
//! - The rule engine over a whole county's year (215 teams, 650 members, ~238,000 logs) vs one SQL
//!   `GROUP BY` counting the same logs (goal: under a second).
//! - The 农户 page of a 1,000-household village: time from a filter change to the updated table in the
//!   real app (goal < 100 ms), through WebDriver.
//! - Cold start of the app to its first drawn page vs an empty Tauri window built the same way (goal ≤
//!   1.5×).
//!
//! Run with `make bench` (release build for the import figures; the app binaries as `make` builds them).

// Imports make millions of small strings; mimalloc is several times faster than glibc malloc at that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod handbook;
mod imports;
mod rules;
mod sync;
mod ui;
mod visits;

use anyhow::Result;
use std::path::PathBuf;

pub struct Args {
    pub out: PathBuf,
    pub households: usize,
    pub runs: usize,
    pub skip_ui: bool,
    pub bin_dir: PathBuf,
    /// Run one section only (`imports`, `sync` or `ui`), printing it without writing the file.
    pub only: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        out: PathBuf::from("docs/benchmarks.md"),
        households: 100_000,
        runs: 3,
        skip_ui: false,
        only: None,
        bin_dir: std::env::var_os("ZHUCUN_BIN_DIR").map(PathBuf::from).unwrap_or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target"));
            target.join("debug")
        }),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| anyhow::anyhow!("{a} needs a value"));
        match a.as_str() {
            "--out" => args.out = PathBuf::from(value()?),
            "--households" => args.households = value()?.parse()?,
            "--runs" => args.runs = value()?.parse()?,
            "--bin-dir" => args.bin_dir = PathBuf::from(value()?),
            "--skip-ui" => args.skip_ui = true,
            "--only" => args.only = Some(value()?),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    Ok(args)
}

/// The median of some durations in seconds.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let machine = format!(
        "{} cores, {}, {}",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|c| c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())).unwrap_or_default(),
        if cfg!(debug_assertions) { "debug build" } else { "release build" }
    );
    let mut md = String::new();
    md.push_str("# Benchmarks\n\n");
    md.push_str(&format!(
        "Measured by `make bench` (`zhucun-bench`) on {}, {machine}. Every figure is compared with a baseline \
         measured in the same run; each timing is the median of {} runs unless said otherwise. Regenerate this \
         file with `make bench`.\n\n",
        chrono::Local::now().format("%Y-%m-%d"),
        args.runs
    ));
    if let Some(only) = &args.only {
        let section = match only.as_str() {
            "imports" => imports::run(&args)?,
            "sync" => sync::run(&args)?,
            "rules" => rules::run(&args)?,
            "visits" => visits::run(&args)?,
            "handbook" => handbook::run(&args)?,
            "ui" => ui::run(&args)?,
            other => anyhow::bail!("unknown section {other}"),
        };
        println!("{section}");
        return Ok(());
    }
    md.push_str(&imports::run(&args)?);
    md.push_str(&sync::run(&args)?);
    md.push_str(&rules::run(&args)?);
    md.push_str(&visits::run(&args)?);
    md.push_str(&handbook::run(&args)?);
    if args.skip_ui {
        md.push_str("\n(UI benchmarks skipped with --skip-ui.)\n");
    } else {
        md.push_str(&ui::run(&args)?);
    }
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &md)?;
    println!("{md}");
    Ok(())
}
