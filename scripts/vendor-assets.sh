#!/usr/bin/env bash
#
# vendor-assets.sh — copy third-party front-end files from pinned npm packages
# into internal/web/static/vendor/, with their licences and a manifest.
#
# Usage:
#   scripts/vendor-assets.sh           re-create internal/web/static/vendor/
#   scripts/vendor-assets.sh --check   verify the committed copies are byte-identical
#                                      to the pinned packages (exit 1 if not)
#
# Needs: bash, npm, node, tar. Network access to the npm registry. Nothing is
# installed: each package is fetched with `npm pack NAME@VERSION` into a
# temporary directory, unpacked there, and the temporary directory is removed.
#
# The result, for each package NAME:
#   vendor/NAME/<files>        the files listed below
#   vendor/NAME/LICENSE…       the package's licence file, under its own name
#   vendor/manifest.json       name, exact version, npm integrity, licence,
#                              and path + sha256 of every copied file
#
# Paths in manifest.json are relative to internal/web/static/ (the root of the
# embedded static.FS), e.g. "vendor/htmx.org/htmx.min.js".
#
# ---------------------------------------------------------------------------
# PACKAGES — one line per package:  "NAME  EXACT_VERSION  FILE..."
#
#   FILE is a path inside the package (globs allowed, e.g. dist/images/*.png).
#   It is copied to vendor/NAME/ with a leading "dist/" removed, so relative
#   references inside a package (leaflet.css -> images/…) keep working.
#   Write SRC=DEST to choose the destination path under vendor/NAME/ yourself.
#
#   A line with no FILE copies only the licence: for a package bundled inside
#   another one's files (zrender inside echarts.min.js).
#
#   Only exact versions are accepted (no ranges, no tags).
#   Examples for later:
#     "leaflet   1.9.4  dist/leaflet.js dist/leaflet.css dist/images/*.png"
#     "echarts   5.6.0  dist/echarts.min.js"
# ---------------------------------------------------------------------------
PACKAGES=(
  "htmx.org  2.0.11  dist/htmx.min.js"
  "leaflet  1.9.4  dist/leaflet.js dist/leaflet.css dist/images/*.png"
  "@geoman-io/leaflet-geoman-free  2.20.2  dist/leaflet-geoman.min.js dist/leaflet-geoman.css"
  "echarts  6.0.0  dist/echarts.min.js NOTICE licenses/LICENSE-d3"
  "zrender  6.0.0"
)

set -euo pipefail
shopt -s nullglob

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATIC="$ROOT/internal/web/static"
VENDOR="$STATIC/vendor"

MODE=write
case "${1:-}" in
  "") ;;
  --check) MODE=check ;;
  -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

die() { echo "vendor-assets: $*" >&2; exit 1; }

for tool in npm node tar; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not found in PATH"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vendor-assets.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/stage/vendor"   # the vendor/ tree we are building
mkdir -p "$STAGE"
ENTRIES="$WORK/entries.tsv"  # lines: name version integrity spdx kind destpath source
: >"$ENTRIES"

# npm with quiet logging, run inside the temp dir so no project files are touched.
npmq() { (cd "$WORK" && npm --loglevel=error --no-fund --no-audit "$@"); }

