"""Checks made while a file is read, before the plan rules run.

These are not rule modules: the loader (:mod:`planctl.load`), the model
builder (:mod:`planctl.model.build`) and the template finder report them.
They are documented here so ``planctl rules`` and SARIF list them with the
others. They are always errors, except ``unknown-key``, whose severity a
template may set.
"""

from __future__ import annotations

from planctl.problem import RuleDoc, Severity

FILE_CHECKS = (
    RuleDoc(
        id="file-unreadable",
        name="Readable file",
        summary="The file can be read as UTF-8 text of a reasonable size.",
        description=(
            "Plan files are UTF-8 text (a byte-order mark and Windows line ends are fine). "
            "Files saved as UTF-16 or Latin-1, binary files, folders and files over 32 MB "
            "are reported instead of read."
        ),
        default_severity=Severity.ERROR,
        fail_example=(
            "(a plan saved as UTF-16, or with the byte 0xE9 for é in Latin-1)\ntitle: caf\\xe9"
        ),
        pass_example="(the same plan saved as UTF-8)\ntitle: café",
    ),
    RuleDoc(
        id="yaml-syntax",
        name="YAML syntax",
        summary="The file is valid YAML.",
        description=(
            "The file must be valid YAML 1.2: consistent indentation with spaces (never tabs), "
            "closed quotes and brackets, text containing ': ' in quotes, a space before the "
            "'#' of a comment. This rule means the text is not YAML at all; YAML that a plan "
            "cannot hold is 'yaml-unsupported'."
        ),
        default_severity=Severity.ERROR,
        fail_example="title: Plan: 2024\n  goals:\n\t- title: Tabs are not allowed",
        pass_example='title: "Plan: 2024"\ngoals:\n  - title: Spaces only',
    ),
    RuleDoc(
        id="yaml-unsupported",
        name="One plain document",
        summary="The file is one YAML document whose keys are names.",
        description=(
            "Some valid YAML cannot be a plan, so planctl refuses it by design: a second "
            "document in the file (after a '---' or '...'), and a key that is not text: a "
            "list or mapping used as a key ('? [a, b]'), or an empty key (': value'). Each "
            "plan goes in its own file, and every key is a field name."
        ),
        default_severity=Severity.ERROR,
        fail_example="planctl: 1\ntitle: Reading plan\n---\nplanctl: 1\ntitle: Math plan",
        pass_example="planctl: 1\ntitle: Reading plan\n(and the math plan in a file of its own)",
    ),
    RuleDoc(
        id="duplicate-key",
        name="No duplicate keys",
        summary="A key appears once in each mapping.",
        description=(
            "When a key is written twice in the same mapping, most YAML readers silently keep "
            "the second value. planctl reports it so nothing the planner wrote is lost."
        ),
        default_severity=Severity.ERROR,
        fail_example="- action: Standardize job descriptions\n  due: 2013-05\n  due: 2013-06",
        pass_example="- action: Standardize job descriptions\n  due: 2013-06",
    ),
    RuleDoc(
        id="yaml-tag",
        name="No YAML tags",
        summary="Plan files hold plain values; YAML tags such as !!python/object are refused.",
        description=(
            "Plans are data. A tag that would make a YAML library construct an object or run "
            "code is refused, and nothing it names is ever executed. The core tags (!!str, "
            "!!int, !!float, !!bool, !!null, !!map, !!seq) are allowed when the value is of "
            "their type: '!!int hello' and '!!map [a]' are reported. '!!str' fits any text."
        ),
        default_severity=Severity.ERROR,
        fail_example="title: !!python/object/apply:os.system [echo]\ncost: !!int twelve",
        pass_example="title: Teacher Leader Team Work Plan",
    ),
    RuleDoc(
        id="yaml-limits",
        name="Bounded size",
        summary="Aliases and nesting stay within planctl's limits.",
        description=(
            "Anchors and aliases may repeat a value, but not expand the file past 100,000 "
            "values (a 'billion laughs' file), and data may not nest deeper than 100 levels."
        ),
        default_severity=Severity.ERROR,
        fail_example='a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "(and so on, each line ten times the one before)",
        pass_example="base: &owners [Shakera Walker, Facilitator Leads]\n"
        "goals:\n  - title: Communication\n    owners: *owners",
    ),
    RuleDoc(
        id="plan-structure",
        name="Plan structure",
        summary="The file is a plan: 'planctl: 1', and each field holds the right kind of value.",
        description=(
            "A plan file is a mapping that starts with 'planctl: 1'. Goals, objectives and "
            "steps are lists of mappings; titles and dates are text; costs are numbers; "
            "owners are a name or a list of names."
        ),
        default_severity=Severity.ERROR,
        fail_example="- Standardize job descriptions\n- Host a meeting",
        pass_example="planctl: 1\ntitle: Work plan\ngoals:\n  - title: Communication",
    ),
    RuleDoc(
        id="unknown-key",
        name="Known fields",
        summary="Every key is a field planctl knows, or one the template adds.",
        description=(
            "A misspelt key ('owner:' for 'owners:', 'timeline:' for 'due:') would silently "
            "leave a field empty, so unknown keys are reported with the closest known name. "
            "A template may add the district's own fields."
        ),
        default_severity=Severity.ERROR,
        fail_example="- action: Standardize job descriptions\n  owner: Shakera Walker",
        pass_example="- action: Standardize job descriptions\n  owners: [Shakera Walker]",
    ),
    RuleDoc(
        id="template",
        name="Known template",
        summary="The plan's template exists, is readable and stays inside the repository.",
        description=(
            "'template:' names a built-in template (see 'planctl templates') or a template "
            "file by a path relative to the plan, inside the plan repository."
        ),
        default_severity=Severity.ERROR,
        fail_example="template: ../../other-district/template.yaml",
        pass_example="template: tlt-work-plan",
    ),
    RuleDoc(
        id="config",
        name="Project settings",
        summary="planctl.toml is valid TOML and names real settings, rules and files.",
        description=(
            "The repository's planctl.toml may set plans (file patterns), template (the "
            "default plan template), roster (a YAML file of people), as_of (a date) and "
            "[rules] severities. Unknown settings, rules and severities are reported at "
            "their line, with the closest known name."
        ),
        default_severity=Severity.ERROR,
        fail_example='[rules]\nsmart-measur = "off"',
        pass_example='[rules]\nsmart-measure = "off"',
    ),
    RuleDoc(
        id="silence",
        name="Silenced with a reason",
        summary="A rule silenced on a node names a real rule and says why.",
        description=(
            "'silence: {rule-id: reason}' on a goal, objective or step turns a rule off for "
            "that node and everything below it. The reason is required, so reviewers can see "
            "why the plan departs from the template."
        ),
        default_severity=Severity.ERROR,
        fail_example="silence: {required-fields: ''}",
        pass_example="silence: {required-fields: Funded by the district budget; no cost line}",
    ),
)
