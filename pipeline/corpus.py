"""Corpus: the files of a corpus folder, found and opened without leaving it (SPEC §2).

Only regular files inside the folder are read. A symlink is followed when it resolves to a file
inside the folder; a symlink leading outside, a loop, a device, a pipe or a socket, a name that is
not UTF-8, a file that cannot be opened or is over the size limit becomes a `SourceFile` with a
`problem`, its error row, and is never read. Sizes come from `stat` first, so refusing a 2 GB file
costs nothing.

A file's change `key` covers what decides its rows besides the pipeline's version: its bytes, its
metadata sidecar's bytes, and whether it is over the size limit (and which limit). Editing only a
sidecar, fixing a broken one, or lifting --max-bytes re-processes exactly the documents concerned.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .records import SourceFile

SIDECAR_SUFFIXES = (".meta.json", ".meta.yml", ".meta.yaml")
_CHUNK = 1 << 20


class CorpusError(OSError):
    """A corpus path that is not read; the message is the document's one-line error."""


def is_sidecar(name: str) -> bool:
    return name.endswith(SIDECAR_SUFFIXES)


def sidecar_names(rel: str) -> list[str]:
    """Where the metadata of `rel` may be, in the order looked at: NAME.meta.json beside NAME.ext,
    then NAME.ext.meta.json."""
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    prefix = f"{folder}/" if folder else ""
    return [f"{prefix}{base}{suffix}" for base in dict.fromkeys((stem, name)) for suffix in SIDECAR_SUFFIXES]


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def resolve(corpus: Path, rel: str, root: str | None = None) -> tuple[str, os.stat_result]:
    """The real path of corpus file `rel` and its `stat`, if it is a regular file inside the corpus;
    else `CorpusError` saying why not. `root`: the corpus's real path, if known."""
    root = root or os.path.realpath(corpus)
    full = os.path.join(root, rel)
    try:
        info = os.lstat(full)
        if stat.S_ISLNK(info.st_mode):  # only a symlink can lead elsewhere: os.walk does not follow folders
            try:
                full = os.path.realpath(full, strict=True)
            except FileNotFoundError:
                raise CorpusError("symlink to a file that does not exist") from None
            except OSError as exc:
                raise CorpusError(f"symlink that cannot be followed (a loop?): {exc.strerror}") from None
            if os.path.commonpath([root, full]) != root:
                raise CorpusError("symlink leading outside the corpus folder: not read") from None
            info = os.stat(full)
    except CorpusError:
        raise
    except OSError as exc:
        raise CorpusError(f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise CorpusError(f"not a regular file: {_kind(info.st_mode)}")
    return full, info


def read_bytes(corpus: Path, rel: str, limit: int, what: str = "file", root: str | None = None) -> bytes:
    """The bytes of corpus file `rel`, checked with `stat` before reading and never more than
    `limit` + 1 bytes read; `CorpusError` for anything that stops it."""
    full, info = resolve(corpus, rel, root)
    if info.st_size > limit:
        raise CorpusError(f"{what} too large: {info.st_size:,} bytes, limit {limit:,}")
    try:
        # O_NONBLOCK: a file swapped for a pipe after the check cannot block the run
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise CorpusError(f"{what} cannot be opened: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise CorpusError(f"not a regular file: {_kind(os.fstat(handle.fileno()).st_mode)}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise CorpusError(f"{what} too large: over {limit:,} bytes")
    return data


Known = dict[str, tuple[str, str]]
"""{corpus path: (stat signature, change key)} of the files a previous run read: a file whose
signature is unchanged is not read again."""


def discover(corpus: Path, max_bytes: int, max_metadata_bytes: int = 1024 * 1024,
             known: Known | None = None) -> list[SourceFile]:
    """Every candidate document under `corpus` (sub-folders too), sorted by path, with its change key.

    Hidden files and folders and metadata sidecars are not documents; files of unsupported types
    are kept so that they get an error row saying so, and so are the paths that are not read. A
    file in `known` whose size, times and inode (and its sidecar's) are unchanged keeps its key
    unread, as git's index does: a run with nothing to do over 10,000 files stats them instead
    of reading 70 MB.
    """
    root = os.path.realpath(corpus)
    relative, names = [], set()
    for folder, subfolders, files in os.walk(root):  # strings, not Path objects: 10,000 files in 0.2 s, not 1.7
        prefix = os.path.relpath(folder, root)
        rel_of = (lambda n: n) if prefix == "." else (lambda n, p=prefix: f"{p}/{n}".replace(os.sep, "/"))
        for name in [d for d in subfolders if not d.startswith(".")]:
            link = os.path.join(folder, name)
            # a symlinked folder is never walked: inside the corpus its files are found where they
            # are; one leading outside is reported
            if os.path.islink(link) and os.path.commonpath([root, os.path.realpath(link)]) != root:
                relative.append(rel_of(name))
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and not os.path.islink(os.path.join(folder, d))]
        for name in files:
            names.add(rel_of(name))
            if not name.startswith(".") and not is_sidecar(name):
                relative.append(rel_of(name))
    limits = (max_bytes, max_metadata_bytes)
    return [_source(corpus, root, rel, names, limits, known or {}) for rel in sorted(relative)]


def _signature(info: os.stat_result) -> str:
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}"


def _source(corpus: Path, root: str, rel: str, names: set[str], limits: tuple[int, int], known: Known) -> SourceFile:
    max_bytes, max_metadata_bytes = limits
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
        return SourceFile(shown, None, 0, _digest(b"bad-name", os.fsencode(rel)),
                          problem="file name is not valid UTF-8: rename the file")
    sidecar = next((s for s in sidecar_names(rel) if s in names), None)
    try:
        full, info = resolve(corpus, rel, root)
    except CorpusError as exc:
        return SourceFile(rel, None, 0, _digest(b"problem", str(exc).encode()), problem=str(exc))
    try:
        sidecar_info = resolve(corpus, sidecar, root)[1] if sidecar else None
    except CorpusError:
        sidecar_info = None  # reading it below says why
    facts = f"{info.st_size}:{info.st_mtime_ns}:{info.st_mode}".encode()
    if info.st_size > max_bytes:
        return SourceFile(rel, None, info.st_size, _digest(b"over", str(max_bytes).encode(), facts),
                          problem=f"file too large: {info.st_size:,} bytes, limit {max_bytes:,}")
    signature = None  # a file reached through a symlink, or with an unreadable sidecar, is always read
    if full == os.path.join(root, rel) and (sidecar is None or sidecar_info is not None):
        signature = _signature(info) + (f"|{sidecar}:{_signature(sidecar_info)}" if sidecar else "")
        if signature == known.get(rel, ("", ""))[0]:
            return SourceFile(rel, None, info.st_size, known[rel][1], sidecar=sidecar, stat=signature)
    try:
        data = read_bytes(corpus, rel, max_bytes, root=root)
    except CorpusError as exc:
        return SourceFile(rel, None, info.st_size, _digest(b"unread", facts, str(exc).encode()), problem=str(exc))
    sha = hashlib.sha256(data).hexdigest()
    parts = [b"file", sha.encode()]
    problem = None
    if sidecar is not None:
        try:
            parts += [sidecar.encode(), read_bytes(corpus, sidecar, max_metadata_bytes, "metadata sidecar", root)]
        except CorpusError as exc:
            problem = f"metadata sidecar {sidecar.rsplit('/', 1)[-1]}: {exc}"
            parts += [sidecar.encode(), problem.encode()]
    return SourceFile(rel, sha, len(data), _digest(*parts), sidecar=sidecar, problem=problem,
                      stat=signature if problem is None else None)


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()
