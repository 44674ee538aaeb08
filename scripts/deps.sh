#!/usr/bin/env bash
# Installs what loam needs to build and test on Debian/Ubuntu, when it is
# missing: a C compiler, CMake, pkg-config and the -dev packages of libyaml,
# cmark, msgpack-c, libuv and PCRE2, plus Vim for the Vim tests. Needs root
# (or sudo) only when something is missing; prints what it does.
set -euo pipefail

pkgs=(gcc make cmake pkg-config libyaml-dev libcmark-dev libmsgpack-dev libuv1-dev
      libpcre2-dev vim patchelf)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "deps: please install: ${missing[*]} (or their equivalents: see README.md)" >&2
  exit 1
fi
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >&2
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
