"""Dates and timelines as planners write them, placed on a calendar.

Action plans come from Word tables, so a step's date reads ``May/2013``,
``April-May/2013``, ``Quarterly/2013-14``, ``Late April/early May 2014`` or
``Ongoing``. :func:`parse_timeline` turns such text into a :class:`Timeline`
(the first and last day it covers, and how precise its end is) or raises a
:class:`TimelineError` whose message and hint are written for the planner who
will read them.

Forms read (case does not matter; ``-``, ``–``, ``—``, ``to``, ``through`` and
``thru`` all separate the two ends of a range):

* ISO: ``2013-05-15``, ``2013-05``, ``2013``; ISO intervals ``2013-05..2014-06``
  and ``2013-05/2014-06``.
* Months and days: ``May 2013``, ``May/2013``, ``May, 2013``, ``05/2013``,
  ``6/1/2024`` (month first), ``August 15, 2013``, ``15 August 2013``,
  ``Aug. 15th, 2013``; ``early``, ``mid``, ``late``, ``beginning of``,
  ``middle of`` and ``end of`` before a month are ignored.
* Ranges: ``April-May 2013``, ``April 1-15, 2014``, ``Late April/early May
  2014``, ``December 2003-January 2004``, ``August-May 2013-14`` (each month
  in its school year), ``Summer 2025-Summer 2026``.
* School years: ``2013-14``, ``2013-2014``, ``SY 2013-14``, ``2021-2022 SY``,
  ``2016 – 2017 School Year``, ``school year 2013-14``, ``21-22`` and ``SY
  21-22`` (two-digit years in the century nearest the plan period, else
  2000-2099); seasons: ``Fall 2024``, ``Winter 2024`` (December to
  February), ``Spring 2025``, ``Summer 2025`` (also ``Summer School 2025``).
* Deadlines: ``By June 2024``, ``by the end of June 2024``, ``no later than
  June 2024``, ``due June 2024``: a range from the start of the plan period
  (or, without a period or when the deadline comes before it, from the start
  of the deadline itself) to the deadline.
* Repeats: ``Quarterly/2013-14``, ``Monthly, 2024-25``, ``Weekly during SY
  2013-14``, and ``Review annually``, ``Twice a year``, ``Every two weeks``
  over the whole plan period.
* Yearly dates: a day, month or season with no year, repeated in each school
  year of the plan period: ``By March 30 of each year``, ``By November of
  each year``, ``Annually in May``, ``Each fall``, ``every May``. Kind
  ``yearly``: each occurrence that falls wholly inside the period is one of
  its ``milestones``.
* The plan period: ``Year 3``, ``Years 1-5`` (school years counted from the
  one the period starts in), ``Ongoing``, ``All year``, ``Throughout the
  year``.
* Milestones: several of the above separated by commas, semicolons or lines
  (``21-22; 22-23; 23-24``). A bare year after a season, month or day takes
  it over: ``Summer 2022, 2023, 2024`` and ``Summer School (3 years: 2022,
  2023, 2024)`` are three summers.

``2011-12`` is read as December 2011 (ISO), not as a school year, unless ``SY``
or ``school year`` is written next to it; ``2013-2015`` and ``2013-15`` are
rejected because a school year spans two years in a row. Dates must fall in
the years 1900 to 2100.

A calendar year alone (``2012``, ``2013..2015``, ``By 2018``) reads as January
to December and is marked :attr:`Timeline.year_only`: a measurement period,
but no completion date (the ``date-format`` rule reports it where a month is
needed). ``October 2003-2012`` and ``October 2003 - 2012`` read the same:
October 2003 to the year 2012, whose month is not written (so, as a due date,
it is reported the same way rather than guessed to be June or December).

:func:`parse_period_end` reads an end of the plan period: a month, a day, a
calendar year or a school year (the template's first month to the month
before it a year later).

The reading is split by stage: :mod:`~planctl.timeline.lexer` (tokens),
:mod:`~planctl.timeline.grammar` (one date, range or plan year),
:mod:`~planctl.timeline.messages` (what is wrong and what to write),
:mod:`~planctl.timeline.parse` (lists, repeats, deadlines and the entry
points) and :mod:`~planctl.timeline.model` (the results and the calendar).
"""

from __future__ import annotations

from planctl.timeline.model import Kind, Precision, Reason, Timeline, TimelineError
from planctl.timeline.parse import parse_month, parse_period_end, parse_timeline

__all__ = [
    "Kind",
    "Precision",
    "Reason",
    "Timeline",
    "TimelineError",
    "parse_month",
    "parse_period_end",
    "parse_timeline",
]
