"""A non-editable install from the wheel works from any folder: content and templates ship inside."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_installs_into_fresh_venv_and_runs_from_another_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)],
        check=True,
    )
    [wheel] = dist.glob("m2w-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    # Dependencies come from this test environment (no network needed); m2w itself only from the wheel
    # (--ignore-installed: the test environment may already hold m2w, which pip would otherwise keep),
    # which sits earlier on sys.path than this .pth entry.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--no-deps",
            "--ignore-installed",
            "-q",
            str(wheel),
        ],
        check=True,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.check_output([py, "-c", "import m2w_tool; print(m2w_tool.__file__)"], cwd=elsewhere, text=True)
    assert where.startswith(str(env_dir))
    out = subprocess.run(
        [env_dir / "bin" / "m2w", "dimensions", "--lang", "en"], cwd=elsewhere, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "15. d15" in out.stdout
    assert (site / "m2w_tool" / "dimensions" / "scales.yaml").is_file()
    assert (site / "m2w_tool" / "templates").is_dir()
    out = subprocess.run([env_dir / "bin" / "m2w", "validate"], cwd=elsewhere, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
