#!/usr/bin/env bash
# Every benchmark behind BENCHMARKS.md, one after another, into one results directory:
#   benchmarks/run-all.sh [OUT_DIR]          (default: benchmarks/results/run-UTC_TIMESTAMP)
# Builds the benchmarks and the CLI once, then runs (with DELTAGLIDER_SKIP_BUILD=1, so no timing
# includes a Maven build): the quick and the full comparison, the whole-process decode and encode
# races, the 1 GiB pair, and the JMH suites (store overhead, codec, SHA-256). Run it from the
# repository root on a machine with nothing else running; about 60 minutes on 2 cores. Needs the corpus
# (benchmarks/corpus.sh), xdelta3 and zstd on PATH, and /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
out="${1:-benchmarks/results/run-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cp_jar=benchmarks/target/benchmarks.jar

note() { # step name: prints and records the load average around each step
  printf '%s %s load %s\n' "$(date -u +%H:%M:%S)" "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt" >&2
}

note build
mvn -B -Dstyle.color=never -pl benchmarks,deltaglider-cli -am package -DskipTests >"$out/build.log" 2>&1
# One launcher run that may build: the jar is fresh, so it only records the class-data sharing
# archive that every later launcher run uses (with DELTAGLIDER_SKIP_BUILD=1 none is recorded).
DELTAGLIDER_SKIP_BUILD=0 ./deltaglider --help >/dev/null
export DELTAGLIDER_SKIP_BUILD=1
{ uname -a; java -version 2>&1; xdelta3 -V 2>&1 | head -1; zstd --version; nproc; grep -m1 'model name' /proc/cpuinfo; } >"$out/machine.txt"

note quick
java -cp "$cp_jar" io.deltaglider.benchmarks.Compare --quick --out "$out/quick" >/dev/null 2>"$out/quick.log"
note full
java -cp "$cp_jar" io.deltaglider.benchmarks.Compare --out "$out/full" >/dev/null 2>"$out/full.log"
note decode-race
benchmarks/decode-race.sh 3 synthetic-mixed-200MiB >"$out/decode-race.tsv" 2>"$out/decode-race.log"
if [[ -x benchmarks/encode-race.sh ]]; then
  note encode-race
  benchmarks/encode-race.sh >"$out/encode-race.tsv" 2>"$out/encode-race.log"
fi
if [[ -x benchmarks/moved-1GiB.sh ]]; then
  note moved-1GiB
  benchmarks/moved-1GiB.sh >"$out/moved-1GiB.tsv" 2>"$out/moved-1GiB.log"
fi

benchmarks/jmh-all.sh "$out"
note done
