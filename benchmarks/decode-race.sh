#!/usr/bin/env bash
# Whole-process decode, side by side in one run (issue 2): ./deltaglider vcdiff decode vs
# xdelta3 -d on the same delta, JVM start included, alternating for ROUNDS rounds. Two deltas per
# pair: one made by xdelta3 -9 -S none, one made by our encoder at its default level.
# Prints one TSV line per run: pair, delta maker, decoder, round, wall s, user+sys s, peak RSS KiB,
# 1-min load average at the start, byte-exact.
#
#   benchmarks/decode-race.sh [ROUNDS] [PAIR_NAME...]     (default: 3 rounds, synthetic-mixed-200MiB)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
corpus="${DELTAGLIDER_CORPUS:-$HOME/.cache/deltaglider-corpus}"
rounds="${1:-3}"
shift || true
pairs=("$@")
[[ ${#pairs[@]} -gt 0 ]] || pairs=(synthetic-mixed-200MiB)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DELTAGLIDER_SKIP_BUILD="${DELTAGLIDER_SKIP_BUILD:-0}"
"$root/deltaglider" --help >/dev/null  # builds the CLI once, outside the timings

timed() { # label... -- command...
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$work/time" "$@" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  t1=$(date +%s.%N)
  read -r rss user sys <"$work/time"
  printf '%.3f\t%.2f\t%s' "$(echo "$t1 - $t0" | bc)" "$(echo "$user + $sys" | bc)" "$rss"
}

printf 'pair\tdelta_by\tdecoder\tround\twall_s\tcpu_s\trss_KiB\tload1\texact\n'
for name in "${pairs[@]}"; do
  src="$(awk -F'\t' -v n="$name" '$1==n {print $2}' "$corpus/pairs.tsv" "$corpus/synthetic/synthetic.tsv")"
  tgt="$(awk -F'\t' -v n="$name" '$1==n {print $3}' "$corpus/pairs.tsv" "$corpus/synthetic/synthetic.tsv")"
  [[ -f "$src" && -f "$tgt" ]] || { echo "no pair $name in $corpus" >&2; exit 1; }
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
