//! The UI's TypeScript types are generated from the Rust types and committed; this test fails when they
//! drift. `UPDATE_BINDINGS=1 cargo test -p zhucun-core --test bindings` rewrites the file.

use std::path::PathBuf;

#[test]
fn ui_bindings_match_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/ipc/bindings.ts");
    let want = zhucun_core::ipc::typescript_bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "ui/src/ipc/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p zhucun-core --test bindings` and commit it");
}
