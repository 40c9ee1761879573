from bundler.drafting.diff import Change, diff_parts, diff_text


def test_changed_words_are_marked_and_the_rest_kept():
    assert diff_text("The plan names Oak School now", "The plan names Elm School from today") == (
        Change("same", "The plan names "), Change("removed", "Oak"), Change("added", "Elm"),
        Change("same", " School "), Change("removed", "now"), Change("added", "from today"))


def test_diffs_follow_part_order_and_say_which_parts_changed():
    diffs = diff_parts({"introduction": "Same.", "background": "Old."},
                       {"introduction": "Same.", "background": "New.", "conclusion": "Added."},
                       [("introduction", "Introduction"), ("background", "Background"), ("conclusion", "End")])
    assert [(d.key, d.changed) for d in diffs] == [("introduction", False), ("background", True), ("conclusion", True)]
    assert diffs[2].changes == (Change("added", "Added."),)


def test_joining_the_changes_rebuilds_both_versions():
    old, new = "a b\n\nc d e", "a x\n\nc e f"
    changes = diff_text(old, new)
    assert "".join(c.text for c in changes if c.kind != "added") == old
    assert "".join(c.text for c in changes if c.kind != "removed") == new
