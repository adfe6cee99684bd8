"""Hostile inputs, made at test time (nothing large is committed): each `Case` writes one corpus
file (and its sidecar, link or special file) and says what the run must make of it.

Used by tests/test_hostile.py, one test per case and one run over all of them with the seeds.
"""
from __future__ import annotations

import io
import os
import socket
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

WORDS = ("the integrated care boards and NHS England said 42 integrated care systems will plan services for "
         "around 1 million people from April 2022 while local authorities fear a loss of autonomy and "
         "clinical commissioning groups were abolished under the Health and Care Act 2022").split()


def prose(n_bytes: int) -> str:
    """Unpunctuated prose of about `n_bytes`: one sentence with entities all along it."""
    repeats = n_bytes // (len(" ".join(WORDS)) + 1) + 1
    return " ".join([*WORDS] * repeats)[:n_bytes]


def wrapped(n_bytes: int, width: int = 72) -> str:
    """Hard-wrapped Markdown without a full stop: every line continues the one before."""
    words, lines, line = prose(n_bytes).split(), [], []
    for word in words:
        if sum(len(w) + 1 for w in line) + len(word) > width:
            lines.append(" ".join(line))
            line = []
        line.append(word)
    lines.append(" ".join(line))
    return "# A report without full stops\n\n" + "\n".join(lines) + "\n"


def bomb_pdf(inflated: int = 300 * 1024 * 1024) -> bytes:
    """A one-page PDF whose content stream inflates from a few hundred KB to `inflated` bytes."""
    compressor, chunk = zlib.compressobj(9), b" " * (1 << 20)
    stream = b"".join(compressor.compress(chunk) for _ in range(inflated // len(chunk))) + compressor.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def alias_bomb(levels: int = 9) -> str:
    """The 'billion laughs' in YAML: each level nine aliases of the one before."""
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    lines.append(f"title: *a{levels}")
    return "\n".join(lines) + "\n"


TEXT = "A plain report\n\nIntegrated care boards took over from clinical commissioning groups in July 2022.\n"


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


@dataclass(frozen=True)
class Case:
    """One hostile file: `make(corpus)` writes it; the run must give `path` an error row whose
    reason holds `error` (None: the document is processed), within `seconds`."""

    category: str
    path: str
    make: Callable[[Path], None]
    error: str | None
    seconds: float = 20.0


def _sidecar(name: str, sidecar: str, content: str) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        _write(corpus / name, TEXT)
        _write(corpus / sidecar, content)
    return make


def _file(name: str, data: str | bytes | Callable[[], str | bytes]) -> Callable[[Path], None]:
    return lambda corpus: _write(corpus / name, data() if callable(data) else data)


def _symlink(name: str, target: str) -> Callable[[Path], None]:
    return lambda corpus: os.symlink(target, corpus / name)


def _loop(name: str) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        os.symlink(corpus / f"{name}.other", corpus / name)
        os.symlink(corpus / name, corpus / f"{name}.other")
    return make


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda corpus: os.mkfifo(corpus / name)


def _socket(name: str) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        cwd = os.getcwd()
        os.chdir(corpus)  # a socket path is limited to about 100 bytes: bind a relative name
        try:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(name)
            sock.close()
        finally:
            os.chdir(cwd)
    return make


def _device(name: str) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        try:  # a character device like /dev/null: root only
            os.mknod(corpus / name, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        except OSError as exc:
            pytest.skip(f"cannot make a device node here: {exc}")
    return make


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    def make(corpus: Path) -> None:
        with open(corpus / name, "wb") as handle:
            handle.truncate(size)
    return make


def _bad_name(corpus: Path) -> None:
    with open(os.path.join(os.fsencode(corpus), b"latin1-\xe9t\xe9.txt"), "wb") as handle:
        handle.write(TEXT.encode())


CASES = [
    # isolation: what used to raise inside one document
    Case("isolation", "huge-number.txt", _file("huge-number.txt", "Big\n\nThe board covers 99999999999999999999 people.\n"),
         None),
    Case("isolation", "published-9999.txt", _sidecar("published-9999.txt", "published-9999.meta.json",
                                                     '{"published": "9999-12"}'), "'published'"),
    Case("isolation", "deep-json.txt", _sidecar("deep-json.txt", "deep-json.meta.json", "[" * 100_000 + "]" * 100_000),
         "nested"),
    Case("isolation", "deep-yaml.md", _file("deep-yaml.md", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" + TEXT),
         "nested"),
    Case("isolation", "bomb.pdf", _file("bomb.pdf", bomb_pdf), "PDF"),
    Case("isolation", "latin1-\\xe9t\\xe9.txt", _bad_name, "not valid UTF-8"),
    # linear time: long sentences, wrapped lines without full stops, runs of one character
    Case("linear time", "unpunctuated.txt", _file("unpunctuated.txt", lambda: "Unpunctuated\n\n" + prose(500_000)), None, 40),
    Case("linear time", "wrapped.md", _file("wrapped.md", lambda: wrapped(200_000)), None, 30),
    Case("linear time", "equals.txt", _file("equals.txt", "Rules\n\n" + "=" * 10_000 + "\n\nThere are 42 ICSs.\n"), None),
    Case("linear time", "brackets.md", _file("brackets.md", "# Brackets\n\n" + "[" * 10_000 + " and " + "](" * 5_000 + "\n"),
         None),
    Case("linear time", "parens.txt", _file("parens.txt", "Parens\n\n" + "(" * 20_000 + ")" * 20_000 + "\n"), None),
    # metadata
    Case("metadata", "alias-bomb.txt", _sidecar("alias-bomb.txt", "alias-bomb.meta.yml", alias_bomb()), "alias"),
    Case("metadata", "month-13.txt", _sidecar("month-13.txt", "month-13.meta.yml", "published: 2023-13\n"), "'published'"),
    Case("metadata", "feb-30.md", _file("feb-30.md", "---\npublished: 2023-02-30\n---\n" + TEXT), "'published'"),
    Case("metadata", "long-title.txt", _sidecar("long-title.txt", "long-title.meta.json", '{"title": "' + "t" * 1200 + '"}'),
         "'title'"),
    Case("metadata", "list-title.txt", _sidecar("list-title.txt", "list-title.meta.yml", "title: [a, b]\n"), "'title'"),
    # only the corpus
    Case("only the corpus", "passwd.txt", _symlink("passwd.txt", "/etc/passwd"), "outside the corpus"),
    Case("only the corpus", "outside-folder", _symlink("outside-folder", "/etc"), "outside the corpus"),
    Case("only the corpus", "loop.txt", _loop("loop.txt"), "loop"),
    Case("only the corpus", "fifo.txt", _fifo("fifo.txt"), "named pipe"),
    Case("only the corpus", "socket.txt", _socket("socket.txt"), "socket"),
    Case("only the corpus", "device.txt", _device("device.txt"), "character device"),
    Case("only the corpus", "sparse.txt", _sparse("sparse.txt", 2 * 1024 ** 3), "too large"),
    Case("only the corpus", "dangling.txt", _symlink("dangling.txt", "does-not-exist.txt"), "does not exist"),
]
"""Every hostile case; the `loop.txt.other` and `outside-folder` paths give their own error rows too."""


def make_all(corpus: Path, cases: list[Case] = CASES) -> list[Case]:
    """Write `cases` into `corpus`; the cases made (a device node needs root)."""
    corpus.mkdir(parents=True, exist_ok=True)
    made = []
    for case in cases:
        try:
            case.make(corpus)
        except pytest.skip.Exception:
            continue
        made.append(case)
    return made
