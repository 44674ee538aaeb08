#!/usr/bin/env bash
# Provides a Neovim >= 0.10 for the tests and the demo on Debian 12, whose own
# package is 0.7. Prints the path of an `nvim` launcher on stdout.
#
# Order: $LOAM_NVIM if set; the system `nvim` when it is new enough; else the
# Debian 13 (trixie) packages, fetched with a private apt configuration (own
# sources list, state and cache under DEST) so the system's apt setup is never
# touched, and unpacked with `dpkg -x`. trixie's nvim needs trixie's glibc, so
# patchelf points the binary at the unpacked loader and libraries (DT_RPATH,
# which also covers its libraries' own dependencies). Running it through the
# loader instead would not do: the TUI re-executes its own path with --embed,
# and that path would be the loader. Nothing is set in the environment that a
# child process (the helper, a shell) could inherit.
# The mirror is read from the system's own apt sources, so no host is named here.
set -euo pipefail

dest=${1:-${LOAM_NVIM_DIR:-$(cd "$(dirname "$0")/.." && pwd)/build/nvim}}
min_minor=10

nvim_ok() { # $1: an nvim command; true when it is 0.10 or newer
  local v
  v=$("$1" --version 2>/dev/null | head -n1) || return 1
  [[ $v =~ NVIM\ v0\.([0-9]+) ]] && ((BASH_REMATCH[1] >= min_minor))
}

if [[ -n ${LOAM_NVIM:-} ]] && nvim_ok "$LOAM_NVIM"; then echo "$LOAM_NVIM"; exit 0; fi
if command -v nvim >/dev/null && nvim_ok nvim; then command -v nvim; exit 0; fi
if [[ -x $dest/nvim ]] && nvim_ok "$dest/nvim"; then echo "$dest/nvim"; exit 0; fi

mirror() { # first Debian archive URI in the system's sources
  local uri
  uri=$(grep -hoE '^(URIs:|deb) *\[?[^]]*\]? *[a-z]+://[^ ]+/debian/?' \
          /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
        grep -oE '[a-z]+://[^ ]+/debian/?$' | head -n1) || true
  [[ -n $uri ]] || { echo "get-nvim: no Debian mirror in /etc/apt sources" >&2; exit 1; }
  echo "${uri%/}"
}

apt_root=$dest/apt
mkdir -p "$apt_root"/{lists/partial,archives/partial,etc/sources.list.d,etc/preferences.d,debs} "$dest/root"
echo "deb $(mirror) trixie main" >"$apt_root/etc/sources.list"
apt_opts=(
  -o Dir::Etc::SourceList="$apt_root/etc/sources.list"
  -o Dir::Etc::SourceParts="$apt_root/etc/sources.list.d"
  -o Dir::Etc::Preferences="$apt_root/etc/preferences"
  -o Dir::Etc::PreferencesParts="$apt_root/etc/preferences.d"
  -o Dir::State="$apt_root"
  -o Dir::State::Lists="$apt_root/lists"
  -o Dir::State::status=/dev/null
  -o Dir::Cache="$apt_root"
  -o Dir::Cache::Archives="$apt_root/archives"
  -o APT::Sandbox::User=root
  -o Debug::NoLocking=1
)
pkgs=(neovim neovim-runtime libc6 libluajit-5.1-2 libmsgpack-c2 libtree-sitter0.22
      libunibilium4 libuv1t64 libvterm0 lua-lpeg lua-luv libgcc-s1)
echo "get-nvim: fetching Neovim from Debian 13 into $dest" >&2
apt-get "${apt_opts[@]}" -q update >&2
(cd "$apt_root/debs" && apt-get "${apt_opts[@]}" -q download "${pkgs[@]}" >&2)
for deb in "$apt_root"/debs/*.deb; do dpkg -x "$deb" "$dest/root"; done

root=$dest/root
lib=$root/usr/lib/x86_64-linux-gnu
command -v patchelf >/dev/null || { echo "get-nvim: patchelf is needed (scripts/deps.sh installs it)" >&2; exit 1; }
patchelf --set-interpreter "$lib/ld-linux-x86-64.so.2" --force-rpath \
  --set-rpath "$lib:$root/lib/x86_64-linux-gnu" "$root/usr/bin/nvim"
cat >"$dest/nvim" <<LAUNCHER
#!/bin/sh
# Runs Debian 13's nvim, patched to use its own libraries (made by get-nvim.sh).
exec '$root/usr/bin/nvim' "\$@"
LAUNCHER
chmod +x "$dest/nvim"
nvim_ok "$dest/nvim" || { echo "get-nvim: the fetched nvim does not run" >&2; exit 1; }
echo "$dest/nvim"
