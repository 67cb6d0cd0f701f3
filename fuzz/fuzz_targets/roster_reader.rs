//! The roster readers on arbitrary bytes: CSV in any encoding, .xlsx (a zip of XML parts, measured
//! before calamine sees it) and .xls (our BIFF8 reader over the cfb crate), chosen by the first bytes
//! as for a file, then the domain's roster check on the sheet. They must never panic or abort, only
//! read or refuse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhucun_roster::fuzzing::read_any;

fuzz_target!(|data: &[u8]| {
    read_any(data);
});
