#!/usr/bin/env bash
# Vigie's one entry point.
#
#   ./build.sh            build dist/chrome and dist/firefox (+ zips)
#   ./build.sh test       every test: cargo, wasm in Chromium, shell, end-to-end (Chromium, Firefox), web-ext lint
#   ./build.sh demo       Chromium with Vigie on the LinkedIn-like fixture site, one act per scraping
#                         technique (contact query without a click and its upload, connections
#                         crawl, response interception, lead export), then on a shop's checkout
#                         (what is typed, sent before submit by its tags), the HAR audit page:
#                         prints what left the browser and the findings, writes
#                         out/demo/popup*.png  (--headed for a window)
#   ./build.sh bench      engine throughput on synthetic event streams; in Chromium, the request
#                         scan (LeakMatcher in wasm vs a JavaScript matcher) and the page-load
#                         overhead (Vigie / no extension / an empty extension, median of 60 rounds in 30 sessions;
#                         then the feed again as a first visit, caches off; then inside one browser,
#                         the extensions turned on in turn)
#
# On a fresh Debian machine it installs what is missing (and says so); when
# everything is present it goes straight to work.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$PATH"

# ---- set-up --------------------------------------------------------------

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
  if [ -z "$APT_UPDATED" ]; then $sudo apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

bindgen_version() {
  # The exact wasm-bindgen version in Cargo.lock: the CLI must match it.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock
}

