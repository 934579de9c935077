#!/usr/bin/env bash
# Installs the system packages the tests need, when they are missing: xmllint (JUnit XSD
# validation) and Debian's chromium (the HTML report in a headless browser, driven by
# playwright-core; no browser is ever downloaded by npm). Idempotent and silent when both exist.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
missing=()
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-system-deps: missing system packages: ${missing[*]}" >&2
  echo "ensure-system-deps: install them as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: missing ${missing[*]} and no apt-get to install them; install them by hand" >&2
  exit 1
fi

echo "ensure-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
