#!/usr/bin/env bash
# Whole-process encode, side by side in one run (issue 3): ./deltaglider vcdiff encode at the
# default level, with its default secondary compression (LZMA), with -S none, and with -S none on
# one core (-XX:ActiveProcessorCount=1: windows matched on one thread), with -S none on a JDK 25+
# if one is installed (race-lib.sh: the launcher then uses an AOT cache), vs xdelta3 -3 -S none on
# the same pair, JVM start included, alternating the order every round. Two floor rows show the
# least a JVM process of ours costs on each pair: "floor-start" encodes an empty target against an
# empty source (JVM start, command line, output file), "floor-level0" encodes the pair at level 0
# (reads both, writes the target as literals, matches nothing).
# Prints one TSV line per run: pair, encoder, round, wall s, user+sys s, peak RSS KiB, 1-min load
# average at the start, delta bytes, and whether xdelta3 -d rebuilds the target from that delta.
#
#   benchmarks/encode-race.sh [ROUNDS] [PAIR_NAME...]
#     (default: 3 rounds; the pairs of 10 MB and more from pairs.tsv and synthetic.tsv, but not 1 GiB)
set -euo pipefail
# shellcheck source=race-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/race-lib.sh"
rounds="${1:-3}"
shift || true
pairs=("$@")
if [[ ${#pairs[@]} -eq 0 ]]; then
  pairs=(typescript-5.8.2-5.8.3.tar typescript-5.8.3-5.9.2.tar apache-maven-3.9.9-3.9.10-bin.tar
    synthetic-scattered-20MiB synthetic-moved-20MiB synthetic-mixed-200MiB)
fi

printf 'pair\tencoder\tround\twall_s\tcpu_s\trss_KiB\tload1\tdelta_bytes\trebuilds\n'
for name in "${pairs[@]}"; do
  pair_files "$name"
  encoders=("deltaglider" "deltaglider-S-none" "deltaglider-S-none-1core" "floor-start" "floor-level0")
  [[ -n "$new_jdk" ]] && encoders+=("deltaglider-S-none-jdk$(jdk_feature "$new_jdk")")
  encoders+=("xdelta3-3-S-none")
  for r in $(seq 1 "$rounds"); do
    order=()
    for enc in "${encoders[@]}"; do # reversed every other round
      if (( r % 2 == 0 )); then order=("$enc" ${order[@]+"${order[@]}"}); else order+=("$enc"); fi
    done
    for enc in "${order[@]}"; do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      out="$work/delta"
      rm -f "$out"
      case "$enc" in
        deltaglider) line="$(timed "$root/deltaglider" vcdiff encode -f -s "$src" "$tgt" "$out")" ;;
        deltaglider-S-none) line="$(timed "$root/deltaglider" vcdiff encode -f -S none -s "$src" "$tgt" "$out")" ;;
        deltaglider-S-none-1core) line="$(DELTAGLIDER_JAVA_OPTS=-XX:ActiveProcessorCount=1 \
          timed "$root/deltaglider" vcdiff encode -f -S none -s "$src" "$tgt" "$out")" ;;
        deltaglider-S-none-jdk*) line="$(JAVA_HOME="$new_jdk" \
          timed "$root/deltaglider" vcdiff encode -f -S none -s "$src" "$tgt" "$out")" ;;
        floor-start) : >"$work/empty"
          line="$(timed "$root/deltaglider" vcdiff encode -f -S none -s "$work/empty" "$work/empty" "$out")" ;;
        floor-level0) line="$(timed "$root/deltaglider" vcdiff encode -0 -f -S none -s "$src" "$tgt" "$out")" ;;
        xdelta3-3-S-none) line="$(timed xdelta3 -e -f -3 -S none -s "$src" "$tgt" "$out")" ;;
      esac
      size="$(wc -c <"$out" | tr -d ' ')"
      ok=-
      if (( r == 1 )) && [[ "$enc" != floor-start ]]; then # once per encoder, outside the timing
        ok=no
        xdelta3 -d -f -s "$src" "$out" "$work/rebuilt" 2>/dev/null && cmp -s "$work/rebuilt" "$tgt" && ok=yes
        rm -f "$work/rebuilt"
      fi
      printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\n' "$name" "$enc" "$r" "$line" "$load" "$size" "$ok"
    done
  done
done