for line in "${PACKAGES[@]}"; do
  read -r -a f <<<"$line"
  (( ${#f[@]} >= 2 )) || die "bad PACKAGES line (need NAME VERSION [FILE...]): $line"
  name="${f[0]}" version="${f[1]}" files=("${f[@]:2}")
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
    die "$name: version '$version' is not an exact version"

  echo "vendor-assets: $name@$version" >&2
  want="$(npmq view "$name@$version" dist.integrity)" ||
    die "$name@$version: npm view failed"
  [[ -n "$want" ]] || die "$name@$version: npm view returned no dist.integrity"

  pkgdir="$WORK/pkg/$name"
  mkdir -p "$pkgdir"
  # The pack report lists every file of the package: too long for an argument, so it
  # goes through a file.
  packjson="$WORK/pack.json"
  npmq pack "$name@$version" --ignore-scripts --json --pack-destination "$pkgdir" >"$packjson" ||
    die "$name@$version: npm pack failed"
  got="$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));process.stdout.write(j[0].integrity)' "$packjson")"
  tgz="$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));process.stdout.write(j[0].filename)' "$packjson")"
  [[ "$got" == "$want" ]] ||
    die "$name@$version: tarball integrity $got does not match registry $want"
  tgz="$pkgdir/$(basename "$tgz")"
  [[ -f "$tgz" ]] || die "$name@$version: npm pack produced no $tgz"
  tar -xzf "$tgz" -C "$pkgdir"
  src="$pkgdir/package"

  # The tarball must really be the version we asked for.
  pv="$(node -e 'const p=require(process.argv[1]);process.stdout.write(p.name+"@"+p.version)' "$src/package.json")"
  [[ "$pv" == "$name@$version" ]] || die "$name@$version: tarball contains $pv"
  spdx="$(node -e 'const p=require(process.argv[1]);process.stdout.write(String(p.license||"UNKNOWN"))' "$src/package.json")"

  dest="$STAGE/$name"
  mkdir -p "$dest"

  # Licence file(s) at the package root.
  lic=("$src"/[Ll][Ii][Cc][Ee][Nn][CcSs][Ee]* "$src"/[Cc][Oo][Pp][Yy][Ii][Nn][Gg]*)
  (( ${#lic[@]} > 0 )) || die "$name@$version: no LICENSE/LICENCE/COPYING file in package"
  for l in "${lic[@]}"; do
    [[ -f "$l" ]] || continue # echarts has a licenses/ folder of its bundled parts beside LICENSE
    b="$(basename "$l")"
    cp "$l" "$dest/$b"
    printf '%s\t%s\t%s\t%s\tlicense\tvendor/%s/%s\t%s\n' \
      "$name" "$version" "$want" "$spdx" "$name" "$b" "$b" >>"$ENTRIES"
  done

  for spec in "${files[@]}"; do
    if [[ "$spec" == *=* ]]; then pat="${spec%%=*}" explicit="${spec#*=}"; else pat="$spec" explicit=""; fi
    matches=("$src"/$pat)
    (( ${#matches[@]} > 0 )) || die "$name@$version: no file matches '$pat'"
    [[ -z "$explicit" || ${#matches[@]} -eq 1 ]] ||
      die "$name@$version: '$spec' names one destination for several files"
    for m in "${matches[@]}"; do
      [[ -f "$m" ]] || die "$name@$version: '$m' is not a regular file"
      rel="${m#"$src"/}"
      out="${explicit:-${rel#dist/}}"
      [[ "$out" != *..* && "$out" != /* ]] || die "$name@$version: bad destination '$out'"
      mkdir -p "$(dirname "$dest/$out")"
      cp "$m" "$dest/$out"
      printf '%s\t%s\t%s\t%s\tfile\tvendor/%s/%s\t%s\n' \
        "$name" "$version" "$want" "$spdx" "$name" "$out" "$rel" >>"$ENTRIES"
    done
  done
done

# Write manifest.json (deterministic: no timestamps, stable order).
node - "$ENTRIES" "$STAGE" >"$STAGE/manifest.json" <<'JS'
const fs = require("fs"), path = require("path"), crypto = require("crypto");
const [entriesFile, stage] = process.argv.slice(2);
const pkgs = new Map();
for (const line of fs.readFileSync(entriesFile, "utf8").split("\n")) {
  if (!line) continue;
  const [name, version, integrity, license, kind, dest, source] = line.split("\t");
  if (!pkgs.has(name)) pkgs.set(name, { name, version, integrity, license, license_files: [], files: [] });
  const abs = path.join(stage, "..", dest);
  const sha256 = crypto.createHash("sha256").update(fs.readFileSync(abs)).digest("hex");
  const entry = { path: dest, source, sha256 };
  pkgs.get(name)[kind === "license" ? "license_files" : "files"].push(entry);
}
const manifest = {
  comment: "Generated by scripts/vendor-assets.sh; do not edit. Paths are relative to internal/web/static/.",
  packages: [...pkgs.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
};
process.stdout.write(JSON.stringify(manifest, null, 2) + "\n");
JS

if [[ "$MODE" == check ]]; then
  [[ -d "$VENDOR" ]] || die "CHECK FAILED: $VENDOR does not exist; run scripts/vendor-assets.sh"
  if diff -rq "$STAGE" "$VENDOR" >"$WORK/diff.txt" 2>&1; then
    echo "vendor-assets: OK — internal/web/static/vendor matches the pinned packages" >&2
    exit 0
  fi
  echo "vendor-assets: CHECK FAILED — internal/web/static/vendor differs from the pinned packages:" >&2
  sed -e "s#$STAGE/\{0,1\}#pinned:vendor/#g" -e "s#$VENDOR/\{0,1\}#committed:vendor/#g" "$WORK/diff.txt" | head -50 >&2
  echo "vendor-assets: run scripts/vendor-assets.sh to re-create it (and review the change)." >&2
  exit 1
fi

# Replace vendor/ atomically-ish: build beside it, then swap.
mkdir -p "$STATIC"
rm -rf "$STATIC/.vendor.new" "$STATIC/.vendor.old"
cp -R "$STAGE" "$STATIC/.vendor.new"
[[ -d "$VENDOR" ]] && mv "$VENDOR" "$STATIC/.vendor.old"
mv "$STATIC/.vendor.new" "$VENDOR"
rm -rf "$STATIC/.vendor.old"
echo "vendor-assets: wrote internal/web/static/vendor (see vendor/manifest.json)" >&2
