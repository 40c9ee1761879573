"""The legal framework and order sought files, read entry by entry: their groups, issues, extended lines and
placeholders, and each refusal word for word."""
import pytest

from bundler.drafting.legal import LegalFrameworkError, legal_framework
from bundler.drafting.order import NAMED_SCHOOL, OrderSoughtError, order_sought, unopposed_orders

FRAMEWORK = """
[groups]
common = ["Common one.", "Common two."]
[appeal_types.contents]
paragraphs = ["@common", "Contents law."]
[appeal_types.section_i]
paragraphs = ["Placement law.", "@common"]
[appeal_types.bare]
[issues.I]
paragraphs = ["Placement law.", "Section I law."]
[issues.B]
paragraphs = ["Section B law."]
[extended]
paragraphs = ["Recommendations on {sections}."]
"""


def file_writer(path, default: str):
    """write(text=default) puts the text in `path` and returns it."""
    def write(text=default):
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def framework(tmp_path):
    return file_writer(tmp_path / "framework.toml", FRAMEWORK)


def test_framework_is_the_type_then_each_issue_then_the_flag_each_paragraph_once(framework):
    path = framework()
    assert legal_framework("contents", path) == ["Common one.", "Common two.", "Contents law."]
    assert legal_framework("section_i", path, issues=["I", "B", "F"], extended=["G", "C"]) == [
        "Placement law.", "Common one.", "Common two.", "Section I law.", "Section B law.",
        "Recommendations on Sections G and C."]
    assert legal_framework("bare", path) == []


def test_the_extended_paragraphs_come_only_with_extended_sections_and_a_file_that_has_them(framework):
    assert legal_framework("contents", framework(), extended=()) == ["Common one.", "Common two.", "Contents law."]
    no_flag = framework(FRAMEWORK.split("[extended]")[0])
    assert legal_framework("contents", no_flag, extended=["C"]) == ["Common one.", "Common two.", "Contents law."]


def test_a_file_without_groups_or_issues_still_gives_the_types_own_paragraphs(framework):
    path = framework('[appeal_types.contents]\nparagraphs = ["Contents law."]\n')
    assert legal_framework("contents", path, issues=["I"]) == ["Contents law."]


def test_an_unknown_appeal_type_is_refused_naming_the_known_ones(framework):
    with pytest.raises(LegalFrameworkError) as raised:
        legal_framework("extended", framework())
    assert str(raised.value) == ("framework.toml has no appeal type 'extended'. Add it, or use one of: bare, "
                                 "contents, section_i.")
    with pytest.raises(LegalFrameworkError, match=r"use one of: \.$"):
        legal_framework("contents", framework(""))


def test_an_entry_naming_a_missing_group_is_refused_saying_where(framework):
    path = framework('[appeal_types.contents]\nparagraphs = ["@common"]\n'
                     '[appeal_types.section_i]\nparagraphs = []\n[issues.B]\nparagraphs = ["@nothing"]\n')
    with pytest.raises(LegalFrameworkError) as raised:
        legal_framework("contents", path)
    assert str(raised.value) == ("framework.toml: appeal type 'contents' includes '@common', but there is no such "
                                 "group under [groups]. Add the group or remove the entry.")
    with pytest.raises(LegalFrameworkError, match="^framework.toml: issue 'B' includes '@nothing'"):
        legal_framework("section_i", path, issues=["B"])


def test_an_extended_entry_naming_a_missing_group_is_refused_as_the_extended_table(framework):
    path = framework('[appeal_types.contents]\nparagraphs = []\n[extended]\nparagraphs = ["@gone"]\n')
    with pytest.raises(LegalFrameworkError, match=r"^framework.toml: \[extended\] includes '@gone'"):
        legal_framework("contents", path, extended=["C"])


ORDERS = """
[appeal_types]
contents = "dismiss the appeal"
section_i = "keep {school}"
[issues]
I = "decide Section I to name {school}"
[extended]
line = "no recommendation on {sections}"
[unopposed]
contents = ["amend"]
section_i = ["section_i"]
"""


@pytest.fixture
def orders(tmp_path):
    return file_writer(tmp_path / "orders.toml", ORDERS)


def test_order_sought_is_the_types_line_then_section_i_then_the_extended_line(orders):
    path = orders()
    assert order_sought("contents", path=path) == ["dismiss the appeal"]
    assert order_sought("contents", issues=["B", "I"], extended=["C", "H2"], path=path) == [
        "dismiss the appeal", f"decide Section I to name {NAMED_SCHOOL}", "no recommendation on Sections C and H2"]
    assert NAMED_SCHOOL == "[the school or type of school named in Section I]"


def test_a_section_i_appeal_has_no_second_section_i_line(orders):
    assert order_sought("section_i", issues=["I"], path=orders()) == [f"keep {NAMED_SCHOOL}"]


def test_lines_a_file_leaves_out_are_not_added(orders):
    path = orders('[appeal_types]\ncontents = "dismiss the appeal"\n[extended]\nline = ""\n')
    assert order_sought("contents", issues=["I"], extended=["C"], path=path) == ["dismiss the appeal"]
    bare = orders('[appeal_types]\ncontents = "dismiss the appeal"\n')
    assert order_sought("contents", issues=["I"], extended=["C"], path=bare) == ["dismiss the appeal"]


def test_an_appeal_type_without_an_order_is_refused(orders):
    with pytest.raises(OrderSoughtError) as raised:
        order_sought("cease_to_maintain", path=orders())
    assert str(raised.value) == ("orders.toml has no order sought for the appeal type 'cease_to_maintain'. Add it "
                                 "under [appeal_types].")
    with pytest.raises(OrderSoughtError, match="has no order sought"):
        order_sought("contents", path=orders(""))


def test_not_opposing_commits_the_authority_to_the_types_orders_and_section_i(orders):
    path = orders()
    assert unopposed_orders("contents", path=path) == ["amend"]
    assert unopposed_orders("contents", ["B", "I"], path) == ["amend", "section_i"]
    assert unopposed_orders("section_i", ["I"], path) == ["section_i"]


def test_the_default_file_says_what_each_type_commits_to():
    assert unopposed_orders("refusal_to_issue") == ["make_plan"]
    assert unopposed_orders("cease_to_maintain", ["I"]) == ["continue", "section_i"]


def test_a_type_the_unopposed_table_leaves_out_is_refused(orders):
    with pytest.raises(OrderSoughtError) as raised:
        unopposed_orders("refusal_to_assess", path=orders())
    assert str(raised.value) == ("orders.toml does not say what the local authority must do when it does not "
                                 "oppose an appeal of type 'refusal_to_assess'. Add it under [unopposed].")
    with pytest.raises(OrderSoughtError, match="does not say"):
        unopposed_orders("contents", path=orders(""))
