#!/usr/bin/env bash
# The JMH part of run-all.sh: store get/put overhead, puts from 1/2/4 threads, decode and encode
# on three pairs, SHA-256; JSON and text per step into OUT_DIR, load average per step into
# OUT_DIR/load.txt. Needs benchmarks/target/benchmarks.jar (run-all.sh builds it) and the corpus.
#
#   benchmarks/jmh-all.sh OUT_DIR [FIRST_STEP [LAST_STEP]]
#     (steps, in order: get put put-threads decode decode-peer encode sha256)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$1"
from="${2:-get}"
to="${3:-}"
mkdir -p "$out"
cp_jar=benchmarks/target/benchmarks.jar
started=""
stopped=""
note() {
  printf '%s %s load %s\n' "$(date -u +%H:%M:%S)" "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt" >&2
}

# JMH. The machine's run-to-run noise is 5-10 % per iteration (a VM sharing its memory system), so
# most runs get 50 samples (5 forks x 10 iterations). Encodes and puts vary by 9-16 % per 2-s
# iteration (memory-bound: a source index written at random) and get 100-150 (5 forks x 20-30);
# SHA-256 gets 100 (Bouncy Castle's 16 MiB digest varies by 9 %). That keeps JMH's 99.9 % error
# under 5 % at that noise (measured on 2026-11-26, BENCHMARKS.md).
long=(-wi 3 -w 2 -i 10)
# The forks get transparent huge pages where the kernel offers them, as the launcher's vcdiff
# commands do: the encoder's source index is tens of MB written at random, and with 4 KiB pages
# its TLB misses make encodes 10-15 % slower and their spread 1.5x wider (measured: one fork of
# the typescript .tar encode, iteration sd 9.5 % without, 6.6 % with).
fork_args="-Xmx4g"
thp="$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)"
if [[ "$thp" == *"[always]"* || "$thp" == *"[madvise]"* ]]; then
  fork_args="$fork_args -XX:+UseTransparentHugePages"
fi
jmh() { # name, then JMH arguments; steps before FIRST_STEP and after LAST_STEP are skipped
  local name="$1"
  shift
  [[ -z "$stopped" && ( -n "$started" || "$name" == "$from" ) ]] || return 0
  started=1
  [[ "$name" == "$to" ]] && stopped=1
  note "jmh-$name ($fork_args)"
  java -jar "$cp_jar" "$@" -jvmArgsAppend "$fork_args" -rf json -rff "$out/jmh-$name.json" \
    >"$out/jmh-$name.txt" 2>&1
}
pairs=typescript-5.8.2-5.8.3.tar,synthetic-scattered-20MiB,synthetic-moved-20MiB
jmh get 'StoreBenchmark.(rawDecode|rawDecodeThenSha256|storeGetCacheHit)$' -f 5 "${long[@]}" -r 2
puts=(-f 5 -wi 3 -w 2 -i 20 -r 2)
jmh put 'StoreBenchmark.(rawEncode|storePut)$' "${puts[@]}"
jmh put-threads 'StoreBenchmark.putThreads' "${puts[@]}"
jmh decode 'CodecBenchmark.decode' -p pair=$pairs -p 'tool=deltaglider-java default (-6) -S none' \
  -f 5 "${long[@]}" -r 2
jmh decode-peer 'CodecBenchmark.decode' -p pair=$pairs -p 'tool=jvcdiff 2.0.2' -f 5 "${long[@]}" -r 2
jmh encode 'CodecBenchmark.encode' -p pair=$pairs \
  -p 'tool=deltaglider-java -1 -S none,deltaglider-java default (-6) -S none' -f 5 -wi 3 -w 2 -i 30 -r 2
jmh sha256 Sha256Benchmark -f 5 -wi 3 -w 1 -i 20 -r 1
