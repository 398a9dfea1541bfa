#!/usr/bin/env bash
# Whole-process decode, side by side in one run (issue 2): ./deltaglider vcdiff decode vs
# xdelta3 -d on the same delta, JVM start included, alternating for ROUNDS rounds. Two deltas per
# pair: one made by xdelta3 -9 -S none, one made by our encoder at its default level.
# Prints one TSV line per run: pair, delta maker, decoder, round, wall s, user+sys s, peak RSS KiB,
# 1-min load average at the start, byte-exact.
#
#   benchmarks/decode-race.sh [ROUNDS] [PAIR_NAME...]     (default: 3 rounds, synthetic-mixed-200MiB)
set -euo pipefail
# shellcheck source=race-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/race-lib.sh"
rounds="${1:-3}"
shift || true
pairs=("$@")
[[ ${#pairs[@]} -gt 0 ]] || pairs=(synthetic-mixed-200MiB)

printf 'pair\tdelta_by\tdecoder\tround\twall_s\tcpu_s\trss_KiB\tload1\texact\n'
for name in "${pairs[@]}"; do
  pair_files "$name"
  xdelta3 -e -f -D -9 -S none -s "$src" "$tgt" "$work/by-xdelta3"
  "$root/deltaglider" vcdiff encode -f -s "$src" "$tgt" "$work/by-deltaglider"
  for r in $(seq 1 "$rounds"); do
    for maker in xdelta3 deltaglider; do
      order=("deltaglider" "xdelta3")
      (( r % 2 == 0 )) && order=("xdelta3" "deltaglider")
      for dec in "${order[@]}"; do
        load="$(cut -d' ' -f1 /proc/loadavg)"
        rm -f "$work/out"
        if [[ $dec == xdelta3 ]]; then
          line="$(timed xdelta3 -d -f -D -s "$src" "$work/by-$maker" "$work/out")"
        else
          line="$(timed "$root/deltaglider" vcdiff decode -f -s "$src" "$work/by-$maker" "$work/out")"
        fi
        exact=no
        cmp -s "$work/out" "$tgt" && exact=yes
        printf '%s\t%s\t%s\t%d\t%s\t%s\t%s\n' "$name" "$maker" "$dec" "$r" "$line" "$load" "$exact"
      done
    done
  done
done
