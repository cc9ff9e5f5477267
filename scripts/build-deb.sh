#!/usr/bin/env bash
# Builds hark_<version>_<arch>.deb with dpkg-deb from the release binary, the unit, the sample
# config (as the conffile /etc/hark/hark.toml), the models and the licences.
# Usage: scripts/build-deb.sh BINARY MODELS_DIR OUT_DIR      env: DEB_MAINTAINER="Name <mail>"
# The binary must be built with --static-swift-stdlib (make deb does): the package depends on
# Debian's libraries only, never on a Swift toolchain.
set -euo pipefail
binary=${1:?binary}
models=${2:?models dir}
out=${3:?output dir}
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/.*static let string = "\(.*\)".*/\1/p' "$root/Sources/HarkCore/HarkVersion.swift")
arch=$(dpkg --print-architecture)
# Debian revision 1: this is the upstream project's own packaging of release $version.
debversion=${DEB_VERSION:-$version-1}
[ -n "$version" ] || { echo "build-deb: cannot read the version from Sources/HarkCore/HarkVersion.swift" >&2; exit 1; }
[ -x "$binary" ] || { echo "build-deb: $binary is missing; run make build first" >&2; exit 1; }
[ -f "$models/manifest.json" ] || { echo "build-deb: no models in $models; run make models first" >&2; exit 1; }
if ldd "$binary" | grep -q 'libswiftCore'; then
  echo "build-deb: $binary links the Swift runtime dynamically; build with --static-swift-stdlib" >&2; exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/hark"
install -d -m 0755 "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/lib/systemd/system" "$pkg/etc/hark" \
  "$pkg/usr/share/hark/models" "$pkg/usr/share/doc/hark"
install -m 0755 "$binary" "$pkg/usr/bin/hark"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/bin/hark"
# SwiftPM leaves the toolchain's library folder as RUNPATH; the packaged binary must not search it.
if readelf -d "$pkg/usr/bin/hark" | grep -qE 'RUNPATH|RPATH'; then chrpath -d "$pkg/usr/bin/hark" >/dev/null; fi
sed 's#/usr/local/bin/hark#/usr/bin/hark#' "$root/systemd/hark.service" > "$pkg/lib/systemd/system/hark.service"
chmod 0644 "$pkg/lib/systemd/system/hark.service"
# The sample config, pointed at the installed models and the systemd state directory; the device
# id defaults to the host name.
sed -e 's#^dir = "../models"#dir = "/usr/share/hark/models"#' \
    -e 's#^state_dir = .*#state_dir = "/var/lib/hark"#' \
    -e 's#^id = "hark-dev"#\#id = "hark-dev"#' \
    "$root/config/hark.toml" > "$pkg/etc/hark/hark.toml"
chmod 0644 "$pkg/etc/hark/hark.toml"
for f in $(cd "$models" && ls); do
  install -m 0644 "$models/$f" "$pkg/usr/share/hark/models/$f"
done
install -m 0644 "$root/README.md" "$pkg/usr/share/doc/hark/README.md"
install -m 0644 "$root/packaging/deb/copyright" "$pkg/usr/share/doc/hark/copyright"
install -D -m 0644 "$root/packaging/deb/lintian-overrides" "$pkg/usr/share/lintian/overrides/hark"
for l in "$models"/LICENSE-*; do install -m 0644 "$l" "$pkg/usr/share/doc/hark/"; done
cat > "$stage/changelog" <<CHANGES
hark ($debversion) unstable; urgency=medium

  * Release $version (see the repository's history).

 -- ${DEB_MAINTAINER:-Hark maintainers <hark@example.org>}  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}")
CHANGES
gzip -9n < "$stage/changelog" > "$pkg/usr/share/doc/hark/changelog.Debian.gz"
chmod 0644 "$pkg/usr/share/doc/hark/changelog.Debian.gz"

# Depends: the packages owning the shared libraries the binary loads, plus espeak-ng (spoken replies).
# (dpkg may know a library by its /lib path, its /usr/lib path or its symlink's target.)
unresolved=$(ldd "$pkg/usr/bin/hark" | awk '/not found/ {print $1}')
[ -z "$unresolved" ] || { echo "build-deb: the binary needs libraries this system lacks: $unresolved" >&2; exit 1; }
libs=$(ldd "$pkg/usr/bin/hark" | awk '/=>/ {print $3}' | grep -v '^$')
owner() {
  local l=$1 real
  real=$(readlink -f "$l")
  for candidate in "$l" "${l#/usr}" "/usr$l" "$real" "${real#/usr}" "/usr$real"; do
    dpkg -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1 && return
  done
  echo "build-deb: no Debian package owns $l (not declared in Depends)" >&2
}
depends=$(for l in $libs; do owner "$l"; done | sort -u)
pkgs=()
for p in $depends; do
  case "$p" in
    libopenblas0-*) p="libopenblas0 | libopenblas0-pthread" ;;
    libc6) p="libc6 (>= $(dpkg-query -W -f='${Version}' libc6 | cut -d- -f1))" ;;
  esac
  pkgs+=("$p")
done
for must in libasound2 libmosquitto1 espeak-ng; do
  printf '%s\n' "${pkgs[@]}" | grep -q "^$must\b" || pkgs+=("$must")
done
printf '%s\n' "${pkgs[@]}" | grep -q '^libopenblas0' || pkgs+=("libopenblas0 | libopenblas0-pthread")
deps=$(printf '%s\n' "${pkgs[@]}" | sort -u | paste -sd, | sed 's/,/, /g')
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
maintainer=${DEB_MAINTAINER:-Hark maintainers <hark@example.org>}
sed -e "s/@VERSION@/$debversion/" -e "s|@MAINTAINER@|$maintainer|" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$deps/" \
  "$root/packaging/deb/control.in" > "$pkg/DEBIAN/control"
echo /etc/hark/hark.toml > "$pkg/DEBIAN/conffiles"
install -m 0755 "$root/packaging/deb/postinst" "$root/packaging/deb/prerm" "$root/packaging/deb/postrm" "$pkg/DEBIAN/"
(cd "$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/md5sums" "$pkg/DEBIAN/control" "$pkg/DEBIAN/conffiles"

mkdir -p "$out"
deb="$out/hark_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$pkg" "$deb" >/dev/null
echo "$deb"
