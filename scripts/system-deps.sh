#!/usr/bin/env bash
# System packages the project needs beyond Python, installed from Debian's archive when
# missing. Called by `make` before anything else; safe to run again (does nothing when all
# are present).
#   fonts-wqy-microhei  the CJK font embedded (subset) in the print PDFs
#   chromium            the browser the browser test drives (Playwright, not its download);
#                       only with --browser (make test asks for it)
# Set ECHOWALL_FONT=/path/to/font.ttf(.ttc) to use another CJK TrueType font instead, and
# ECHOWALL_CHROMIUM=/path/to/chromium for another browser.
# When another apt/dpkg run holds the package manager's lock (a machine's own updates just
# after boot), this waits for it up to ECHOWALL_APT_WAIT seconds (default 300).
# (SYSTEM_DEPS_FONT_FILE, SYSTEM_DEPS_CHROMIUM_FILE and SYSTEM_DEPS_POLL exist for the tests.)
set -euo pipefail

need=()
font=${SYSTEM_DEPS_FONT_FILE:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}
chromium=${SYSTEM_DEPS_CHROMIUM_FILE:-/usr/bin/chromium}
if [ -z "${ECHOWALL_FONT:-}" ] && [ ! -f "$font" ]; then
  need+=(fonts-wqy-microhei)
fi
if [ "${1:-}" = "--browser" ] && [ -z "${ECHOWALL_CHROMIUM:-}" ] && [ ! -x "$chromium" ]; then
  need+=(chromium)
fi

[ ${#need[@]} -eq 0 ] && exit 0

# What to tell the user for exactly the packages that are missing.
advice() {
  echo "  On Debian/Ubuntu, as root:  apt-get update && apt-get install ${need[*]}"
  for p in "${need[@]}"; do
    case "$p" in
      fonts-wqy-microhei) echo "  Or point ECHOWALL_FONT at any CJK TrueType font (.ttf, or .ttc with TrueType outlines)." ;;
      chromium) echo "  Or point ECHOWALL_CHROMIUM at a Chromium or Chrome binary." ;;
    esac
  done
}

echo "system-deps: installing ${need[*]} (Debian packages)" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
  echo "system-deps: missing ${need[*]}, and this user cannot install packages (not root, no password-less sudo)." >&2
  advice >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${need[*]}, and this machine has no apt-get." >&2
  advice >&2
  exit 1
fi

# apt-get's own lock timeout (apt >= 1.9.11) waits for dpkg's lock while another run holds
# it; apt-get update's list lock is waited for by the retry loop below.
wait_s=${ECHOWALL_APT_WAIT:-300}
apt_opts=(-o "DPkg::Lock::Timeout=$wait_s")
attempt() {
  "${SUDO[@]}" apt-get "${apt_opts[@]}" update -qq \
    && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}
locked() {  # another apt or dpkg run is going on
  command -v fuser >/dev/null && "${SUDO[@]}" fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1 && return 0
  pgrep -x 'apt|apt-get|dpkg|unattended-upgr' >/dev/null 2>&1
}
deadline=$(( $(date +%s) + wait_s ))
while true; do
  log=$(mktemp)
  if attempt 2>"$log"; then rm -f "$log"; exit 0; fi
  if locked && [ "$(date +%s)" -lt "$deadline" ]; then
    echo "system-deps: another apt/dpkg run holds the package lock; waiting (up to ${wait_s}s in all)" >&2
    rm -f "$log"; sleep "${SYSTEM_DEPS_POLL:-10}"; continue
  fi
  cat "$log" >&2; rm -f "$log"
  break
done
echo "system-deps: could not install ${need[*]}." >&2
advice >&2
exit 1
