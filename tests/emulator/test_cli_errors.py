"""The command line's own failures are one clear line, never a traceback."""

import socket
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "dialstack.emulator"]


def test_a_busy_port_names_the_port_and_what_to_do() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*CLI, "--port", str(port)], check=False, capture_output=True, text=True, timeout=60
        )

    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_emulator_extra_it_says_how_to_install_it(tmp_path: Path) -> None:
    # A uvicorn that cannot be imported, as when the extra is not installed.
    (tmp_path / "uvicorn").mkdir()
    (tmp_path / "uvicorn" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'uvicorn'\", name='uvicorn')\n"
    )
    result = subprocess.run(
        [*CLI, "--port", "0"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )

    assert result.returncode == 1
    assert "pip install 'dialstack[emulator]'" in result.stderr
    assert "Traceback" not in result.stderr
