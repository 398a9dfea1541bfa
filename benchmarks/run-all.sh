#!/usr/bin/env bash
# Every benchmark behind BENCHMARKS.md, one after another, into one results directory:
#   benchmarks/run-all.sh [OUT_DIR [STEP...]] (default: benchmarks/results/run-UTC_TIMESTAMP)
# STEPs, to run only some (after the build), in this order: quick full archive decode-race
# encode-race moved-1GiB, and jmh-NAME for one step of jmh-all.sh (e.g. jmh-encode); none = all of them.
# Builds the benchmarks and the CLI once, then runs (with DELTAGLIDER_SKIP_BUILD=1, so no timing
# includes a Maven build): the quick and the full comparison (the .tgz/.tar.gz/.tar and synthetic
# pairs), issue 19's archive-aware comparison (the archive pairs, jars included, and ArchiveReport),
# the whole-process decode and encode races, the 1 GiB pair, and the JMH suites (store overhead,
# codec, SHA-256). Run it from the repository root on a machine with nothing else running; about
# 60 minutes on 2 cores before the archive step and bsdiff/zstd -19 in the full one (the archive
# step alone took 13 minutes at load 8). Needs the corpus
# (benchmarks/corpus.sh), xdelta3, zstd and bsdiff on PATH, and /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
out="${1:-benchmarks/results/run-$(date -u +%Y%m%d-%H%M%S)}"
shift || true
steps=("$@")
mkdir -p "$out"
for s in ${steps[@]+"${steps[@]}"}; do
  case "$s" in
    quick | full | archive | decode-race | encode-race | moved-1GiB) ;;
    jmh-get | jmh-put | jmh-put-threads | jmh-decode | jmh-decode-peer | jmh-encode | jmh-sha256) ;;
    *) echo "run-all.sh: unknown step '$s'" >&2; exit 2 ;;
  esac
done
wanted() { # step: whether to run it
  [[ ${#steps[@]} -eq 0 ]] && return 0
  local s
  for s in "${steps[@]}"; do [[ "$s" == "$1" ]] && return 0; done
  return 1
}
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

if wanted quick; then
  note quick
  java -cp "$cp_jar" io.deltaglider.benchmarks.Compare --quick --out "$out/quick" >/dev/null 2>"$out/quick.log"
fi
if wanted full; then
  note full
  java -cp "$cp_jar" io.deltaglider.benchmarks.Compare --out "$out/full" \
    --pairs '^(typescript|apache-maven|synthetic)' >/dev/null 2>"$out/full.log"
fi
if wanted archive; then
  note archive
  java -cp "$cp_jar" io.deltaglider.benchmarks.Compare --out "$out/archive" \
    --pairs '^(typescript|apache-maven|guava|jackson-databind|byte-buddy)' \
    --tools '^(xdelta3 -9 -S none|xdelta3 default|zstd CLI|bsdiff|jbsdiff|deltaglider-java default|ours archive-aware)' \
    --timeout 300 --budget 90 >/dev/null 2>"$out/archive.log"
  java -cp "$cp_jar" io.deltaglider.benchmarks.ArchiveReport "$out/archive" >/dev/null
fi
if wanted decode-race; then
  note decode-race
  benchmarks/decode-race.sh 3 synthetic-mixed-200MiB >"$out/decode-race.tsv" 2>"$out/decode-race.log"
fi
if wanted encode-race; then
  note encode-race
  benchmarks/encode-race.sh >"$out/encode-race.tsv" 2>"$out/encode-race.log"
fi
if wanted moved-1GiB; then
  note moved-1GiB
  benchmarks/moved-1GiB.sh >"$out/moved-1GiB.tsv" 2>"$out/moved-1GiB.log"
fi

if [[ ${#steps[@]} -eq 0 ]]; then
  benchmarks/jmh-all.sh "$out"
else
  for s in "${steps[@]}"; do
    [[ "$s" == jmh-* ]] && benchmarks/jmh-all.sh "$out" "${s#jmh-}" "${s#jmh-}"
  done
fi
note done
