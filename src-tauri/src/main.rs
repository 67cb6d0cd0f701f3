// The desktop app: all of it lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    zhucun_app_lib::run();
}
