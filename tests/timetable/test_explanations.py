"""What "How this date was worked out" says for each kind of deadline, word for word: the rule, the counting, the
caution and the basis a tribunal officer reads and a lawyer checks, for the case timetable, orders, mediation
agreements, mediation and the challenges after a decision. Each was read against send-tribunal.md §3 and §8."""
from datetime import date

import pytest

from bundler.timetable import (
    appeal_deadline,
    disability_claim_deadline,
    fixed_date,
    health_notice,
    load_rules,
    mediation_arranged,
    mediation_certificate,
    mediation_contact,
    recommendation_response,
    working_days,
)
from bundler.timetable.deadlines import period_deadline
from bundler.timetable.mediation import MediationRecord, mediation_deadlines
from bundler.timetable.orders import agreement_deadlines, order_deadlines

ORDERS, PERIODS = load_rules().orders, load_rules().periods

EXPLAINED = [
    pytest.param(
        lambda cal: working_days(cal, date(2025, 11, 29), 0, sen=False),
        date(2025, 12, 1),
        'On Sat 29 Nov 2025, moved to the next working day, Mon 1 Dec 2025.',
        '',
        ('An act due on a day that is not a working day is in time on the next one (HESC r.12(2)). Due by 5pm '
         '(HESC r.12(1)).'),
        id='a day that is not a working day moves to the next'),
    pytest.param(
        lambda cal: working_days(cal, date(2025, 12, 1), 0, sen=False, anchor='the hearing'),
        date(2025, 12, 1),
        'On the hearing (Mon 1 Dec 2025).',
        '',
        'Due by 5pm (HESC r.12(1)).',
        id='a working day stays'),
    pytest.param(
        lambda cal: working_days(cal, date(2025, 7, 15), 30, sen=True, anchor='receipt of the appeal',
                                 why='Directions 3.'),
        date(2025, 9, 24),
        ('30 SEN working days after receipt of the appeal (Tue 15 Jul 2025). Tribunal rules in an SEN case: '
         'weekends, bank holidays, August and 25 Dec–1 Jan are not counted.'),
        '',
        ('Counted from Tue 15 Jul 2025 (day 0, not itself counted) to Wed 24 Sep 2025, skipping weekends and '
         'August. SEN cases leave out August and 25 Dec–1 Jan (HESC r.12(3)(b)). Directions 3. Due by 5pm '
         '(HESC r.12(1)).'),
        id='SEN counting leaves out August'),
    pytest.param(
        lambda cal: working_days(cal, date(2025, 12, 1), 30, sen=False, act='Send the response'),
        date(2026, 1, 15),
        ('Send the response, 30 working days after Mon 1 Dec 2025. Weekends and bank holidays are not counted;'
         ' August and 25 Dec–1 Jan are (no SEN exclusion).'),
        '',
        ('Counted from Mon 1 Dec 2025 (day 0, not itself counted) to Thu 15 Jan 2026, skipping weekends and '
         "bank holidays (Christmas Day 25 Dec 2025, Boxing Day 26 Dec 2025, New Year's Day 1 Jan 2026). Due by"
         ' 5pm (HESC r.12(1)).'),
        id='plain counting names the bank holidays it skipped'),
    pytest.param(
        lambda cal: working_days(cal, date(2025, 12, 1), 1, sen=False),
        date(2025, 12, 2),
        ('1 working day after Mon 1 Dec 2025. Weekends and bank holidays are not counted; August and 25 Dec–1 '
         'Jan are (no SEN exclusion).'),
        '',
        ('Counted from Mon 1 Dec 2025 (day 0, not itself counted) to Tue 2 Dec 2025, skipping weekends. Due by'
         ' 5pm (HESC r.12(1)).'),
        id='one working day is singular'),
    pytest.param(
        lambda cal: working_days(cal, date(2025, 9, 3), -5, sen=True, anchor='the hearing'),
        date(2025, 7, 29),
        ('5 SEN working days before the hearing (Wed 3 Sep 2025). Tribunal rules in an SEN case: weekends, '
         'bank holidays, August and 25 Dec–1 Jan are not counted.'),
        ('Counting back across August left it out, which makes the date earlier; whether the Tribunal counts '
         'back this way is unconfirmed: check the directions.'),
        ('Counted from Wed 3 Sep 2025 (day 0, not itself counted) to Tue 29 Jul 2025, skipping weekends and '
         'August. SEN cases leave out August and 25 Dec–1 Jan (HESC r.12(3)(b)). Due by 5pm (HESC r.12(1)).'),
        id='counting back across August is flagged'),
    pytest.param(
        lambda cal: working_days(cal, date(2026, 1, 5), -5, sen=True, anchor='the hearing'),
        date(2025, 12, 19),
        ('5 SEN working days before the hearing (Mon 5 Jan 2026). Tribunal rules in an SEN case: weekends, '
         'bank holidays, August and 25 Dec–1 Jan are not counted.'),
        ('Counting back across 25 Dec–1 Jan left it out, which makes the date earlier; whether the Tribunal '
         'counts back this way is unconfirmed: check the directions.'),
        ('Counted from Mon 5 Jan 2026 (day 0, not itself counted) to Fri 19 Dec 2025, skipping weekends and 25'
         ' Dec–1 Jan. SEN cases leave out August and 25 Dec–1 Jan (HESC r.12(3)(b)). Due by 5pm (HESC '
         'r.12(1)).'),
        id='counting back across Christmas is flagged'),
    pytest.param(
        lambda cal: working_days(cal, date(2025, 7, 15), 15, sen=True, regulations=True),
        date(2025, 8, 5),
        ('15 working days after Tue 15 Jul 2025. SEND Regulations working days: weekends and bank holidays are'
         ' not counted; August and Christmas are.'),
        '',
        'Counted from Tue 15 Jul 2025 (day 0, not itself counted) to Tue 5 Aug 2025, skipping weekends.',
        id='a regulations period has no SEN exclusion and no 5pm rule'),
    pytest.param(
        lambda cal: appeal_deadline(cal, date(2025, 10, 1), date(2025, 11, 29)),
        date(2026, 1, 2),
        ('The later of: 2 months from the decision letter of Wed 1 Oct 2025 is Mon 1 Dec 2025; and 1 month '
         'from the mediation certificate of Sat 29 Nov 2025 is Mon 29 Dec 2025. Mon 29 Dec 2025 falls in 25 '
         'Dec–1 Jan, so the appeal is in time on the first working day after 1 January, Fri 2 Jan 2026. '
         'Calendar months (Tribunal rules in an SEN case): a last day in August or 25 Dec–1 Jan moves to the '
         'first working day after it.'),
        '',
        ('An SEN appeal is in time if received within 2 months after the decision letter was sent or 1 month '
         'after the mediation certificate was issued, whichever is later (HESC r.20(1)(c)). Counted in '
         'calendar months, from the date on the letter. In an SEN case an appeal due in August or 25 Dec–1 Jan'
         ' is in time on the first working day after 31 August or 1 January (HESC r.12(3)(a)). Due by 5pm '
         '(HESC r.12(1)).'),
        id='the later of decision and certificate, moved out of Christmas'),
    pytest.param(
        lambda cal: appeal_deadline(cal, date(2025, 6, 20)),
        date(2025, 9, 1),
        ('2 months from the decision letter of Fri 20 Jun 2025 is Wed 20 Aug 2025. No mediation certificate '
         'given: an appeal needs one unless it is about Section I only. Wed 20 Aug 2025 falls in August, so '
         'the appeal is in time on the first working day after 31 August, Mon 1 Sep 2025. Calendar months '
         '(Tribunal rules in an SEN case): a last day in August or 25 Dec–1 Jan moves to the first working day'
         ' after it.'),
        '',
        ('An SEN appeal is in time if received within 2 months after the decision letter was sent (HESC '
         'r.20(1)(c)); no certificate is needed for an appeal about Section I only (CFA 2014 s.55). Counted in'
         ' calendar months, from the date on the letter. In an SEN case an appeal due in August or 25 Dec–1 '
         'Jan is in time on the first working day after 31 August or 1 January (HESC r.12(3)(a)). Due by 5pm '
         '(HESC r.12(1)).'),
        id='no certificate, moved out of August'),
    pytest.param(
        lambda cal: appeal_deadline(cal, date(2025, 3, 3)),
        date(2025, 5, 6),
        ('2 months from the decision letter of Mon 3 Mar 2025 is Sat 3 May 2025. No mediation certificate '
         'given: an appeal needs one unless it is about Section I only. Sat 3 May 2025 is not a working day, '
         'so the next working day, Tue 6 May 2025. Calendar months (Tribunal rules in an SEN case): a last day'
         ' in August or 25 Dec–1 Jan moves to the first working day after it.'),
        '',
        ('An SEN appeal is in time if received within 2 months after the decision letter was sent (HESC '
         'r.20(1)(c)); no certificate is needed for an appeal about Section I only (CFA 2014 s.55). Counted in'
         ' calendar months, from the date on the letter. A period ending on a day that is not a working day '
         'ends on the next one (HESC r.12(2)). Due by 5pm (HESC r.12(1)).'),
        id='a weekend and a bank holiday move the appeal'),
    pytest.param(
        lambda cal: appeal_deadline(cal, date(2025, 3, 3), date(2025, 3, 10)),
        date(2025, 5, 6),
        ('The later of: 2 months from the decision letter of Mon 3 Mar 2025 is Sat 3 May 2025; and 1 month '
         'from the mediation certificate of Mon 10 Mar 2025 is Thu 10 Apr 2025. Sat 3 May 2025 is not a '
         'working day, so the next working day, Tue 6 May 2025. Calendar months (Tribunal rules in an SEN '
         'case): a last day in August or 25 Dec–1 Jan moves to the first working day after it.'),
        '',
        ('An SEN appeal is in time if received within 2 months after the decision letter was sent or 1 month '
         'after the mediation certificate was issued, whichever is later (HESC r.20(1)(c)). Counted in '
         'calendar months, from the date on the letter. A period ending on a day that is not a working day '
         'ends on the next one (HESC r.12(2)). Due by 5pm (HESC r.12(1)).'),
        id='an earlier certificate does not shorten the appeal'),
    pytest.param(
        lambda cal: disability_claim_deadline(date(2025, 2, 14)),
        date(2025, 8, 14),
        ('6 calendar months from the act complained of (Fri 14 Feb 2025). No August or Christmas adjustment: '
         'that rule is for SEN cases only.'),
        '',
        ('HESC r.12(3) has applied its August and Christmas rules to SEN cases only since the 2020 amendment, '
         'so a disability discrimination claim counts every day.'),
        id='a disability claim counts every day'),
    pytest.param(
        lambda cal: disability_claim_deadline(date(2025, 8, 31)),
        date(2026, 2, 28),
        ('6 calendar months from the act complained of (Sun 31 Aug 2025) (the last day of February, which has '
         'no day 31). No August or Christmas adjustment: that rule is for SEN cases only.'),
        '',
        ('HESC r.12(3) has applied its August and Christmas rules to SEN cases only since the 2020 amendment, '
         'so a disability discrimination claim counts every day. A period of months ends on the same day '
         "number in the last month, or on that month's last day when it has no such day (the corresponding "
         'date rule, Dodds v Walker [1981] 1 WLR 1027, HL).'),
        id="a disability claim ends on a short month's last day"),
    pytest.param(
        lambda cal: recommendation_response(date(2025, 3, 3), cal),
        date(2025, 4, 7),
        ('The health or social care body responds in writing, with reasons if it will not follow the '
         "recommendation, 5 weeks after the Tribunal's recommendation (Mon 3 Mar 2025). Calendar weeks: every "
         'day counts, August and Christmas included.'),
        '',
        ('Recommendations Power Regulations 2017 (SI 2017/1306): within 5 weeks of the recommendation (Medway '
         'local offer; Tayntons).'),
        id="the health or social care body's response to a recommendation"),
    pytest.param(
        lambda cal: mediation_contact(date(2025, 3, 3), cal),
        date(2025, 5, 3),
        ('The parent or young person tells the mediation adviser whether they want mediation, 2 months after '
         'the notice of the decision (Mon 3 Mar 2025). Calendar months: every day counts, August and Christmas'
         ' included.'),
        'Sat 3 May 2025 is not a working day and the regulations do not move it: act by the working day before.',
        'SEND Regs 2014 reg 33: within 2 months after the notice of the decision was sent.',
        id="the parent's answer to the mediation notice is not moved"),
    pytest.param(
        lambda cal: mediation_certificate(cal, date(2025, 3, 3)),
        date(2025, 3, 6),
        ('The mediation adviser issues the mediation certificate, 3 working days after the parent declined '
         'mediation (Mon 3 Mar 2025). SEND Regulations working days: weekends and bank holidays are not '
         'counted; August and Christmas are.'),
        '',
        ('Counted from Mon 3 Mar 2025 (day 0, not itself counted) to Thu 6 Mar 2025, skipping weekends. SEND '
         'Regs 2014 reg 34 (mediation declined) and IPSEA and Surrey SENDIASS (mediation ended, or the '
         'authority said it could not arrange it within 30 days): within 3 working days.'),
        id='the mediation certificate'),
    pytest.param(
        lambda cal: mediation_arranged(date(2025, 3, 3), cal),
        date(2025, 4, 2),
        ('The authority arranges mediation, 30 days after the authority being told the parent or young person '
         'wants mediation (Mon 3 Mar 2025). Calendar days: every day counts, August and Christmas included.'),
        '',
        ('SEND Regs 2014: within 30 days of being told the parent or young person wants mediation (with each '
         'integrated care board when health is in issue) (IPSEA).'),
        id='the authority arranges mediation'),
    pytest.param(
        lambda cal: mediation_arranged(date(2025, 3, 3), cal, health_only=True),
        date(2025, 4, 2),
        ("The integrated care board arranges mediation on health provision only, 30 days after the authority's"
         ' notice to the integrated care board (Mon 3 Mar 2025). Calendar days: every day counts, August and '
         'Christmas included.'),
        'Whether these 30 days are calendar or working days is unconfirmed: one SENDIASS reads them as working days.',
        "SEND Regs 2014: within 30 days of the authority's notice to the integrated care board (IPSEA).",
        id='the integrated care board arranges health-only mediation'),
    pytest.param(
        lambda cal: health_notice(cal, date(2025, 3, 3)),
        date(2025, 3, 6),
        ('The authority tells each integrated care board the issues and any health provision sought, 3 working'
         ' days after the authority being told health provision is in issue (Mon 3 Mar 2025). SEND Regulations'
         ' working days: weekends and bank holidays are not counted; August and Christmas are.'),
        '',
        ('Counted from Mon 3 Mar 2025 (day 0, not itself counted) to Thu 6 Mar 2025, skipping weekends. SEND '
         'Regs 2014: within 3 working days of being told health is in issue.'),
        id='the notice to each integrated care board'),
    pytest.param(
        lambda cal: fixed_date(date(2025, 3, 8)),
        date(2025, 3, 8),
        "Fixed date given by the Tribunal's directions; it is not moved for August or Christmas.",
        '',
        ('A date the Tribunal directs is not moved by the SEN August and Christmas rule (HESC r.12(4)). Due by'
         ' 5pm (HESC r.12(1)).'),
        id='a date the Tribunal directs'),
]


