"""A .docx or .xlsx package checked part by part, by the bytes it really unpacks to.

A zip member's header declares its size, but nothing makes the compressed data agree: a small
file can unpack to gigabytes, and a header can claim a few bytes for a part that unpacks to a
gigabyte (the zip libraries then unpack it in one piece before they notice). So before Word or
Excel reading starts, every part is unpacked here in small pieces, counted as it comes and
thrown away: the reading stops the moment the running totals pass :data:`MAX_UNPACKED` (all
parts) or :data:`MAX_XML` (the XML parts, which the readers parse), or a part unpacks to more
than its header declares. A part that ends short of its declared size or fails its CRC is
damaged. When the check passes, every header is known to be true and the totals small, so the
readers (python-docx, openpyxl) can be handed the same bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from planctl.importer.source import (
    MAX_BYTES,
    MAX_PARTS,
    MAX_UNPACKED,
    MAX_XML,
    CannotImport,
    beyond,
)

CHUNK = 1024 * 1024
"""Bytes unpacked at a time: the most the check holds in memory."""
XML_SUFFIXES = (".xml", ".rels", ".vml")
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_LOCAL_MAGIC = b"PK\x03\x04"
_MB = 1024 * 1024


def read_bounded(path: Path) -> bytes:
    """The bytes of ``path``, refused past :data:`MAX_BYTES` whatever its size claims to be."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise CannotImport(f"cannot read {path}: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise too_big(path.name)
    return raw


def too_big(name: str, size: int | None = None) -> CannotImport:
    """The refusal of a file larger than :data:`MAX_BYTES`."""
    found = f"{size / _MB:.1f} MB" if size is not None else f"more than {MAX_BYTES // _MB} MB"
    return beyond(f"{name} is {found}", f"{MAX_BYTES // _MB} MB a file", "a plan is far smaller")


def check(raw: bytes, name: str, kind: str) -> None:
    """Refuse the package ``raw`` (the file ``name``, a ``kind`` such as "Word (.docx)") if it
    is damaged, misleading or unpacks past a limit; return when it is safe to read."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    broken = CannotImport(
        f"{name} cannot be read as a {kind} file: it is damaged or not really a .{suffix}; "
        "open it and save it again"
    )
    if not raw.startswith(_LOCAL_MAGIC):
        raise broken
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise broken from None
    if len(entries) > MAX_PARTS:
        raise beyond(
            f"{name} has {len(entries):,} parts",
            f"{MAX_PARTS:,} parts in a package",
            "Word and Excel write a few dozen",
        )
    total = xml = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise CannotImport(
                f"{name} is password-protected: save it without a password and import that"
            )
        is_xml = entry.filename.lower().endswith(XML_SUFFIXES)
        size = 0
        crc = 0
        for piece in _unpack(raw, entry, broken):
            size += len(piece)
            total += len(piece)
            xml += len(piece) if is_xml else 0
            if total > MAX_UNPACKED:
                raise beyond(
                    f"{name} unpacks to more than {MAX_UNPACKED // _MB} MB",
                    f"{MAX_UNPACKED // _MB} MB unpacked",
                    "a plan's document unpacks to a few MB",
                )
            if xml > MAX_XML:
                raise beyond(
                    f"{name} holds more than {MAX_XML // _MB} MB of XML",
                    f"{MAX_XML // _MB} MB of XML",
                    "a plan's document holds a few MB",
                )
            if size > entry.file_size:
                raise CannotImport(
                    f"{name} cannot be read as a {kind} file: its part {_shown(entry.filename)} "
                    f"unpacks to more than the {entry.file_size:,} bytes its header declares "
                    "(the file is damaged or made to mislead); open it and save it again"
                )
            crc = zlib.crc32(piece, crc)
        if size != entry.file_size or crc != entry.CRC:
            raise broken


def _unpack(raw: bytes, entry: zipfile.ZipInfo, broken: CannotImport) -> Iterator[bytes]:
    """The unpacked bytes of ``entry``, at most :data:`CHUNK` at a time."""
    start = entry.header_offset
    header = raw[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise broken
    magic, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if magic != _LOCAL_MAGIC:
        raise broken
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    data = memoryview(raw)[begin : begin + entry.compress_size]
    if len(data) < entry.compress_size:
        raise broken
    if entry.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(data), CHUNK):
            yield bytes(data[offset : offset + CHUNK])
        return
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        raise broken  # Word and Excel store or deflate; nothing else
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    offset = 0
    try:
        while not inflater.eof:
            pending: bytes | memoryview = inflater.unconsumed_tail
            if not pending:
                if offset >= len(data):
                    raise broken  # the data ends before the deflate stream does
                pending = data[offset : offset + CHUNK]
                offset += CHUNK
            # max_length keeps each piece small however far the data inflates
            yield inflater.decompress(pending, CHUNK)
    except zlib.error:
        raise broken from None


def _shown(name: str) -> str:
    """A part name fit for a message: printable, and not too long."""
    text = "".join(char if char.isprintable() else "?" for char in name)
    return repr(text if len(text) <= 80 else text[:77] + "...")
