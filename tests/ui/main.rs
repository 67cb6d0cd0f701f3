//! The real desktop app, driven through WebDriver: tauri-driver in front of WebKitWebDriver, the app
//! binary built by `make`, a display from Xvfb (`make test` runs this under `xvfb-run`). Each test has
//! its own database and XDG folders.

mod driver;
mod attendance;
mod demo;
mod forms;
mod handbook;
mod households;
mod leave;
mod meetings;
mod problems;
mod sync;
mod members;
mod today;
mod visits;
