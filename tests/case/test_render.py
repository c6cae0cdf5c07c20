"""The offline view and the documents render in headless Chromium (Debian package ``chromium``).

Skipped, with the reason, where Chromium is not installed; CI installs it.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")


def screenshot(page: Path, target: Path, profile: Path, size: str = "1280,1600") -> np.ndarray:
    import matplotlib.image

    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={target}", f"--window-size={size}",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    return matplotlib.image.imread(target)


@pytest.mark.parametrize("page", ["view/ring_view.html", "documents/referral.html"])
def test_pages_render_with_content(bundles: dict[str, Path], tmp_path: Path, page: str) -> None:
    pixels = screenshot(bundles["internal"] / "data" / page, tmp_path / "shot.png", tmp_path / "profile")
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1000
    grey = pixels[..., :3].mean(axis=2)
    dark = (grey < 0.5).mean()
    assert 0.005 < dark < 0.5, f"{page}: {dark:.3%} dark pixels, expected text and drawings on a white page"
    if page.startswith("view"):
        # The ring picture is inline SVG: its blue person nodes must be on screen.
        blue = (pixels[..., 2] > 0.55) & (pixels[..., 0] < 0.45) & (pixels[..., 1] < 0.6)
        assert blue.sum() > 500
