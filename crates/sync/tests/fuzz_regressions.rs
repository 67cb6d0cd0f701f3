//! Inputs the fuzzer found (`fuzz/regressions/`) and its seed corpus, run through the same readers on
//! every `make test`: each must be refused or read, never panic.

use std::path::PathBuf;

#[test]
fn fuzz_regressions_and_seeds_never_panic() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut n = 0;
    for dir in ["regressions", "corpus/bundle_reader"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_file() && path.file_name().is_some_and(|n| n != ".gitkeep") {
                let data = std::fs::read(&path).unwrap();
                zhucun_sync::fuzzing::read_any(&data);
                n += 1;
            }
        }
    }
    assert!(n >= 7, "the seven seeds (the golden bundles) are there ({n} files)");
    // And some shapes by hand: empty, a frame claiming more than it has, a plaintext claiming a huge header.
    for data in [&b""[..], b"ZHCB", b"ZHCB\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff", b"ZHUCUNB\n\x01\x00\x01\x00\xff\xff\xff\xff"] {
        zhucun_sync::fuzzing::read_any(data);
    }
}
