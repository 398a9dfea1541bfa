#!/usr/bin/env bash
# The 1 GiB pair whose last 100 MiB moved to the front (issue 3's scale goal), whole process:
# ./deltaglider vcdiff encode and decode with -Xmx512m, then xdelta3 -d on our delta. xdelta3's
# own encode is left out (at its default -B it needs minutes here and writes ~600 MB; see
# BENCHMARKS.md). Prints one TSV line per step: step, wall s, user+sys s, peak RSS KiB, 1-min
# load at the start, delta bytes, byte-exact.
#
#   benchmarks/moved-1GiB.sh
set -euo pipefail
# shellcheck source=race-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/race-lib.sh"
pair_files synthetic-moved-1GiB
export DELTAGLIDER_JAVA_OPTS="-Xmx512m"
printf 'step\twall_s\tcpu_s\trss_KiB\tload1\tdelta_bytes\texact\n'
load="$(cut -d' ' -f1 /proc/loadavg)"
line="$(timed "$root/deltaglider" vcdiff encode -f -S none -s "$src" "$tgt" "$work/delta")"
size="$(wc -c <"$work/delta" | tr -d ' ')"
printf 'deltaglider encode -S none\t%s\t%s\t%s\t-\n' "$line" "$load" "$size"
for dec in deltaglider xdelta3; do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  rm -f "$work/out"
  if [[ $dec == xdelta3 ]]; then
    line="$(timed xdelta3 -d -f -s "$src" "$work/delta" "$work/out")"
  else
    line="$(timed "$root/deltaglider" vcdiff decode -f -s "$src" "$work/delta" "$work/out")"
  fi
  exact=no
  cmp -s "$work/out" "$tgt" && exact=yes
  printf '%s decode\t%s\t%s\t%s\t%s\n' "$dec" "$line" "$load" "$size" "$exact"
done
