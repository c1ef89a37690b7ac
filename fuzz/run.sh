#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer coverage on the stable toolchain and runs each one for
# RUNS executions (default 1,000,000). Prints, per target, the executions done and whether it
# crashed; crash inputs land in fuzz/artifacts/<target>/.
#
#   fuzz/run.sh                 # every target
#   fuzz/run.sh framing gtin    # some
#   RUNS=100000 fuzz/run.sh     # shorter
#
# With cargo-fuzz installed, `RUSTC_BOOTSTRAP=1 cargo fuzz run -s none <target>` works too; this
# script drives libfuzzer-sys directly so it needs nothing but cargo and a C++ compiler.
set -euo pipefail
cd "$(dirname "$0")"

RUNS="${RUNS:-1000000}"
TARGETS=(framing classify msisdn gtin webhook_verify webhook_event csv_import wedge scanner_profile)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); fi

export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/target}"
export RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps RUSTFLAGS (and so the coverage hooks) off build scripts and
# proc macros, which are linked without libFuzzer.
TRIPLE="${TRIPLE:-$(rustc -vV | sed -n "s/^host: //p")}"
cargo build --release --bins --target "$TRIPLE"
BIN="$CARGO_TARGET_DIR/$TRIPLE/release"

for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  # Profile files mutate best from real ones.
  if [ "$t" = scanner_profile ] && [ -z "$(ls -A "corpus/$t")" ]; then
    cp ../scanner-profiles/*.toml "corpus/$t/"
  fi
  log="artifacts/$t/last-run.log"
  set +e
  "$BIN/$t" -runs="$RUNS" -max_len=4096 -timeout=10 \
    -artifact_prefix="artifacts/$t/" "corpus/$t" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || true)
  if [ -z "$execs" ]; then
    execs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  fi
  if [ "$rc" -eq 0 ]; then verdict="no crash"; else verdict="CRASH (exit $rc, see $log)"; fi
  printf '%-16s %12s executions  %s\n' "$t" "${execs:-?}" "$verdict"
done
