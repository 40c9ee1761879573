"""The deadline defaults are data an administrator edits (`bundler/rules/timetable.toml`): every field they can set
is read as written, what they leave out takes its documented default, and each mistake is refused naming the entry
and what to write instead."""
import pytest

from bundler.timetable.rules import EntryRule, OrderKind, OrderStep, Period, parse_rules

EVERY_FIELD = '''
[[timetable]]
key = "response"
title = "Response"
working_days = 30
after = "registration"
sen_counting = false
basis = "Directions 3."
due_by_5pm = false

[[timetable]]
key = "bundle"
title = "Bundle"
working_days = 10
before = "hearing"

[[timetable]]
key = "working_document"
title = "Working document"
same_as = "response"
basis = "With the response."
due_by_5pm = false

[orders.amend]
title = "Amend the plan"
note = "Check the order's own date."
unopposed = false
combines = false
steps = [{ weeks = 5, act = "Issue the amended plan", merge = "amend" }, { weeks = 2, act = "Send a draft" }]

[orders.plain]
title = "Plain"
steps = [{ weeks = 4, act = "Act" }]

[periods.contact]
act = "The parent answers"
amount = 2
unit = "months"
basis = "reg 33"
note = "Unconfirmed."

[periods.bare]
act = "Something"
amount = 3
unit = "working_days"

[merge_notes]
amend = "The longest period governs."
'''


def test_every_field_an_administrator_sets_is_read_as_written():
    rules = parse_rules(EVERY_FIELD)
    assert rules.entries == (
        EntryRule(key="response", title="Response", working_days=30, anchor="registration", before=False,
                  sen_counting=False, basis="Directions 3.", due_by_5pm=False),
        EntryRule(key="bundle", title="Bundle", working_days=10, anchor="hearing", before=True, sen_counting=True,
                  basis="", due_by_5pm=True),
        EntryRule(key="working_document", title="Working document", working_days=0, anchor="", before=False,
                  sen_counting=True, basis="With the response.", due_by_5pm=False, same_as="response"))
    assert rules.orders == {
        "amend": OrderKind(key="amend", title="Amend the plan", note="Check the order's own date.", unopposed=False,
                           combines=False, steps=(OrderStep(5, "Issue the amended plan", "amend"),
                                                  OrderStep(2, "Send a draft", ""))),
        "plain": OrderKind(key="plain", title="Plain", note="", unopposed=True, combines=True,
                           steps=(OrderStep(4, "Act", ""),))}
    assert rules.periods == {
        "contact": Period(key="contact", act="The parent answers", amount=2, unit="months", basis="reg 33",
                          note="Unconfirmed."),
        "bare": Period(key="bare", act="Something", amount=3, unit="working_days", basis="", note="")}
    assert rules.merge_notes == {"amend": "The longest period governs."}


def test_an_entry_due_with_another_is_described_by_that_entry():
    rules = parse_rules(EVERY_FIELD)
    response, bundle, working_document = rules.entries
    assert working_document.describe(sen=True) == "with the response"
    assert bundle.describe(sen=True) == "10 SEN working days before the hearing"
    assert bundle.describe(sen=False) == "10 working days before the hearing"
    assert response.describe(sen=True) == "30 working days after the registration"  # its own rule says no SEN days
    same_as_two_words = parse_rules(EVERY_FIELD.replace('key = "response"', 'key = "case_statement"')
                                    .replace('same_as = "response"', 'same_as = "case_statement"'))
    assert same_as_two_words.entries[2].describe(sen=True) == "with the case statement"


def test_an_empty_file_has_no_rules():
    rules = parse_rules("")
    assert (rules.entries, rules.orders, rules.periods, rules.merge_notes) == ((), {}, {}, {})


@pytest.mark.parametrize("text, message", [
    ('[[timetable]]\nkey = "x"\ntitle = "X"\nworking_days = 3\n',
     "timetable entry 'x': give exactly one of `after`, `before` or `same_as`"),
    ('[[timetable]]\nkey = "x"\ntitle = "X"\nworking_days = 3\nafter = "registration"\nbefore = "hearing"\n',
     "timetable entry 'x': give exactly one of `after`, `before` or `same_as`"),
    ('[[timetable]]\nkey = "x"\ntitle = "X"\nworking_days = 3\nafter = "decision"\n',
     "timetable entry 'x': count from \"registration\" or \"hearing\", not 'decision'"),
    ('[[timetable]]\nkey = "x"\ntitle = "X"\nsame_as = "later"\n',
     "timetable entry 'x': `same_as` must name an entry above it, not 'later'"),
    ('[periods.x]\nact = "X"\namount = 3\n',
     "period 'x': `unit` must be one of days, weeks, months, working_days, not None"),
])
def test_each_mistake_is_refused_saying_what_to_write(text, message):
    with pytest.raises(ValueError) as refused:
        parse_rules(text)
    assert str(refused.value) == message


@pytest.mark.parametrize("keys, message", [
    ("", "unknown order ''. Use one of: amend, plain, or several joined by commas."),
    ("amend, nonsense, other", "unknown order 'nonsense', 'other'. Use one of: amend, plain, or several joined by "
                               "commas."),
    ("plain,plain", "'plain,plain' names an order twice: give each kind once."),
    ("plain,amend", "'Amend the plan' is made on its own: it cannot be combined with another order."),
])
def test_orders_named_together_are_checked(keys, message):
    with pytest.raises(ValueError) as refused:
        parse_rules(EVERY_FIELD).order_kinds(keys)
    assert str(refused.value) == message


def test_orders_named_together_come_back_in_the_order_given():
    rules = parse_rules(EVERY_FIELD.replace("combines = false\n", ""))
    assert [kind.key for kind in rules.order_kinds(" plain , amend ")] == ["plain", "amend"]
