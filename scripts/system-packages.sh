#!/usr/bin/env bash
# Installs the Debian packages bundler uses, asking apt only for those whose command (or file) is missing, one
# package per command. Never asks for Debian's nodejs or npm when a node and npm are already on the PATH: a machine
# with NodeSource's Node.js would refuse them ("held broken packages").
# Exit status: 0 when everything is present or installed; 1 when apt failed (the failing packages are named).
set -u

# check  package  (a check is a command name, or a path starting with / that must exist)
REQUIREMENTS=(
  "qpdf qpdf"
  "pdftoppm poppler-utils"
  "soffice libreoffice-writer-nogui"
  "/usr/lib/python3/dist-packages/uno.py python3-uno"
  "ocrmypdf ocrmypdf"
  "tesseract tesseract-ocr"
  "/usr/share/tesseract-ocr/5/tessdata/eng.traineddata tesseract-ocr-eng"
  "chromium chromium"
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf fonts-liberation"
  "redis-server redis-server"
  "clamd clamav-daemon"
  "clamscan clamav"
  "prlimit util-linux"
)

present() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for line in "${REQUIREMENTS[@]}"; do
  read -r check package <<<"$line"
  present "$check" || missing+=("$package")
done
# PostgreSQL's server binary lives outside the PATH, under its major version.
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=("postgresql")
if ! present node; then
  missing+=("nodejs")
  present npm || missing+=("npm")
elif ! present npm; then
  echo "node is on the PATH but npm is not. Install npm from the same source as node (Debian's npm conflicts with" >&2
  echo "NodeSource's nodejs), then run make again." >&2
  exit 1
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing Debian packages: ${missing[*]}"
  echo "Install them as root:  apt-get install --no-install-recommends ${missing[*]}"
  echo "bundler runs without them; the tests that need them are skipped, naming what to install."
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get update -qq; then
  echo "apt-get update failed: check the machine's apt sources and network, then run make again." >&2
  exit 1
fi
if apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/bundler-apt.log 2>&1; then
  exit 0
fi
# Find which packages fail on their own, so the message names them.
failed=()
for package in "${missing[@]}"; do
  apt-get install -y -qq --no-install-recommends "$package" >>/tmp/bundler-apt.log 2>&1 || failed+=("$package")
done
[ ${#failed[@]} -eq 0 ] && exit 0
echo "apt could not install: ${failed[*]} (details in /tmp/bundler-apt.log)." >&2
echo "Install them by hand (apt-get install ${failed[*]}), or fix what apt reports, then run make again." >&2
exit 1
