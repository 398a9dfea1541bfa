#!/usr/bin/env bash
# Side-by-side delta size and whole-process encode time: our encoder (JVM start included) vs
# xdelta3. Usage: side-by-side.sh DIR NAME... where DIR holds NAME-a (source) and NAME-b (target).
# Needs `mvn -pl deltaglider-vcdiff test-compile` first. Best of 3 wall-clock runs.
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
xz=$(find ~/.m2/repository/org/tukaani/xz -name 'xz-1.12.jar' | head -1)
cp="$here/target/classes:$here/target/test-classes:$xz"
dir=$1; shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
best() { # best wall time in ms of 3 runs of "$@"
  local b=999999
  for _ in 1 2 3; do
    local s=$(date +%s%N); "$@" >/dev/null 2>&1; local e=$(date +%s%N)
    local ms=$(( (e - s) / 1000000 )); (( ms < b )) && b=$ms
  done
  echo $b
}
printf '%-12s %-22s %12s %8s\n' pair encoder bytes ms
for name in "$@"; do
  a=$dir/$name-a; b=$dir/$name-b
  for lv in ${LEVELS:-1 6}; do
    ms=$(best java -cp "$cp" io.deltaglider.vcdiff.EncoderSideBySide encode $lv "$a" "$b" "$out/j$lv")
    printf '%-12s %-22s %12d %8d\n' "$name" "java -$lv" "$(stat -c %s "$out/j$lv")" "$ms"
  done
  for flags in "-9 -S none" "-3 -S none" "-1 -S none" "-3"; do
    f=${flags// /}
    ms=$(best xdelta3 -e -f $flags -s "$a" "$b" "$out/x$f")
    printf '%-12s %-22s %12d %8d\n' "$name" "xdelta3 $flags" "$(stat -c %s "$out/x$f")" "$ms"
  done
done
