//! Entry points for the fuzzer (`fuzz/`) and its regression test: every reader of untrusted bytes,
//! with fixed keys. Nothing here may panic; everything must end in `Ok` or a refusal.

use crate::bundle;
use crate::ops;

/// A fixed test identity (never used outside fuzzing and tests).
const FUZZ_AGE: &str = "AGE-SECRET-KEY-1ZWN20SF5J745JV30W99UYLNWJF9QSUH6ED5FVSWM73Y3C0NG656SHL09GU";

/// Feed `data` to every reader: the file layer, the decrypted layer, the body decoder and the
/// enrollment file reader.
pub fn read_any(data: &[u8]) {
    let keys = bundle::Keys::from_parts(&[9u8; 32], FUZZ_AGE).expect("fixed fuzz keys");
    let _ = bundle::decrypt(data, &keys.age);
    if let Ok(opened) = bundle::parse_plain(data) {
        let _ = opened.verify(&keys.public().sign);
        let _ = opened.verify(&[0u8; 32]);
    }
    let _ = bundle::decode_body(data);
    let _ = ops::read_enrollment(data);
}
