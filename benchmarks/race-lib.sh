# Shared by the whole-process race scripts (sourced, not run): the corpus, a scratch directory
# removed on exit, the CLI built once outside the timings, pair lookup and a timer.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
corpus="${DELTAGLIDER_CORPUS:-$HOME/.cache/deltaglider-corpus}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DELTAGLIDER_SKIP_BUILD="${DELTAGLIDER_SKIP_BUILD:-0}"
"$root/deltaglider" --help >/dev/null # builds the CLI (and its class-data archive) once

jdk_feature() { # JDK_HOME: its feature version from its release file, or nothing (never fails)
  [[ -f "$1/release" ]] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
}

# A JDK of feature version 25 or later, if one is installed (DELTAGLIDER_RACE_NEW_JDK, else the
# first under /usr/lib/jvm): the launcher runs it with an AOT cache instead of a class-data archive,
# which the races time as extra rows. Empty if there is none.
new_jdk="${DELTAGLIDER_RACE_NEW_JDK:-}"
if [[ -z "$new_jdk" ]]; then
  for h in /usr/lib/jvm/*/; do
    v="$(jdk_feature "$h")"
    if [[ "$v" =~ ^[0-9]+$ ]] && ((v >= 25)) && [[ -x "$h/bin/java" && ! -L "${h%/}" ]]; then
      new_jdk="${h%/}"
      break
    fi
  done
fi
if [[ -n "$new_jdk" ]]; then
  JAVA_HOME="$new_jdk" "$root/deltaglider" --help >/dev/null # records its AOT cache once
fi

pair_files() { # NAME: sets src and tgt from the corpus lists, or exits
  src="$(awk -F'\t' -v n="$1" '$1==n {print $2}' "$corpus/pairs.tsv" "$corpus/synthetic/synthetic.tsv")"
  tgt="$(awk -F'\t' -v n="$1" '$1==n {print $3}' "$corpus/pairs.tsv" "$corpus/synthetic/synthetic.tsv")"
  [[ -f "$src" && -f "$tgt" ]] || { echo "no pair $1 in $corpus" >&2; exit 1; }
}

timed() { # command... : runs it, prints wall s, user+sys s and peak RSS KiB (tab-separated)
  local t0 t1 rss user sys
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$work/time" "$@" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  t1=$(date +%s.%N)
  read -r rss user sys <"$work/time"
  printf '%.3f\t%.2f\t%s' "$(echo "$t1 - $t0" | bc)" "$(echo "$user + $sys" | bc)" "$rss"
}
