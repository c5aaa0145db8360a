#!/usr/bin/env bash
# System packages the project needs beyond Python, installed from Debian's archive when
# missing. Called by `make` before anything else; safe to run again (does nothing when all
# are present).
#   fonts-wqy-microhei  the CJK font embedded (subset) in the print PDFs
#   chromium            the browser the browser test drives (Playwright, not its download);
#                       only with --browser (make test asks for it)
# Set ECHOWALL_FONT=/path/to/font.ttf(.ttc) to use another CJK TrueType font instead.
set -euo pipefail

need=()
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
if [ -z "${ECHOWALL_FONT:-}" ] && [ ! -f "$font" ]; then
  need+=(fonts-wqy-microhei)
fi
if [ "${1:-}" = "--browser" ] && [ -z "${ECHOWALL_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  need+=(chromium)
fi

[ ${#need[@]} -eq 0 ] && exit 0

echo "system-deps: installing ${need[*]} (Debian packages)" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo -n); else SUDO=(false); fi
if command -v apt-get >/dev/null \
   && "${SUDO[@]}" apt-get update -qq \
   && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  exit 0
fi
cat >&2 <<MSG
system-deps: could not install ${need[*]}.
  On Debian/Ubuntu, as root:  apt-get install ${need[*]}
  Or point ECHOWALL_FONT at any CJK TrueType font (.ttf or .ttc with TrueType outlines),
  and ECHOWALL_CHROMIUM at a Chromium or Chrome binary.
MSG
exit 1
