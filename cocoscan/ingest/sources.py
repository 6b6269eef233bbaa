"""Turn the user's paths into openable sources: folders, archives, stdin.

Folders are walked in sorted order; every real path is visited once, so
symbolic-link loops end. Archives are never extracted to disk: ``.zip``
members, ``.gz`` and ``.zst`` streams are read in memory or streamed, so a
member named ``../../x`` is just a name. Zip safety limits (members, total
size, compression ratio, nesting depth) turn a bomb into a fatal problem.
Containers are recognised by their magic bytes, then by extension.
"""

from __future__ import annotations

import fnmatch
import functools
import gzip
import io
import os
import stat
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, cast

from cocoscan.model import Problem

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Archive safety limits (issue 8): a bomb is a problem, never a hang."""

    max_members: int = 100_000
    max_total: int = 32 << 30
    max_ratio: int = 200
    ratio_floor: int = 1 << 20  # members smaller than this may compress well
    max_depth: int = 4
    max_nested: int = 256 << 20  # a nested archive is read into memory


#: Attachments met in exports (WhatsApp media, Slack files): not chat logs.
MEDIA_EXTENSIONS = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".heic",
        ".heif",
        ".bmp",
        ".tif",
        ".tiff",
        ".avif",
        ".svg",
        ".mp4",
        ".mov",
        ".3gp",
        ".mkv",
        ".avi",
        ".webm",
        ".opus",
        ".ogg",
        ".oga",
        ".mp3",
        ".m4a",
        ".aac",
        ".wav",
        ".amr",
        ".pdf",
        ".vcf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".apk",
        ".exe",
        ".dll",
        ".ttf",
        ".woff",
        ".woff2",
    ]
)
JUNK_NAMES = frozenset(("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini"))
SLACK_META = frozenset(
    (
        "users.json",
        "channels.json",
        "groups.json",
        "dms.json",
        "mpims.json",
        "integration_logs.json",
        "canvases.json",
        "huddle_transcripts.json",
        "org_users.json",
        "file_conversations.json",
    )
)


@dataclass(slots=True)
class Source:
    """One input to read: where it came from and how to open its bytes.

    ``opener`` returns a fresh binary stream of the (decompressed) content.
    ``raw_opener`` (files on disk) returns the bytes as stored, hashed for
    ``.gz`` / ``.zst`` inputs so that the digest matches ``sha256sum``.
    ``seekable`` means a plain file on disk: byte ranges can be read.
    """

    path: str
    member: str | None
    name: str
    opener: Callable[[], BinaryIO]
    seekable: bool = False
    raw_opener: Callable[[], BinaryIO] | None = None
    fmt: str | None = None
    hints: dict[str, object] = field(default_factory=dict)

    @property
    def display(self) -> str:
        """``path`` or ``path!member``: how problems name this input."""
        return self.path if self.member is None else f"{self.path}!{self.member}"


def iter_sources(
    paths: Iterator[str] | list[str] | tuple[str, ...],
    limits: ZipLimits | None = None,
) -> Iterator[Source | Problem]:
    """Every source under ``paths``, in order; unusable paths as problems."""
    limits = limits or ZipLimits()
    seen: set[str] = set()
    for path in paths:
        if path == "-":
            yield from _stdin(limits)
            continue
        yield from _path(path, seen, limits, top=True)


def _stdin(limits: ZipLimits) -> Iterator[Source | Problem]:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the run
    stream = sys.stdin.buffer
    while block := stream.read(1 << 20):
        spool.write(block)
    spool.flush()

    def opener() -> BinaryIO:
        handle = os.fdopen(os.dup(spool.fileno()), "rb")
        handle.seek(0)
        return handle

    yield from _container(Source("-", None, "stdin", opener, seekable=True), limits, 0)


def _path(
    path: str, seen: set[str], limits: ZipLimits, *, top: bool
) -> Iterator[Source | Problem]:
    try:
        info = os.stat(path)
    except OSError as exc:
        yield Problem(path, None, _os_reason(exc))
        return
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    if stat.S_ISDIR(info.st_mode):
        yield from _folder(path, seen, limits)
        return
    if not stat.S_ISREG(info.st_mode):
        yield Problem(path, None, "not a regular file (device, socket or pipe)")
        return
    if not top and _skipped_name(os.path.basename(path)):
        return

    def opener() -> BinaryIO:
        return open(path, "rb")

    yield from _container(
        Source(path, None, os.path.basename(path), opener, seekable=True), limits, 0
    )


IGNORE_FILE = ".cocoscanignore"


@functools.lru_cache(maxsize=4096)
def _ignore_patterns(folder: str) -> tuple[str, ...]:
    """Globs of a folder's ``.cocoscanignore`` (gitignore-like, no negation)."""
    try:
        with open(os.path.join(folder, IGNORE_FILE), encoding="utf-8") as fh:
            lines = [line.strip() for line in fh]
    except (OSError, UnicodeDecodeError):
        return ()
    return tuple(line for line in lines if line and not line.startswith("#"))


