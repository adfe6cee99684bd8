"""The command line: every command has help, bad usage exits 2."""
from __future__ import annotations

import subprocess
import sys

from pipeline.cli import build_parser
from pipeline.paths import ROOT


def test_every_command_has_help():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert set(commands) == {"run", "serve", "eval", "train", "gold", "author", "agreement", "bench", "synthetic", "resident",
                             "datasette-config"}
    for name, sub in commands.items():
        assert sub.description, name
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, (name, action.dest)


def test_usage_errors_exit_2(tmp_path):
    def code(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True).returncode

    assert code("run", "--corpus", str(tmp_path)) == 2  # --db missing
    assert code("run", "--corpus", str(tmp_path / "missing"), "--db", str(tmp_path / "x.db")) == 2
    assert code("frobnicate") == 2
    assert code("run", "--help") == 0
