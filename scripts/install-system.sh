#!/usr/bin/env bash
# Debian packages Vanthu needs. Installs what is missing when run as root; otherwise prints the command.
set -euo pipefail
# postgresql-client: pg_dump and pg_restore, with which `vanthu backup` and `restore` copy a PostgreSQL
# database.
PACKAGES=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd libreoffice-writer-nogui python3-uno
          fonts-liberation2 fonts-noto-core poppler-utils postgresql-client
          hunspell-vi)
if [ "${1:-}" = "--test" ]; then
  # The suite drives Debian's chromium, runs the store's tests on a PostgreSQL server of its own, and
  # signs with a key on a SoftHSM2 token it creates (the PKCS#11 path).
  PACKAGES+=(chromium postgresql softhsm2)
  # bench/ocr_wer.py compares tesseract's `vie` with the Vietnamese script model.
  PACKAGES+=(tesseract-ocr-script-viet)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "Missing Debian packages. Run as root:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