def is_ignored(path: str) -> bool:
    """True when a ``.cocoscanignore`` in a folder above ``path`` lists it.

    As ripgrep's ``.ignore``: a pattern without ``/`` matches the name at
    any depth below the folder, one with ``/`` the path relative to it. Only
    folder walks use this: a file named on the command line is always read.
    """
    absolute = os.path.abspath(path)
    name = os.path.basename(absolute)
    folder = os.path.dirname(absolute)
    while True:
        for pattern in _ignore_patterns(folder):
            rel = os.path.relpath(absolute, folder).replace(os.sep, "/")
            target = rel if "/" in pattern.strip("/") else name
            if fnmatch.fnmatchcase(target, pattern.strip("/")):
                return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def _skipped_name(name: str) -> bool:
    return name in JUNK_NAMES or os.path.splitext(name)[1].lower() in MEDIA_EXTENSIONS


def _folder(path: str, seen: set[str], limits: ZipLimits) -> Iterator[Source | Problem]:
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        yield Problem(path, None, _os_reason(exc))
        return
    if "users.json" in names and "channels.json" in names:
        yield from _slack_folder(path, names, seen)
        return
    for name in names:
        child = os.path.join(path, name)
        if name in JUNK_NAMES or name == IGNORE_FILE or is_ignored(child):
            continue
        yield from _path(child, seen, limits, top=False)


def _slack_folder(
    root: str, names: list[str], seen: set[str]
) -> Iterator[Source | Problem]:
    from cocoscan.ingest.slack import load_users

    try:
        with open(os.path.join(root, "users.json"), "rb") as handle:
            users = load_users(handle.read())
    except OSError as exc:
        yield Problem(os.path.join(root, "users.json"), None, _os_reason(exc))
        users = {}
    for name in names:
        sub = os.path.join(root, name)
        if name in SLACK_META or name in JUNK_NAMES or not os.path.isdir(sub):
            continue
        try:
            days = sorted(os.listdir(sub))
        except OSError as exc:
            yield Problem(sub, None, _os_reason(exc))
            continue
        for day in days:
            if not day.endswith(".json"):
                continue
            file = os.path.join(sub, day)
            real = os.path.realpath(file)
            if real in seen:
                continue
            seen.add(real)

            def opener(file: str = file) -> BinaryIO:
                return open(file, "rb")

            yield Source(
                file,
                None,
                day,
                opener,
                seekable=True,
                fmt="slack",
                hints={"slack_users": users, "slack_channel": name},
            )


def _os_reason(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return reason[0].lower() + reason[1:] if reason else "cannot open"


def _magic(opener: Callable[[], BinaryIO]) -> bytes:
    with opener() as handle:
        return handle.read(4)


def _container(
    src: Source, limits: ZipLimits, depth: int
) -> Iterator[Source | Problem]:
    """Unwrap a gzip / zstd / zip container, by magic bytes then extension."""
    try:
        magic = _magic(src.opener)
    except OSError as exc:
        yield Problem(src.display, None, _os_reason(exc))
        return
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        yield Problem(
            src.display, None, f"corrupt compressed data ({type(exc).__name__})"
        )
        return
    lower = src.name.lower()
    if magic.startswith(ZIP_MAGIC) or (lower.endswith(".zip") and magic == EMPTY_ZIP):
        yield from _zip(src, limits, depth)
        return
    if magic.startswith(GZIP_MAGIC):
        yield _wrapped(
            src, _gunzip, src.name[:-3] if lower.endswith(".gz") else src.name
        )
        return
    if magic.startswith(ZSTD_MAGIC):
        yield _wrapped(
            src, _unzstd, src.name[:-4] if lower.endswith(".zst") else src.name
        )
        return
    for ext, kind in ((".gz", "gzip"), (".zst", "zstd"), (".zip", "zip")):
        if lower.endswith(ext) and magic:
            yield Problem(src.display, None, f"not a {kind} file (bad magic bytes)")
            return
    yield src


def _gunzip(raw: BinaryIO) -> BinaryIO:
    return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]


def _unzstd(raw: BinaryIO) -> BinaryIO:
    import zstandard

    reader = zstandard.ZstdDecompressor().stream_reader(
        raw, read_across_frames=True, closefd=True
    )
    return cast(BinaryIO, io.BufferedReader(reader))


def _wrapped(src: Source, layer: Callable[[BinaryIO], BinaryIO], name: str) -> Source:
    inner = src.opener

    def opener() -> BinaryIO:
        raw = inner()
        try:
            stream = layer(raw)
        except Exception:
            raw.close()
            raise
        return cast(BinaryIO, _CloseBoth(stream, raw))

    return Source(
        src.path,
        src.member,
        name,
        opener,
        seekable=False,
        raw_opener=src.raw_opener or (inner if src.member is None else None),
        fmt=src.fmt,
        hints=src.hints,
    )


