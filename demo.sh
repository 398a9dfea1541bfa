#!/usr/bin/env bash
# The main job, end to end, on a local store: nothing needed beyond Java and Maven.
#
# Takes successive releases of two real Java libraries (SLF4J API 2.0.16, 2.0.17, 2.0.18, 2.0.20
# and XZ for Java 1.10, 1.11, 1.12: jars from the local Maven repository, which Maven fills in
# when one is missing), stores them in a fresh local delta store with ./deltaglider, lists them with the space
# saved, restores one and checks it is byte for byte the original, then verifies the whole store.
#
# Environment:
#   DEMO_KEEP=1       keep the temporary directory (store, restored file) and print its path
#   MAVEN_REPO        the local Maven repository; default: ~/.m2/repository
#   MVN               the Maven command; default: mvn
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
dg="$root/deltaglider"
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
work="$(mktemp -d "${TMPDIR:-/tmp}/deltaglider-demo.XXXXXX")"
if [[ "${DEMO_KEEP:-}" == 1 ]]; then
  trap 'echo "(kept $work)"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
export DELTAGLIDER_STORE="$work/store"

step() {
  if [[ -t 1 ]]; then printf '\n\033[1m$ %s\033[0m\n' "$*"; else printf '\n$ %s\n' "$*"; fi
}

# A release jar from the local Maven repository, fetched by Maven itself when missing.
jar() { # GROUP ARTIFACT VERSION
  local path="$repo/${1//.//}/$2/$3/$2-$3.jar"
  if [[ ! -f "$path" ]]; then
    echo "demo: fetching $1:$2:$3 with Maven..." >&2
    "${MVN:-mvn}" -B -q org.apache.maven.plugins:maven-dependency-plugin:3.9.0:copy \
      "-Dartifact=$1:$2:$3" "-DoutputDirectory=$work/fetched" >&2
    path="$work/fetched/$2-$3.jar"
  fi
  echo "$path"
}

# Build the command line first (once), so its build output does not interleave with the demo.
"$dg" --version >/dev/null

echo "A fresh local store: DELTAGLIDER_STORE=$DELTAGLIDER_STORE"
step "deltaglider put slf4j-api-2.0.x.jar releases/slf4j/"
for v in 2.0.16 2.0.17 2.0.18 2.0.20; do
  "$dg" put "$(jar org.slf4j slf4j-api "$v")" releases/slf4j/
done

step "deltaglider cp xz-1.1x.jar s3://releases/xz/   (DeltaGlider-style paths; the local store's top directories are buckets)"
for v in 1.10 1.11 1.12; do
  "$dg" cp "$(jar org.tukaani xz "$v")" s3://releases/xz/
done

step "deltaglider ls --recursive releases/"
"$dg" ls --recursive releases/

step "deltaglider stats"
"$dg" stats

original="$(jar org.slf4j slf4j-api 2.0.18)"
restored="$work/restored/slf4j-api-2.0.18.jar"
mkdir -p "$work/restored"
step "deltaglider get releases/slf4j/slf4j-api-2.0.18.jar $restored"
"$dg" get releases/slf4j/slf4j-api-2.0.18.jar "$restored"

step "cmp original restored && sha256sum"
cmp "$original" "$restored"
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum "$original" "$restored"
fi
echo "identical"

step "deltaglider verify"
"$dg" verify
