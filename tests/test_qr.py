"""The QR codes: our mask choice is qrcode's, computed faster; the codes decode."""
from __future__ import annotations

import random

import numpy as np
import qrcode
import qrcode.constants
import qrcode.util

from echowall.render.qr import QRCode, lost_point, qr_matrix


def _urls():
    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789/#-"
    for n in (5, 20, 40, 80, 150, 300):  # versions 1 to 10: 7 and up carry version bits
        for _ in range(15):
            yield "https://echowall.example.org/" + "".join(rng.choice(alphabet) for _ in range(n))


def test_the_penalty_equals_qrcodes_for_every_mask():
    for url in list(_urls())[::6]:
        q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
        q.add_data(url)
        q.make(fit=True)
        for mask in range(8):
            q.makeImpl(True, mask)
            assert lost_point(np.array(q.modules, dtype=bool)) == qrcode.util.lost_point(q.modules), (url, mask)


def test_the_same_mask_and_modules_as_qrcode():
    versions = set()
    for url in _urls():
        ours, theirs = QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M), \
            qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
        for q in (ours, theirs):
            q.add_data(url)
            q.make(fit=True)
        assert ours.get_matrix() == theirs.get_matrix(), url  # (best_mask_pattern re-places the data)
        assert ours.best_mask_pattern() == theirs.best_mask_pattern(), url
        versions.add(theirs.version)
    assert min(versions) <= 3 and max(versions) >= 7


def test_building_codes_are_at_least_version_4():
    assert len(qr_matrix("https://x.cn/b/1/")) == 33
