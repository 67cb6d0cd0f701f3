//! An empty Tauri window that reports when its page is drawn: the baseline for the app's cold start.

use std::time::Instant;

struct Started(Instant);

#[tauri::command]
fn ui_ready(app: tauri::AppHandle, started: tauri::State<'_, Started>) {
    eprintln!("ZHUCUN_READY_MS={:.1}", started.0.elapsed().as_secs_f64() * 1000.0);
    if std::env::var_os("ZHUCUN_EXIT_ON_READY").is_some() {
        app.exit(0);
    }
}

fn main() {
    let started = Started(Instant::now());
    if let Err(e) = tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!())
    {
        eprintln!("empty window failed: {e}");
        std::process::exit(1);
    }
}
