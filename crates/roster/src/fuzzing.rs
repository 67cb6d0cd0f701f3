//! Entry point for the fuzzer (`fuzz/fuzz_targets/roster_reader.rs`) and its regression test: the
//! roster readers on arbitrary bytes (the format chosen by the first bytes, as for a file, and the
//! same bytes as CSV text), then the domain's roster check on whatever sheet came out. Nothing here
//! may panic or take memory beyond the readers' limits; everything ends in a sheet or a refusal.

/// Feed `data` to every roster reader and check the sheet it gives.
pub fn read_any(data: &[u8]) {
    let today = chrono::NaiveDate::from_ymd_opt(2024, 9, 15).unwrap_or_default();
    if let Ok((sheet, _)) = crate::read_bytes(data, "fuzz") {
        let _ = zhucun_domain::roster::check_sheet(&sheet, today);
    }
    if let Ok((sheet, _)) = crate::csv_read::read(std::io::Cursor::new(data)) {
        let _ = zhucun_domain::roster::check_sheet(&sheet, today);
    }
}