STEPS = [
    pytest.param(
        lambda cal: order_deadlines(cal, ORDERS['amend'], date(2025, 11, 7)),
        [
            ((5, 'Send the amended EHC plan'), date(2025, 12, 12),
             ('Send the amended EHC plan, 5 weeks after the day the Tribunal sent the order (Fri 7 Nov 2025). '
              'Calendar weeks (SEND Regs 2014 reg 44): every day counts, August and Christmas included.'),
             '',
             ('For the order: Amend the special educational needs or provision (Sections B and F). The periods '
              'run in calendar weeks and say nothing about an end day that is not a working day.')),
        ],
        id="an amend order's steps"),
    pytest.param(
        lambda cal: order_deadlines(cal, [ORDERS['amend'], ORDERS['section_i']], date(2025, 11, 7)),
        [
            ((5, 'Send the amended EHC plan'), date(2025, 12, 12),
             ('Send the amended EHC plan, 5 weeks after the day the Tribunal sent the order (Fri 7 Nov 2025). '
              'Calendar weeks (SEND Regs 2014 reg 44): every day counts, August and Christmas included.'),
             '',
             ('One step for the orders made together: Amend the special educational needs or provision '
              '(Sections B and F); Change the school or type of placement named in Section I. When the plan is '
              'amended for more than Section I (Sections B or F, or continued and amended), one 5-week step '
              'governs the whole amended plan; 2 weeks applies only to an order about Section I alone (SEND '
              'Regs 2014 reg 44(2)(e) and (f); IPSEA on BA v Nottinghamshire CC [2021] EWHC 1348 (Admin)). The '
              'periods run in calendar weeks and say nothing about an end day that is not a working day.')),
        ],
        id='orders made together share their steps'),
    pytest.param(
        lambda cal: order_deadlines(cal, ORDERS['make_plan'], date(2025, 11, 7), unopposed=True),
        [
            ((5, 'Send the draft EHC plan'), date(2025, 12, 12),
             ("Send the draft EHC plan, 5 weeks after the authority's notice that it will not oppose the appeal"
              ' (Fri 7 Nov 2025). Calendar weeks (SEND Regs 2014 reg 45): every day counts, August and '
              'Christmas included.'),
             '',
             ('For the order: Make and maintain an EHC plan (appeal against refusal to issue). The periods run '
              'in calendar weeks and say nothing about an end day that is not a working day.')),
            ((11, 'Send the final EHC plan'), date(2026, 1, 23),
             ("Send the final EHC plan, 11 weeks after the authority's notice that it will not oppose the "
              'appeal (Fri 7 Nov 2025). Calendar weeks (SEND Regs 2014 reg 45): every day counts, August and '
              'Christmas included.'),
             '',
             ('For the order: Make and maintain an EHC plan (appeal against refusal to issue). The periods run '
              'in calendar weeks and say nothing about an end day that is not a working day.')),
        ],
        id='an unopposed appeal runs from the notice'),
    pytest.param(
        lambda cal: agreement_deadlines(cal, date(2025, 11, 7), written=date(2025, 12, 19)),
        [
            ((6, 'Do what the mediation agreement says'), date(2025, 12, 19),
             'The date the parties agreed in writing in the mediation agreement.',
             '',
             ('SEND Regs 2014 reg 42 lets the parties agree another timescale in writing; keep the written '
              'record with the agreement.')),
        ],
        id="an agreement's own written date"),
    pytest.param(
        lambda cal: agreement_deadlines(cal, date(2025, 11, 7), ORDERS['amend']),
        [
            ((5, 'Send the amended EHC plan'), date(2025, 12, 12),
             ('Send the amended EHC plan, 5 weeks after the mediation agreement (Fri 7 Nov 2025). Calendar '
              'weeks (SEND Regs 2014 reg 42, as if the Tribunal had ordered it): every day counts, August and '
              'Christmas included.'),
             '',
             ('For the order: Amend the special educational needs or provision (Sections B and F). The periods '
              'run in calendar weeks and say nothing about an end day that is not a working day.')),
        ],
        id='an agreement on an appealable matter'),
    pytest.param(
        lambda cal: agreement_deadlines(cal, date(2025, 11, 7)),
        [
            ((2, 'Do what the mediation agreement says on a matter that could not be appealed'), date(2025, 11, 21),
             ('Do what the mediation agreement says on a matter that could not be appealed, 2 weeks after the '
              'mediation agreement (Fri 7 Nov 2025). Calendar weeks: every day counts, August and Christmas '
              'included.'),
             '',
             ('SEND Regs 2014 reg 42: within 2 weeks of the agreement, unless another timescale was agreed in '
              'writing.')),
        ],
        id='an agreement on anything else'),
    pytest.param(
        lambda cal: mediation_deadlines(cal, MediationRecord(
            notice_sent=date(2025, 10, 1), told=date(2025, 10, 20), health_in_issue=True, declined=date(2025, 10, 22),
            ended=date(2025, 11, 14), agreed_without_authority=date(2025, 11, 14))),
        [
            ('mediation_contact', date(2025, 12, 1),
             ('The parent or young person tells the mediation adviser whether they want mediation, 2 months '
              'after the notice of the decision (Wed 1 Oct 2025). Calendar months: every day counts, August and'
              ' Christmas included.'),
             '',
             'SEND Regs 2014 reg 33: within 2 months after the notice of the decision was sent.'),
            ('mediation_health_notice', date(2025, 10, 23),
             ('The authority tells each integrated care board the issues and any health provision sought, 3 '
              'working days after the authority being told health provision is in issue (Mon 20 Oct 2025). SEND'
              ' Regulations working days: weekends and bank holidays are not counted; August and Christmas are.'),
             '',
             ('Counted from Mon 20 Oct 2025 (day 0, not itself counted) to Thu 23 Oct 2025, skipping weekends. '
              'SEND Regs 2014: within 3 working days of being told health is in issue.')),
            ('mediation_arrange_warning', date(2025, 11, 14),
             ('Check that mediation is booked, 25 days after the authority being told the parent or young '
              'person wants mediation (Mon 20 Oct 2025). Calendar days: every day counts, August and Christmas '
              'included.'),
             '',
             "The authority's own safeguard, not a rule: 5 days before the 30-day deadline."),
            ('mediation_arrange', date(2025, 11, 19),
             ('The authority arranges mediation, 30 days after the authority being told the parent or young '
              'person wants mediation (Mon 20 Oct 2025). Calendar days: every day counts, August and Christmas '
              'included.'),
             '',
             ('SEND Regs 2014: within 30 days of being told the parent or young person wants mediation (with '
              'each integrated care board when health is in issue) (IPSEA).')),
            ('mediation_certificate', date(2025, 11, 19),
             ('The mediation adviser issues the mediation certificate, 3 working days after mediation ended '
              '(Fri 14 Nov 2025). SEND Regulations working days: weekends and bank holidays are not counted; '
              'August and Christmas are.'),
             '',
             ('Counted from Fri 14 Nov 2025 (day 0, not itself counted) to Wed 19 Nov 2025, skipping weekends. '
              'SEND Regs 2014 reg 34 (mediation declined) and IPSEA and Surrey SENDIASS (mediation ended, or '
              'the authority said it could not arrange it within 30 days): within 3 working days.')),
            ('agreement_notice', date(2025, 11, 21),
             ('The commissioning body tells the authority of an agreement the authority was not party to, 1 '
              'week after the mediation agreement (Fri 14 Nov 2025). Calendar weeks: every day counts, August '
              'and Christmas included.'),
             '',
             'SEND Regs 2014 reg 42: within 1 week of the agreement.'),
        ],
        id='every mediation period a record starts'),
    pytest.param(
        lambda cal: mediation_deadlines(cal, MediationRecord(told=date(2025, 10, 20), health_only=True,
                                                             cannot_arrange=date(2025, 10, 24))),
        [
            ('mediation_arrange_health_only', date(2025, 11, 19),
             ('The integrated care board arranges mediation on health provision only, 30 days after the '
              "authority's notice to the integrated care board (Mon 20 Oct 2025). Calendar days: every day "
              'counts, August and Christmas included.'),
             ('Whether these 30 days are calendar or working days is unconfirmed: one SENDIASS reads them as '
              'working days.'),
             "SEND Regs 2014: within 30 days of the authority's notice to the integrated care board (IPSEA)."),
            ('mediation_certificate', date(2025, 10, 29),
             ('The mediation adviser issues the mediation certificate, 3 working days after the authority said '
              'it could not arrange mediation within 30 days (Fri 24 Oct 2025). SEND Regulations working days: '
              'weekends and bank holidays are not counted; August and Christmas are.'),
             '',
             ('Counted from Fri 24 Oct 2025 (day 0, not itself counted) to Wed 29 Oct 2025, skipping weekends. '
              'SEND Regs 2014 reg 34 (mediation declined) and IPSEA and Surrey SENDIASS (mediation ended, or '
              'the authority said it could not arrange it within 30 days): within 3 working days.')),
        ],
        id='health-only mediation'),
    pytest.param(
        lambda cal: [(None, period_deadline(PERIODS['challenge_upper_tribunal'], date(2026, 1, 31), 'the refusal',
                                            cal))],
        [
            (None, date(2026, 3, 2),
             ('Apply to the Upper Tribunal for permission to appeal, 1 month after the refusal (Sat 31 Jan '
              '2026), Sat 28 Feb 2026, moved to the next working day, Mon 2 Mar 2026. Calendar months: every '
              'day counts, August and Christmas included.'),
             '',
             ('Tribunal Procedure (Upper Tribunal) Rules 2008 r.21(3)(b): within 1 month after the First-tier '
              "Tribunal's refusal was sent. Sat 31 Jan 2026 + 1 month is Sat 28 Feb 2026 (the last day of "
              'February, which has no day 31). A period of months ends on the same day number in the last '
              "month, or on that month's last day when it has no such day (the corresponding date rule, Dodds v"
              ' Walker [1981] 1 WLR 1027, HL). An act due on a day that is not a working day is in time on the '
              'next one (Upper Tribunal Rules r.12(2)).')),
        ],
        id='a month from a day a short month lacks'),
    pytest.param(
        lambda cal: [(None, period_deadline(PERIODS['challenge_first_tier'], date(2025, 12, 10), 'the decision', cal))],
        [
            (None, date(2026, 1, 7),
             ('Apply to the First-tier Tribunal for a review, to set the decision aside, or for permission to '
              'appeal, 28 days after the decision (Wed 10 Dec 2025). Calendar days: every day counts, August '
              'and Christmas included.'),
             'The 28 days is from a secondary source: check the time the decision letter gives.',
             ('Usually within 28 days of the decision being sent (Lincolnshire SENDIASS); check the decision '
              'letter. An act due on a day that is not a working day is in time on the next one (HESC r.12(2)).')),
        ],
        id='calendar days'),
    pytest.param(
        lambda cal: [(None, period_deadline(PERIODS['challenge_first_tier'], date(2025, 12, 6), 'the decision', cal))],
        [
            (None, date(2026, 1, 5),
             ('Apply to the First-tier Tribunal for a review, to set the decision aside, or for permission to '
              'appeal, 28 days after the decision (Sat 6 Dec 2025), Sat 3 Jan 2026, moved to the next working '
              'day, Mon 5 Jan 2026. Calendar days: every day counts, August and Christmas included.'),
             'The 28 days is from a secondary source: check the time the decision letter gives.',
             ('Usually within 28 days of the decision being sent (Lincolnshire SENDIASS); check the decision '
              'letter. An act due on a day that is not a working day is in time on the next one (HESC r.12(2)).')),
        ],
        id='a challenge ending on a weekend moves to the next working day'),
]

@pytest.mark.parametrize("deadline, due, explanation, flag, detail", EXPLAINED)
def test_each_deadline_explains_itself_in_full(cal, deadline, due, explanation, flag, detail):
    worked_out = deadline(cal)
    assert worked_out.due == due
    assert (worked_out.explanation, worked_out.flag, worked_out.detail) == (explanation, flag, detail)


@pytest.mark.parametrize("steps, expected", STEPS)
def test_each_order_agreement_and_mediation_period_explains_itself_in_full(cal, steps, expected):
    """Each step as (its weeks and act, or its period's key), its date, explanation, caution and basis."""
    worked_out = [((step.weeks, step.act) if hasattr(step, "weeks") else getattr(step, "key", None),
                   deadline.due, deadline.explanation, deadline.flag, deadline.detail) for step, deadline in steps(cal)]
    assert worked_out == expected
