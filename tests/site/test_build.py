"""``planctl site``: the pages, links, search index, feed, labels and what refuses a build.

Every page is read back by html5lib (as a browser would parse it) and every
link is followed on disk; the feed and sitemap are read as XML.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import html5lib
import pytest

from planctl.config import Settings, load_settings
from planctl.errors import UserError
from planctl.site.build import MARKER
from planctl.site.command import SiteOptions, public_settings, run
from planctl.site.labels import labels_dir, languages, load_labels, read_labels
from tests.git_helpers import git

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ALIGNMENT = ROOT / "tests" / "data" / "alignment"
DISTRICT_OLD = ROOT / "tests" / "data" / "diff" / "district-old.plan.yaml"
DISTRICT_NEW = ROOT / "tests" / "data" / "diff" / "district-new.plan.yaml"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def build(output: Path, *plans: str, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    given = SiteOptions(list(plans) or [str(EXAMPLES)], output, **options)
    code = run(given, Settings(), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    code, _, err = build(folder)
    assert code == 0, err
    return folder


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


class _Links(HTMLParser):
    """Every href and src of a page, and every id in it."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.links.append(value)
            elif name == "id":
                self.ids.add(value)


def links_of(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_the_site_has_an_index_a_page_per_plan_and_the_pages_across_plans(site: Path) -> None:
    for name in ("index.html", "scorecard.html", "changes.html", "search.html", "all.html"):
        assert (site / name).is_file(), name
    plans = sorted(EXAMPLES.glob("*.plan.yaml"))
    shown = sorted((site / "plans").glob("*.html"))
    assert [page.stem for page in shown] == [plan.name.removesuffix(".plan.yaml") for plan in plans]
    assert (site / MARKER).is_file()
    assert (site / "feed.xml").is_file() and (site / "search-index.json").is_file()
    assert not (site / "sitemap.xml").exists(), "a sitemap needs --base-url"


def test_every_page_parses_as_html5_without_an_error(site: Path) -> None:
    for page in pages(site):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(page.read_bytes())
        assert not parser.errors, (page, parser.errors[:3])


def test_every_link_is_relative_and_leads_to_a_file_and_anchor_of_the_site(site: Path) -> None:
    ids = {page: links_of(page).ids for page in pages(site)}
    followed = 0
    for page in pages(site):
        for link in links_of(page).links:
            if link == "data:,":  # the blank icon, which spares a request for one
                continue
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{page.name}: {link} leaves the site"
            assert not parts.path.startswith("/"), f"{page.name}: {link} is not relative"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {link} is broken"
            assert site.resolve() in target.parents
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in ids[target], f"{page.name}: {link}: no anchor"
            followed += 1
    assert followed > 500


def test_each_goal_has_an_anchor_the_index_of_its_plan_page_links_to(site: Path) -> None:
    page = site / "plans" / "district-pl-plan.html"
    found = links_of(page)
    assert {"#g1", "#g2", "#g3"} <= set(found.links)
    assert {"g1", "g1-o1", "g2"} <= found.ids
    text = page.read_text(encoding="utf-8")
    assert "Every teacher learns with colleagues" in text


def test_the_index_counts_each_plan_and_links_filters_to_pages_built_for_them(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count('class="plan-card"') == len(list(EXAMPLES.glob("*.plan.yaml")))
    filters = sorted((site / "filters").glob("*.html"))
    kinds = {page.name.split("-")[0] for page in filters}
    assert kinds == {"school", "goal", "owner"}
    school = site / "filters" / "school-riverbend-unified-school-district.html"
    text = school.read_text(encoding="utf-8")
    assert text.count('class="plan-card"') == 1
    assert "Professional Learning Plan 2024-2027" in text


def test_nothing_is_fetched_from_outside_the_site(site: Path) -> None:
    for page in pages(site):
        text = page.read_text(encoding="utf-8")
        assert "@import" not in text
        # SVG patterns are referenced inside the page (url(#id)), never from elsewhere.
        assert re.findall(r"url\((?!#)", text) == [], page.name
        for link in links_of(page).links:
            assert "//" not in link, (page.name, link)
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_every_page_names_the_commit_it_was_built_from(site: Path) -> None:
    commit = git(EXAMPLES, "rev-parse", "HEAD").strip()
    for page in pages(site):
        assert f'title="{commit}"' in page.read_text(encoding="utf-8"), page.name


def test_the_same_plans_give_the_same_bytes(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build(again)[0] == 0
    first = {
        path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }
    second = {
        path.relative_to(again): path.read_bytes() for path in again.rglob("*") if path.is_file()
    }
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_search_index_holds_every_step_and_the_plain_list_links_each(site: Path) -> None:
    index = json.loads((site / "search-index.json").read_text(encoding="utf-8"))
    kinds = {entry["k"] for entry in index}
    assert kinds == {"plan", "goal", "step", "owner", "measure"}
    steps = [entry for entry in index if entry["k"] == "step"]
    assert any("common planning time" in entry["t"] for entry in steps)
    script = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert json.loads(script.removeprefix("window.planctlSearch=").rstrip(";\n")) == index
    listed = (site / "all.html").read_text(encoding="utf-8")
    assert listed.count('<span class="kind">') == len(index)


def test_the_feed_is_atom_with_each_dated_update_newest_first(site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((site / "feed.xml").read_bytes())
    entries = feed.findall(f"{atom}entry")
    updated = [entry.findtext(f"{atom}updated", "") for entry in entries]
    dated = {
        plan.name.removesuffix(".plan.yaml"): plan.read_text(encoding="utf-8").count("{date: ")
        for plan in EXAMPLES.glob("*.plan.yaml")
    }
    assert len(entries) == sum(dated.values()) > 0
    assert updated == sorted(updated, reverse=True)
    for entry in entries:
        link = entry.find(f"{atom}link")
        assert link is not None
        page, _, anchor = link.get("href", "").partition("#")
        assert page.startswith("plans/") and dated[page[len("plans/") : -len(".html")]] > 0
        assert anchor
        assert entry.findtext(f"{atom}id", "").startswith("urn:planctl-site:")


def test_a_base_url_gives_canonical_links_and_a_sitemap_of_every_page(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    assert build(folder, base_url="https://plans.example.org/district")[0] == 0
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://plans.example.org/district/index.html">' in index
    sitemap = ElementTree.fromstring((folder / "sitemap.xml").read_bytes())
    locations = {
        element.text for element in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    expected = {
        "https://plans.example.org/district/" + page.relative_to(folder).as_posix()
        for page in pages(folder)
    }
    assert locations == expected


def test_a_base_url_must_be_an_address(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--base-url"):
        build(tmp_path / "site", base_url="plans.example.org")
    assert not (tmp_path / "site").exists()


def test_plans_aligned_to_a_district_plan_get_an_alignment_page(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    assert build(folder, str(ALIGNMENT))[0] == 0
    page = folder / "alignment.html"
    text = page.read_text(encoding="utf-8")
    assert 'href="plans/district-2024.html#g1-o1"' in text
    assert 'href="plans/lincoln-elementary.html">Lincoln Elementary School Improvement Plan' in text
    assert text.count(load_labels("en")["not_supported"]) == 2
    assert 'href="alignment.html"' in (folder / "index.html").read_text(encoding="utf-8")
    ids = links_of(folder / "plans" / "district-2024.html").ids
    for link in links_of(page).links:
        if link.startswith("plans/district-2024.html#"):
            assert link.split("#", 1)[1] in ids, link


def test_without_alignment_there_is_no_alignment_page(site: Path) -> None:
    assert not (site / "alignment.html").exists()
    assert "alignment.html" not in (site / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ labels


def test_every_language_has_every_label_english_has() -> None:
    english = read_labels(labels_dir() / "en.toml")
    assert set(languages()) >= {"en", "es"}
    for code in languages():
        words = read_labels(labels_dir() / f"{code}.toml")
        assert words.keys() == english.keys(), code


def test_a_spanish_site_speaks_spanish_and_keeps_plan_text_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    plan = str(EXAMPLES / "district-pl-plan.plan.yaml")
    assert build(folder, plan, lang="es")[0] == 0
    page = (folder / "plans" / "district-pl-plan.html").read_text(encoding="utf-8")
    spanish = load_labels("es")
    assert '<html lang="es">' in page
    for key in ("timeline", "costs", "updates", "overdue_step", "status_done"):
        assert spanish[key] in page, key
    # The plan's own words, as written, and marked as the plan's language.
    assert '<h1 lang="en">Professional Learning Plan 2024-2027</h1>' in page
    assert "Every teacher learns with colleagues" in page


def test_the_language_comes_from_planctl_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "planctl.toml").write_text('lang = "es"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = load_settings(tmp_path)
    assert settings.lang == "es" and not settings.problems
    shutil.copy(EXAMPLES / "guide-smart-goal.plan.yaml", tmp_path / "goal.plan.yaml")
    code = run(
        SiteOptions(["goal.plan.yaml"], tmp_path / "out"), settings, io.StringIO(), io.StringIO()
    )
    assert code == 0
    assert '<html lang="es">' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_a_language_without_labels_is_refused_naming_those_there_are() -> None:
    with pytest.raises(UserError, match="use one of en, es"):
        load_labels("fr")


# ------------------------------------------------------------------ the output folder


def test_a_folder_planctl_did_not_make_is_replaced_only_with_force(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    plan = str(EXAMPLES / "guide-smart-goal.plan.yaml")
    with pytest.raises(UserError, match="--force"):
        build(folder, plan)
    assert (folder / "notes.txt").is_file()
    assert build(folder, plan, force=True)[0] == 0
    assert not (folder / "notes.txt").exists() and (folder / MARKER).is_file()
    # Made by planctl site: built again without asking.
    assert build(folder, plan)[0] == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"], "no temporary is left"


def test_a_folder_holding_a_plan_is_never_replaced(tmp_path: Path) -> None:
    plan = tmp_path / "goal.plan.yaml"
    shutil.copy(EXAMPLES / "guide-smart-goal.plan.yaml", plan)
    with pytest.raises(UserError, match="holds the plan"):
        build(tmp_path, str(plan), force=True)
    assert plan.is_file()


# ------------------------------------------------------------------ privacy


PRIVATE_NOTE = "3 of the 4 students with disabilities in grade 5 met the benchmark."
FIXED_NOTE = "Fewer than 10 students with disabilities in grade 5 met the benchmark."


def private_plan(folder: Path, note: str = PRIVATE_NOTE) -> Path:
    """A plan whose update note counts too few students to be published."""
    plan = folder / "tutoring.plan.yaml"
    plan.write_text(
        "planctl: 1\n"
        "title: Tutoring\n"
        "goals:\n"
        "  - title: Literacy\n"
        "    steps:\n"
        "      - action: Tutor students with disabilities in grade 5\n"
        "        updates:\n"
        "          - date: 2025-01-10\n"
        f"            note: {note}\n",
        encoding="utf-8",
    )
    return plan


def test_the_plans_are_checked_as_public_documents() -> None:
    assert public_settings(Settings()).public is True
    assert Settings().public is False


def test_a_privacy_error_stops_the_site_before_anything_is_written(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    plan = private_plan(plans)
    folder = tmp_path / "site"
    code, out, err = build(folder, str(plan))
    assert code == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plans"], "nothing is written"
    assert (
        f"{plan}:9:19: error [privacy-small-count] Goal 1 › Action step 1 "
        "'Tutor students with disabilities in grade 5': '3 of the 4 students' counts fewer "
        "than 10 students" in out
    )
    assert "the site was not built: 1 privacy problem in 1 plan would be published" in err
    # Written as a planner would publish it, the same plan builds.
    private_plan(plans, FIXED_NOTE)
    code, _, err = build(folder, str(plan))
    assert code == 0, err
    assert FIXED_NOTE in (folder / "index.html").read_text(encoding="utf-8") or any(
        FIXED_NOTE in page.read_text(encoding="utf-8") for page in pages(folder)
    )


def test_a_privacy_error_leaves_an_earlier_site_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / MARKER).write_text("made by planctl site\n", encoding="utf-8")
    (folder / "index.html").write_text("earlier\n", encoding="utf-8")
    assert build(folder, str(private_plan(tmp_path)))[0] == 1
    assert (folder / "index.html").read_text(encoding="utf-8") == "earlier\n"


def test_a_privacy_rule_set_to_warning_does_not_stop_the_site(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    settings = Settings(rules={"privacy-small-count": "warning"})
    given = SiteOptions([str(private_plan(tmp_path))], tmp_path / "site")
    assert run(given, settings, out, err) == 0, err.getvalue()


# ------------------------------------------------------------------ what changed


@pytest.fixture
def repo(git_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plan tagged ``adopted-2024``, then revised and committed."""
    root = tmp_path / "plans-repo"
    (root / "plans").mkdir(parents=True)
    git(root, "init", "-q")
    plan = root / "plans" / "pl.plan.yaml"
    plan.write_bytes(DISTRICT_OLD.read_bytes())
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Adopted plan", when="2024-06-18")
    git(root, "tag", "adopted-2024")
    plan.write_bytes(DISTRICT_NEW.read_bytes())
    git(root, "commit", "-q", "-am", "Mid-year revision", when="2025-01-10")
    monkeypatch.chdir(root)
    return root


@needs_git
def test_what_changed_since_the_adoption_tag_is_a_page(repo: Path) -> None:
    code, _, err = build(repo / "site", "plans")
    assert code == 0, err
    page = (repo / "site" / "changes.html").read_text(encoding="utf-8")
    assert "<code>adopted-2024</code>" in page
    assert 'href="plans/pl.html"' in page
    assert "due moved 14 days earlier: 2025-03-15 → 2025-03-01" in page
    index = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert "of 2025-01-10" in index, "the commit's date"


@needs_git
def test_what_changed_since_a_revision_given(repo: Path) -> None:
    assert build(repo / "site", "plans", since="HEAD")[0] == 0
    page = (repo / "site" / "changes.html").read_text(encoding="utf-8")
    assert "<code>HEAD</code>" in page and "No planning changes since then." in page


def test_outside_git_what_changed_says_it_cannot_be_shown(
    git_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLES / "guide-smart-goal.plan.yaml", tmp_path / "goal.plan.yaml")
    monkeypatch.chdir(tmp_path)
    assert build(tmp_path / "site", "goal.plan.yaml", since="adopted-2024")[0] == 0
    page = (tmp_path / "site" / "changes.html").read_text(encoding="utf-8")
    assert load_labels("en")["changes_unavailable"] in page
    assert load_labels("en")["not_in_git"] in page
