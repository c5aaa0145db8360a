"""scripts/system-deps.sh with a fake apt-get on PATH: it waits for another apt run's lock
instead of failing at once, and its messages name only what is missing."""
from __future__ import annotations

import os
import subprocess

from conftest import REPO

SCRIPT = REPO / "scripts" / "system-deps.sh"


def fake_bin(tmp_path, apt_script: str, locked_while: str = "false"):
    b = tmp_path / "bin"
    b.mkdir()
    (b / "apt-get").write_text("#!/bin/bash\necho \"$@\" >> \"$T/apt.log\"\n" + apt_script)
    (b / "pgrep").write_text(f"#!/bin/bash\n{locked_while}\n")
    (b / "fuser").write_text("#!/bin/bash\nexit 1\n")
    for f in b.iterdir():
        f.chmod(0o755)
    return b


def run(tmp_path, b, *args, font=True, chromium=True, wait="30"):
    f = tmp_path / "font.ttc"
    c = tmp_path / "chromium"
    if font:
        f.write_text("x")
    if chromium:
        c.write_text("#!/bin/sh\n")
        c.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("ECHOWALL_FONT", "ECHOWALL_CHROMIUM")}
    env.update(PATH=f"{b}:{os.environ['PATH']}", T=str(tmp_path), SYSTEM_DEPS_FONT_FILE=str(f),
               SYSTEM_DEPS_CHROMIUM_FILE=str(c), SYSTEM_DEPS_POLL="0.1", ECHOWALL_APT_WAIT=wait)
    return subprocess.run(["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60)


def test_nothing_missing_does_nothing(tmp_path):
    b = fake_bin(tmp_path, "exit 1")
    r = run(tmp_path, b, "--browser")
    assert (r.returncode, r.stderr) == (0, "")
    assert not (tmp_path / "apt.log").exists()


def test_waits_for_another_apt_run_then_installs(tmp_path):
    # the first two apt-get runs find the lock held (by the fake pgrep's "apt"); the third works
    b = fake_bin(tmp_path,
                 'n=$(wc -l < "$T/apt.log")\n'
                 'if [ "$n" -le 2 ]; then echo "E: Could not get lock /var/lib/apt/lists/lock" >&2; exit 100; fi\nexit 0\n',
                 locked_while='[ "$(wc -l < "$T/apt.log")" -le 2 ]')
    r = run(tmp_path, b, font=False)
    assert r.returncode == 0, r.stderr
    assert "holds the package lock; waiting" in r.stderr
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert calls[-1].endswith("install -y -qq --no-install-recommends fonts-wqy-microhei")
    assert all("DPkg::Lock::Timeout=30" in c for c in calls)


def test_gives_up_after_the_wait_and_names_only_what_is_missing(tmp_path):
    b = fake_bin(tmp_path, 'echo "E: Could not get lock" >&2; exit 100\n', locked_while="true")
    r = run(tmp_path, b, "--browser", chromium=False, wait="1")
    assert r.returncode == 1
    assert "could not install chromium." in r.stderr
    assert "apt-get install chromium" in r.stderr
    assert "ECHOWALL_CHROMIUM" in r.stderr
    assert "fonts-wqy-microhei" not in r.stderr and "ECHOWALL_FONT" not in r.stderr


def test_font_only_when_the_browser_is_not_asked_for(tmp_path):
    b = fake_bin(tmp_path, "exit 1\n")
    r = run(tmp_path, b, font=False, chromium=False)
    assert r.returncode == 1
    assert "could not install fonts-wqy-microhei." in r.stderr
    assert "chromium" not in r.stderr.lower()
