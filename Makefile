# 驻村工作台: the two commands of the README.
#   make run   installs what is missing, builds, opens the desktop app (demo village on first start)
#   make test  installs what is missing, runs every test
# Everything else here serves those two.

SHELL := /bin/bash
.DEFAULT_GOAL := run

# A persistent target directory outside the clone keeps rebuilds fast; a fresh machine just builds.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/zhucun/target
CARGO ?= cargo
BIN := $(CARGO_TARGET_DIR)/debug
ZHUCUN_DB ?= $(HOME)/.local/share/zhucun/zhucun.db
TAURI_DRIVER := $(HOME)/.cargo/bin/tauri-driver

APT_PACKAGES := build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev librsvg2-dev \
	xvfb xauth webkit2gtk-driver fonts-noto-cjk libreoffice-calc-nogui poppler-utils

.PHONY: run test deps apt-deps ui-deps ui build tauri-driver bindings bench fuzz server clean

## System packages: installed when root, else the exact command is printed.
apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "安装系统软件包：$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "缺少系统软件包。请先运行："; echo "  sudo apt-get install -y $$missing"; exit 1; \
		fi; \
	fi
	@command -v cargo >/dev/null || { echo "没有找到 Rust（cargo）。请按 https://rustup.rs 安装后重试。"; exit 1; }
	@command -v npm >/dev/null || { echo "没有找到 Node.js（npm）。请运行：sudo apt-get install -y nodejs npm"; exit 1; }

## UI dependencies, reinstalled when the lock file changes.
ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error
ui-deps: ui/node_modules/.package-lock.json

# The UI is rebuilt only when its sources change (the app embeds ui/dist, so this also spares a relink).
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/tsconfig.json ui/package.json
ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build --silent
ui: ui/dist/index.html

## The CLI and the desktop app (the app embeds ui/dist, so the UI is built first).
build: apt-deps ui
	$(CARGO) build --workspace --bins --exclude zhucun-bench --exclude zhucun-empty-window

tauri-driver:
	@[ -x "$(TAURI_DRIVER)" ] || $(CARGO) install tauri-driver --locked --root "$(HOME)/.cargo"

run: build
	@if [ ! -s "$(ZHUCUN_DB)" ]; then echo "首次启动：载入演示村"; "$(BIN)/zhucun" --db "$(ZHUCUN_DB)" demo >/dev/null; fi
	"$(BIN)/zhucun-app" --db "$(ZHUCUN_DB)"

test: build tauri-driver
	cd ui && npm test --silent
	xvfb-run -a -s "-screen 0 1400x900x24" $(CARGO) test --workspace --exclude zhucun-bench --exclude zhucun-empty-window

## Regenerate ui/src/ipc/bindings.ts after changing a type that crosses IPC.
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p zhucun-core --test bindings

## Benchmarks (figures go to docs/benchmarks.md).
bench: build tauri-driver
	$(CARGO) build -p zhucun-empty-window
	xvfb-run -a -s "-screen 0 1400x900x24" $(CARGO) run --release -p zhucun-bench -- --out docs/benchmarks.md --bin-dir "$(BIN)"

## The county server on this machine (database: $(HOME)/.local/share/zhucun/county.db).
server: build
	"$(BIN)/zhucun-server" serve

## Fuzz the bundle reader and the roster readers for FUZZ_SECONDS each (cargo fuzz; crashers land in
## fuzz/artifacts/<target>/: copy them to fuzz/regressions/<target>/, where every `make test` replays them).
FUZZ_SECONDS ?= 300
FUZZ_ENV := CARGO_TARGET_DIR=$(HOME)/.cache/zhucun/fuzz-target RUSTC_BOOTSTRAP=1
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd fuzz && $(FUZZ_ENV) $(CARGO) fuzz run bundle_reader corpus/bundle_reader -- \
		-max_total_time=$(FUZZ_SECONDS) -max_len=8192 -rss_limit_mb=2048
	mkdir -p $(HOME)/.cache/zhucun/fuzz-corpus/roster_reader
	cd fuzz && $(FUZZ_ENV) $(CARGO) fuzz run roster_reader $(HOME)/.cache/zhucun/fuzz-corpus/roster_reader corpus/roster_reader -- \
		-max_total_time=$(FUZZ_SECONDS) -max_len=32768 -rss_limit_mb=2048

clean:
	rm -rf ui/dist ui/node_modules