ensure_rust() {
  have cargo || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want; want=$(bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (several minutes, once)"
    # --locked pins the CLI's own dependencies; when the registry no longer
    # serves one of them, fall back to the newest compatible ones.
    cargo install --locked wasm-bindgen-cli --version "$want" || cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node() {
  have node || apt_install nodejs npm
  # esbuild bundles the content scripts (extension/build.mjs); its native
  # binary comes as an npm optional dependency.
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/binaryen ] || [ ! -d node_modules/esbuild ] ||
    [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing node modules (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_build_tools() {
  ensure_rust
  ensure_node
  have zip || apt_install zip
  have openssl || apt_install openssl
}

ensure_browser() {
  apt_install chromium chromium-driver
}

ensure_wasm_pack() {
  if ! have wasm-pack; then
    say "installing wasm-pack (several minutes, once)"
    cargo install --locked wasm-pack || cargo install wasm-pack
  fi
}

# ---- build ---------------------------------------------------------------

VERSION=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
WASM_OUT=target/wasm-web
WASM_OPT_FLAGS="--flatten --rereloop -Oz -Oz --converge --low-memory-unused"
# What an optimised wasm was made from: the raw wasm and the flags.
built_from() { echo "$(sha256sum "$1" | cut -d' ' -f1) $WASM_OPT_FLAGS"; }

# bindgen_and_optimise RAW OUT NAME: wasm-bindgen's web output of RAW in
# OUT as NAME.js and NAME_bg.wasm, optimised; again only when RAW or the
# flags changed (OUT/.built-from).
bindgen_and_optimise() {
  local raw=$1 out=$2 name=$3
  local stamp=$out/.built-from
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(built_from "$raw")" ]; then
    return 0
  fi
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name "$name" "$raw"
  # binaryen from npm: Debian's wasm-opt (108) predates the reference-types
  # instructions that wasm-bindgen now emits and cannot parse its output.
  # --flatten --rereloop: the control flow rebuilt before -Oz, which then
  # finds more to fold (2.4 KB gzip, 16 s more);
  # --converge: the passes again while they still shrink the code (about
  # 1.6 KB gzip, half a minute more); --low-memory-unused: the first KiB of
  # memory holds nothing (Rust puts the stack first, growing down from
  # 1 MiB, and the data after it), so constant offsets can be folded into
  # loads and stores (about 3 KB gzip).
  say "optimising $name with wasm-opt $WASM_OPT_FLAGS"
  node_modules/.bin/wasm-opt $WASM_OPT_FLAGS --enable-bulk-memory --enable-reference-types --enable-multivalue \
    --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
    "$out/${name}_bg.wasm" -o "$out/${name}_bg.opt.wasm"
  mv "$out/${name}_bg.opt.wasm" "$out/${name}_bg.wasm"
  built_from "$raw" >"$stamp"
}

build_wasm() {
  say "building the core for wasm32"
  cargo build --quiet --release --target wasm32-unknown-unknown
  bindgen_and_optimise target/wasm32-unknown-unknown/release/vigie.wasm "$WASM_OUT" vigie
}

wasm_size() {
  local f=$WASM_OUT/vigie_bg.wasm l=$LETTERS_WASM_OUT/vigie_letters_bg.wasm m=$MATCHER_WASM_OUT/vigie_matcher_bg.wasm
  printf 'wasm size: %s bytes raw, %s bytes gzip\n' "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
  printf 'rights page letters wasm size: %s bytes raw, %s bytes gzip\n' "$(stat -c %s "$l")" "$(gzip -9c "$l" | wc -c)"
  printf 'options page matcher wasm size: %s bytes raw, %s bytes gzip\n' "$(stat -c %s "$m")" "$(gzip -9c "$m" | wc -c)"
}

DESTINATIONS_OUT=target/destinations

# The organization and IP-country tables (tools/build-destinations.mjs),
# compiled again only when their inputs change. VIGIE_IPV4_CSV,
# VIGIE_IPV6_CSV and VIGIE_IP_SOURCE, set together, take the IP ranges from
# CSV files of the npm package's shape instead of the package (README,
# "Data Vigie ships").
build_destinations() {
  local stamp=$DESTINATIONS_OUT/.built-from inputs ip_args=()
  if [ -n "${VIGIE_IPV4_CSV:-}${VIGIE_IPV6_CSV:-}${VIGIE_IP_SOURCE:-}" ]; then
    ip_args=(--ipv4-csv "${VIGIE_IPV4_CSV:-}" --ipv6-csv "${VIGIE_IPV6_CSV:-}" --ip-source "${VIGIE_IP_SOURCE:-}")
  fi
  inputs=$({
    cat package-lock.json tools/build-destinations.mjs src/destinations/brands.json src/destinations/trackers.json
    if [ ${#ip_args[@]} -gt 0 ]; then
      printf '%s\n' "${ip_args[@]}"
      cat -- "${VIGIE_IPV4_CSV:-}" "${VIGIE_IPV6_CSV:-}" 2>/dev/null || true
    fi
  } | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ] &&
    [ -f "$DESTINATIONS_OUT/organizations.txt" ] && [ -f "$DESTINATIONS_OUT/ip-country.bin" ]; then
    return 0
  fi
  say "compiling the organization and IP-country tables"
  node tools/build-destinations.mjs --out "$DESTINATIONS_OUT" ${ip_args[@]+"${ip_args[@]}"}
  echo "$inputs" >"$stamp"
}

build() {
  ensure_build_tools
  build_wasm
  build_letters_wasm
  build_matcher_wasm
  build_destinations
  say "packaging the extension"
  node extension/build.mjs --wasm "$WASM_OUT" --letters "$LETTERS_WASM_OUT" --matcher "$MATCHER_WASM_OUT" \
    --data "$DESTINATIONS_OUT" --out dist --version "$VERSION"
  wasm_size
  build_audit_page
}

# ---- the rights page's letters -------------------------------------------
# extension/letters: the core's letter writer in a wasm of its own, which
# only the rights page loads (popup/rights.js); a crate of the workspace,
# like the audit page, so that the background's wasm does not carry it.

LETTERS_WASM_OUT=target/wasm-letters

build_letters_wasm() {
  say "building the rights page's letters (extension/letters)"
  cargo build --quiet --release --target wasm32-unknown-unknown -p vigie-letters
  bindgen_and_optimise target/wasm32-unknown-unknown/release/vigie_letters.wasm "$LETTERS_WASM_OUT" vigie_letters
}

# ---- the options page's matcher -----------------------------------------
# extension/matcher: the core's leak matcher behind the options page's "test
# a URL or body" box, in a wasm of its own (the background's engine runs
# the same pool and decoder, without this boundary).

MATCHER_WASM_OUT=target/wasm-matcher

build_matcher_wasm() {
  say "building the options page's matcher (extension/matcher)"
  cargo build --quiet --release --target wasm32-unknown-unknown -p vigie-matcher
  bindgen_and_optimise target/wasm32-unknown-unknown/release/vigie_matcher.wasm "$MATCHER_WASM_OUT" vigie_matcher
}

# ---- HAR audit page ------------------------------------------------------
# www/audit: the core's HAR reader and detectors in a static page, its UI in
# Rust (web-sys, gloo). A crate of its own in the workspace, built apart so
# that its browser crates never enter the extension's wasm. Output:
# dist/audit (index.html, start.js, the wasm-bindgen loader and the wasm).

AUDIT_WASM_OUT=target/wasm-audit
AUDIT_DIST=dist/audit

build_audit_page() {
  say "building the HAR audit page (www/audit)"
  cargo build --quiet --release --target wasm32-unknown-unknown -p vigie-audit-page
  bindgen_and_optimise target/wasm32-unknown-unknown/release/vigie_audit_page.wasm "$AUDIT_WASM_OUT" vigie_audit_page
  rm -rf "$AUDIT_DIST" && mkdir -p "$AUDIT_DIST"
  cp "$AUDIT_WASM_OUT/vigie_audit_page.js" "$AUDIT_WASM_OUT/vigie_audit_page_bg.wasm" \
    www/audit/index.html www/audit/start.js www/audit/audit.css "$AUDIT_DIST/"
  local f=$AUDIT_DIST/vigie_audit_page_bg.wasm
  printf 'audit page wasm size: %s bytes raw, %s bytes gzip (serve with: node www/audit/serve.mjs)\n' \
    "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
}

# ---- test ----------------------------------------------------------------

run_tests() {
  local started=$SECONDS
  build
  ensure_browser
  ensure_wasm_pack

  # --workspace: the core and the audit page (www/audit) in one build, so
  # that the core is checked and compiled once for both, in the same target
  # directory (the page alone would build the core a second time, without
  # its default features).
  say "cargo fmt and clippy (native and wasm32; the core and the audit page)"
  cargo fmt --all --check
  cargo clippy --quiet --workspace --all-targets -- -D warnings
  cargo clippy --quiet --workspace --lib --target wasm32-unknown-unknown -- -D warnings

  say "cargo test (the core and the audit page)"
  cargo test --quiet --workspace

  say "wasm-pack test --headless --chrome (the engine through the JS boundary)"
  # Only CHROMEDRIVER: with GECKODRIVER also set, the runner picks Firefox.
  env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver \
    wasm-pack --log-level warn test --headless --chrome -- --test wasm

  say "shell syntax"
  find extension tests www tools -name '*.js' -o -name '*.mjs' | grep -v node_modules | xargs -n1 node --check

  say "web-ext lint (dist/firefox)"
  node_modules/.bin/web-ext lint --source-dir dist/firefox --output json --no-config-discovery \
    --self-hosted >target/web-ext-lint.json || true
  node -e '
    const r = JSON.parse(require("fs").readFileSync("target/web-ext-lint.json", "utf8"));
    for (const m of [...r.errors, ...r.warnings]) console.log(`  ${m._type}: ${m.code}: ${m.message}`);
    console.log(`  web-ext lint: ${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.notices} notices`);
    process.exit(r.summary.errors === 0 ? 0 : 1);'

  say "shell unit tests and end-to-end tests (node --test, Chromium)"
  # A test that hangs fails after four minutes instead of holding CI. The
  # runner holds each test file to the same limit as a whole: a file's tests
  # must stay well within it (the SDK tests are split for that). The
  # worker-stop stress session runs on its own, with the time it needs.
  local e2e; e2e=$(find tests/e2e -maxdepth 1 -name '*.test.mjs' ! -name 'worker-stops.test.mjs' | sort)
  # shellcheck disable=SC2086 # one path per word
  node --test --test-concurrency=1 --test-timeout=240000 tests/js/ $e2e tests/e2e/firefox/

  say "worker stopped at random 20 ms–2 s intervals during a harvest (${VIGIE_STOPS:-1000} stops)"
  local stops_started=$SECONDS
  node --test --test-timeout=900000 tests/e2e/worker-stops.test.mjs
  say "worker-stop session took $((SECONDS - stops_started)) s"

  say "Firefox end-to-end tests (node --test, firefox-esr over Marionette)"
  # Debian's firefox-esr, installed like chromium; the tests skip (and say
  # so) only when it cannot be installed.
  if ! dpkg -s firefox-esr >/dev/null 2>&1 && ! apt_install firefox-esr; then
    echo "  firefox-esr could not be installed: Firefox end-to-end tests skipped" >&2
  fi
  local firefox_started=$SECONDS
  VIGIE_FIREFOX=1 node --test --test-concurrency=1 --test-timeout=180000 tests/e2e/firefox/
  say "Firefox end to end took $((SECONDS - firefox_started)) s"

  say "all tests passed in $((SECONDS - started)) s"
}

# ---- demo ----------------------------------------------------------------

demo() {
  build
  ensure_browser
  say "demo: Chromium with Vigie, four fixture scrapers on the LinkedIn-like site, then a shop's checkout"
  node tests/e2e/demo.mjs "$@"
  say "demo: the same detectors on a recorded HAR capture, in the audit page (dist/audit)"
  node www/audit/demo.mjs "$@"
}

bench() {
  say "engine benchmark (release build)"
  cargo run --quiet --release --example bench
  say "matcher benchmark (release build)"
  cargo run --quiet --release --example bench_matcher
  say "contact shapes benchmark: adversarial bodies from a LinkedIn tab (release build)"
  cargo run --quiet --release --example bench_shapes
  say "destinations benchmark: organization and country lookups (release build)"
  cargo run --quiet --release --example bench_destinations
  build
  ensure_browser
  say "request scan in Chromium: LeakMatcher (wasm) and a JavaScript matcher of the same pool"
  node tools/bench-scan.mjs
  say "page-load overhead in Chromium: Vigie, no extension, an empty extension"
  node tools/bench-pageload.mjs
  say "page-load overhead on a first visit to the feed (the browser's caches off: every asset a request)"
  node tools/bench-pageload.mjs --page feed --cache off
  say "page-load overhead inside one browser: Vigie, an empty extension and one with Vigie's permissions turned on in turn"
  node tools/bench-onoff.mjs
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  demo) shift; demo "$@" ;;
  bench) bench ;;
  *) echo "usage: ./build.sh [build|test|demo [--headed]|bench]" >&2; exit 2 ;;
esac
