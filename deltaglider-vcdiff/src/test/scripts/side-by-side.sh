#!/usr/bin/env bash
# Side-by-side delta size and whole-process encode time (JVM start included) of our encoder vs
# xdelta3. Usage: side-by-side.sh DIR NAME... where DIR holds NAME-a (source) and NAME-b (target).
# xdelta3 runs with -D: without it, it diffs the decompressed content of .gz/.tgz inputs (and does
# not restore the original bytes), which is not the same task. Needs `mvn -pl deltaglider-vcdiff
# test-compile` first. Prints the best of RUNS (default 3) runs for wall time
# and for CPU time (user + sys), since on a shared machine wall time mostly measures the neighbours.
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
xz=$(find ~/.m2/repository/org/tukaani/xz -name 'xz-1.12.jar' | head -1)
cp="$here/target/classes:$here/target/test-classes:$xz"
dir=$1; shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
best() { # "wall_ms cpu_ms", each the best of RUNS (default 3) runs of "$@"
  local bw=999999 bc=999999
  for _ in $(seq ${RUNS:-3}); do
    /usr/bin/time -f '%e %U %S' -o "$out/t" "$@" >/dev/null 2>&1
    read -r e u s < "$out/t"
    local w c
    w=$(awk -v e="$e" 'BEGIN{printf "%d", e*1000}')
    c=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%d", (u+s)*1000}')
    (( w < bw )) && bw=$w
    (( c < bc )) && bc=$c
  done
  echo "$bw $bc"
}
printf '%-10s %-20s %10s %8s %8s\n' pair encoder bytes wall_ms cpu_ms
row() { printf '%-10s %-20s %10d %8d %8d\n' "$1" "$2" "$(stat -c %s "$3")" $4 $5; }
for name in "$@"; do
  a=$dir/$name-a; b=$dir/$name-b
  for lv in ${LEVELS:-1 6}; do
    row "$name" "java -$lv" "$out/j$lv" $(best java -cp "$cp" io.deltaglider.vcdiff.EncoderSideBySide encode $lv "$a" "$b" "$out/j$lv")
  done
  row "$name" "java -6 -S lzma" "$out/jl" $(best java -cp "$cp" io.deltaglider.vcdiff.EncoderSideBySide encode 6 "$a" "$b" "$out/jl" lzma)
  for flags in "-9 -S none" "-3 -S none" "-1 -S none" "-3" "-9"; do
    f=${flags// /}
    row "$name" "xdelta3 -D $flags" "$out/x$f" $(best xdelta3 -e -f -D $flags -s "$a" "$b" "$out/x$f")
  done
done