class _CloseBoth(io.RawIOBase):
    """Reads from ``stream``; closing closes ``stream`` and ``under``."""

    def __init__(self, stream: BinaryIO, under: BinaryIO) -> None:
        self._stream = stream
        self._under = under

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(b))
        b[: len(data)] = data
        return len(data)

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            self._under.close()
            super().close()


# -- zip ------------------------------------------------------------------------


def _zip(src: Source, limits: ZipLimits, depth: int) -> Iterator[Source | Problem]:
    if depth >= limits.max_depth:
        yield Problem(
            src.display, None, f"archive nested deeper than {limits.max_depth} levels"
        )
        return
    try:
        if src.member is None and src.seekable:
            open_container = src.opener
        else:
            with src.opener() as handle:
                data = handle.read(limits.max_nested + 1)
            if len(data) > limits.max_nested:
                yield Problem(src.display, None, "nested archive over the size limit")
                return

            def open_container() -> BinaryIO:
                return io.BytesIO(data)

        with open_container() as handle, zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
            handle.seek(0, os.SEEK_END)
            archive_size = handle.tell()
            users = _slack_users(archive, infos)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        yield Problem(
            src.display, None, f"unreadable zip archive ({type(exc).__name__})"
        )
        return
    yield from _members(src, open_container, infos, users, limits, depth, archive_size)


def _slack_users(
    archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> dict[str, str] | None:
    root = _slack_root({i.filename for i in infos})
    if root is None:
        return None
    from cocoscan.ingest.slack import load_users

    try:
        return load_users(archive.read(root + "users.json"))
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return {}


def _members(
    src: Source,
    open_container: Callable[[], BinaryIO],
    infos: list[zipfile.ZipInfo],
    slack_users: dict[str, str] | None,
    limits: ZipLimits,
    depth: int,
    archive_size: int,
) -> Iterator[Source | Problem]:
    if len(infos) > limits.max_members:
        yield Problem(
            src.display,
            None,
            f"zip archive over the limit of {limits.max_members} members",
        )
        return
    total = sum(i.file_size for i in infos)
    if total > limits.max_total:
        yield Problem(
            src.display, None, f"zip archive over the size limit ({total} bytes)"
        )
        return
    # NOTE: not ZipInfo.is_dir(): it indexes filename[-1] and raises
    # IndexError on a member with an empty name (found by fuzzing).
    files = sorted(
        (i for i in infos if not i.filename.endswith("/")), key=lambda i: i.filename
    )
    names = {i.filename for i in files}
    slack_root = _slack_root(names) if slack_users is not None else None
    users = slack_users or {}
    for info in files:
        name = info.filename
        base = name.rstrip("/").rsplit("/", 1)[-1]
        member = name if src.member is None else f"{src.member}!{name}"
        if _skipped_name(base) or any(p in JUNK_NAMES for p in name.split("/")):
            continue
        where = f"{src.path}!{member}"
        if info.flag_bits & 0x1:
            yield Problem(where, None, "encrypted zip member (not read)")
            continue
        # NOTE: the declared compressed size can lie (zip64 streaming); the
        # archive's own size bounds it.
        packed = max(min(info.compress_size, archive_size), 1)
        if (
            info.file_size > limits.ratio_floor
            and info.file_size > limits.max_ratio * packed
        ):
            ratio = info.file_size // packed
            yield Problem(
                where,
                None,
                f"compression ratio {ratio}:1 over the limit of {limits.max_ratio}:1"
                " (zip bomb?)",
            )
            continue
        fmt, hints = src.fmt, dict(src.hints)
        if slack_root is not None:
            rel = name[len(slack_root) :]
            if "/" not in rel:
                continue  # users.json, channels.json...: metadata, not messages
            if rel.endswith(".json"):
                fmt = "slack"
                hints = {
                    "slack_users": users,
                    "slack_channel": rel.split("/", 1)[0],
                }
        child = Source(
            src.path,
            member,
            base,
            _member_opener(open_container, info.filename),
            seekable=False,
            fmt=fmt,
            hints=hints,
        )
        yield from _container(child, limits, depth + 1)


def _slack_root(names: set[str]) -> str | None:
    for name in names:
        if name.endswith("users.json"):
            root = name[: -len("users.json")]
            if (not root or root.endswith("/")) and root + "channels.json" in names:
                return root
    return None


def _member_opener(
    open_container: Callable[[], BinaryIO], name: str
) -> Callable[[], BinaryIO]:
    """Each call opens the archive afresh: a stream outlives any generator."""

    def opener() -> BinaryIO:
        handle = open_container()
        try:
            archive = zipfile.ZipFile(handle)
            member = archive.open(name)
        except RuntimeError as exc:  # encrypted member
            handle.close()
            raise OSError(str(exc).split(",")[0]) from None
        except (zipfile.BadZipFile, NotImplementedError, ValueError) as exc:
            handle.close()
            raise OSError(f"unreadable zip member ({type(exc).__name__})") from None
        return cast(BinaryIO, _CloseBoth(cast(BinaryIO, member), handle))

    return opener
