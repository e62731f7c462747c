"""``planctl fmt``: one layout for every plan file, without losing a comment or a value.

Plans are written by hand, by several people, in several editors; ``fmt``
gives them one layout so that a review shows what changed in the plan, not
in its spaces. The layout is the one the examples are written in:

* mappings indented by two spaces, list items by four with the dash two in
  (``goals:`` then ``  - title: ...``);
* every comment kept, at its place: a comment line belongs to the key below
  it, moves with that key and takes its indentation, unless it is indented
  deeper than that key, when it belongs to the value above it; a comment
  at the end of a line stays on that line, at the same distance from the
  line's indentation; a comment between a list item's dash and the item
  (``- # note``, or below ``- &name``) goes above the dash; the
  ``# yaml-language-server: $schema=...`` line stays first;
* the author's styles kept: quotes, ``>-`` and ``|`` blocks (never
  re-wrapped), ``{start: 2013-04, end: 2014-06}`` and ``[A, B]`` on one line,
  blank lines between items; values are never rewritten (``yes``, ``~``,
  ``2013-05`` and ``0012`` stay as written);
* lists are never reordered;
* lines end with LF (a file saved with CRLF line ends, or with a byte order
  mark, comes out with LF and without the mark), carry no trailing spaces
  (except inside ``|`` and ``>`` blocks, where they are text), and the file
  ends with one newline.

Keys are put in one order, from the plan down to its steps:

* the plan: ``planctl``, ``template``, ``title``, ``organization``,
  ``period``, ``status``, ``adopted``, ``description``, ``currency``,
  ``sections``, ``people``, ``silence``, then the template's top level
  (``goals``, ``strategies`` or ``objectives``);
* a goal, objective or strategy: ``id``, ``title``, ``description``,
  ``owners``, ``tags``, ``status``, ``measure``, ``measures``, ``cost``,
  ``aligns_to``, ``comments``, ``silence``, then the levels below it;
* an action step: ``id``, ``action``, ``description``, then the fields of
  the step's row (:data:`STEP_ROW`: ``phase``, ``repeat``, ``start``,
  ``due``, ``dates``, ``owners``, ``outcome``, ``measure``, ``measures``, ``cost``,
  ``resources``, ``benefits``, ``tags``, ``status``, ``completed``,
  ``updates``, ``comments``) with the template's columns in the template's
  order, then ``aligns_to`` and ``silence``. Each column brings the fields
  that follow it in that row up to the next column (``dates`` follows
  ``due``); fields before the first column stay first. With the default
  template's columns this is the row as listed; the Boston work plan's
  columns (action, due, outcome, measure, owners, comments) put ``outcome``
  and ``measure`` before ``owners``.

A district's own fields (the template's ``fields:``) stay right after the key
the author wrote them after. Keys planctl does not know keep their order,
after the known ones and before the levels below; a YAML merge key
(``<<: *defaults``) stays first. The keys inside a value (a measure, a
cost, a period, a person) keep the author's order.

An invalid file (not YAML, a duplicate key, a tag, too large or deep, not
the shape of a plan, a template that does not load) is never rewritten:
``fmt`` reports why instead. Every result is checked before it is written:
the plan's data must read back the same, and every comment must still be
there. A comment the YAML library cannot keep (between a key and its text
on the next line, between ``key: &name`` and its text, inside a bracketed
list spread over lines) is reported at its line, and the file is left as it
is. A read-only file is left as it is too, unless ``force`` says to format
it anyway (it stays read-only).

With ``normalize_dates``, dates a planner wrote in words (``May/2013``,
``April-May 2013``, ``SY 2013-14``) are rewritten in planctl's normal form
(``2013-05``, ``2013-04..2013-05``, ``2013-07..2014-06``) when they read
the same in that form; dates planctl cannot place (``Mid-way and final
check in``) and dates counted from the plan's period (``Year 2``,
``Ongoing``, ``By June 2024``) are left as written.
"""

from __future__ import annotations

from planctl.fmt.command import format_file, run, summary
from planctl.fmt.core import format_text
from planctl.fmt.dates import canonical_date
from planctl.fmt.order import STEP_ROW, step_order
from planctl.fmt.problems import BLOCKING_RULES, CannotFormat, FormatIntegrityError

__all__ = [
    "BLOCKING_RULES",
    "STEP_ROW",
    "CannotFormat",
    "FormatIntegrityError",
    "canonical_date",
    "format_file",
    "format_text",
    "run",
    "step_order",
    "summary",
]
