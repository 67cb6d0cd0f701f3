//! Every stable error code the back end can send over IPC, in one committed list
//! (`ui/src/locales/error-codes.json`) that the UI's spec checks against its Chinese catalogue
//! (`ui/src/locales/error-codes.spec.ts`): a code added in Rust without Chinese text fails there.
//! This test fails when the list drifts from the Rust code;
//! `UPDATE_BINDINGS=1 cargo test -p zhucun-core --test error_codes` rewrites it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The codes the desktop shell makes itself (`ErrorInfo { code: "…", … }` in `src-tauri/src`).
fn shell_codes(root: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let dir = root.join("src-tauri/src");
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices("code: \"") {
            let rest = &text[i + "code: \"".len()..];
            out.insert(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    out
}

fn all_codes(root: &Path) -> Vec<String> {
    let lists: [&[&str]; 6] = [
        zhucun_domain::DomainError::ALL_CODES,
        zhucun_files::FileError::ALL_CODES,
        zhucun_roster::FileError::ALL_CODES,
        zhucun_store::StoreError::ALL_CODES,
        zhucun_sync::SyncError::ALL_CODES,
        zhucun_core::CoreError::ALL_CODES,
    ];
    let mut codes: BTreeSet<String> = lists.iter().flat_map(|l| l.iter().map(|c| c.to_string())).collect();
    let shell = shell_codes(root);
    assert!(shell.contains("app.poisoned"), "the desktop shell's own codes were not found: {shell:?}");
    codes.extend(shell);
    codes.into_iter().collect()
}

#[test]
fn ui_error_code_list_matches_the_rust_codes() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join("ui/src/locales/error-codes.json");
    let codes = all_codes(&root);
    for c in &codes {
        let ok = c.split_once('.').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
            && c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '.' || ch == '_');
        assert!(ok, "not a stable code: {c:?}");
    }
    let want = serde_json::to_string_pretty(&codes).unwrap() + "\n";
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/locales/error-codes.json is out of date: run `UPDATE_BINDINGS=1 cargo test -p zhucun-core --test error_codes`, commit it, and give each new code its Chinese text in ui/src/locales/zh-CN.ts"
    );
}
