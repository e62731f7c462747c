"""The Word package: its core properties and its bytes, the same for the same plans and date."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from docx.opc.constants import CONTENT_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _properties(document: Any, packet: Mapping[str, Any]) -> None:
    """Title and dates of the file: from the packet, never from the clock."""
    had_core = any(
        part.content_type == CONTENT_TYPE.OPC_CORE_PROPERTIES
        for part in document.part.package.iter_parts()
    )
    properties = document.core_properties
    properties.title = _limit(str(packet.get("title", "")))
    properties.subject = _limit(str(packet.get("organization", "")))
    language = str(packet.get("lang") or "en")
    properties.language = language
    _default_language(document, language)
    properties.last_modified_by = "planctl"
    sources = [
        str(source.get("path", "")) + (f" at {source['commit']}" if source.get("commit") else "")
        for source in packet.get("sources", [])
        if isinstance(source, Mapping)
    ]
    comments = f"Rendered by planctl {packet.get('version', '')} from " + (
        "; ".join(sources) or "no plan files"
    )
    properties.comments = _limit(comments)
    properties.revision = 1
    match = _DATE.match(str(packet.get("date", "")))
    when = None
    if match:
        try:
            year, month, day = (int(group) for group in match.groups())
            when = datetime(year, month, day, tzinfo=timezone.utc)
        except ValueError:
            when = None
    if when is None and not had_core:
        when = datetime(2000, 1, 1, tzinfo=timezone.utc)
    if when is not None:
        properties.created = when
        properties.modified = when


def _default_language(document: Any, language: str) -> None:
    """The language of the document's text (Word's proofing language) where it is another.

    A layout's own (``en-US`` in those planctl ships) stays when it is a kind of the
    plan's (``en``): it says more.
    """
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run = defaults.find(qn("w:rPrDefault"))
    if run is None:
        run = OxmlElement("w:rPrDefault")
        defaults.insert(0, run)
    properties = run.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    current = lang.get(qn("w:val")) or ""
    if current.split("-")[0].lower() != language.split("-")[0].lower() or "-" in language:
        lang.set(qn("w:val"), language)


def _limit(text: str) -> str:
    """Word's core properties hold 255 characters."""
    return text if len(text) <= 255 else text[:254] + "…"


def deterministic_zip(data: bytes) -> bytes:
    """The same package with fixed entry dates and attributes: same input, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
