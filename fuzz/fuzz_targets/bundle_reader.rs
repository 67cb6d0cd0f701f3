//! The bundle reader on arbitrary bytes: the clear frame and decryption (with a fixed county key), and
//! the decrypted layer (magic, reader version, header, signature, body) which an attacker who knows
//! the county's public key can fill with anything. It must never panic, only refuse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhucun_sync::fuzzing::read_any;

fuzz_target!(|data: &[u8]| {
    read_any(data);
});
