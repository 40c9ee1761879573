"""In a real browser: an administrator invites someone, who chooses their password from the link and sets up
two-factor sign-in, then signs in with a code. axe-core on the set-password, set-up, recovery-code and code pages."""
import time

import pyotp

NEW_PASSWORD = "marble violin harbour seven"


def test_invited_person_sets_password_and_two_factor_then_signs_in_with_a_code(
        browser, page, live_server, sign_in, serious_violations):
    from playwright.sync_api import expect

    sign_in(page, "administrator")
    page.goto("/admin/people/new")
    page.fill("#name", "Invited Person")
    page.fill("#email", "invited@e2e.example")
    page.get_by_label("SEND officer").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Invitation for Invited Person")
    link = page.locator("#account-link").input_value()

    invited = browser.new_context(base_url=live_server.url).new_page()
    invited.goto(link)
    expect(invited.locator("h1")).to_have_text("Choose your password")
    assert serious_violations(invited) == []
    invited.fill("#password", "password1234")
    invited.fill("#confirm", "password1234")
    invited.get_by_role("button", name="Save password").click()
    expect(invited.locator(".govuk-error-summary")).to_contain_text("one of the most common")
    assert invited.title().startswith("Error: ")
    assert serious_violations(invited) == []
    invited.fill("#password", NEW_PASSWORD)
    invited.fill("#confirm", NEW_PASSWORD)
    invited.get_by_role("button", name="Save password").click()
    expect(invited.locator(".govuk-notification-banner")).to_contain_text("Your password is saved")

    invited.fill("#email", "invited@e2e.example")
    invited.fill("#password", NEW_PASSWORD)
    invited.get_by_role("button", name="Sign in").click()
    invited.get_by_role("link", name="Your account").click()
    invited.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(invited.locator("h1")).to_have_text("Set up two-factor sign-in")
    assert serious_violations(invited) == []
    key = invited.locator("#totp-key").inner_text().replace(" ", "")
    invited.fill("#code", pyotp.TOTP(key).now())
    invited.get_by_role("button", name="Continue").click()
    expect(invited.locator("h1")).to_have_text("Your recovery codes")
    assert invited.locator("#recovery-codes li").count() == 10
    assert serious_violations(invited) == []
    invited.get_by_role("button", name="Continue").click()  # the link styled as a button

    invited.get_by_role("button", name="Sign out").click()
    invited.fill("#email", "invited@e2e.example")
    invited.fill("#password", NEW_PASSWORD)
    invited.get_by_role("button", name="Sign in").click()
    expect(invited.locator("h1")).to_have_text("Enter your sign-in code")
    assert serious_violations(invited) == []
    invited.fill("#code", pyotp.TOTP(key).at(time.time() + 30))  # the next code: each works once
    invited.get_by_role("button", name="Continue").click()
    invited.wait_for_url(lambda url: "/login" not in url)
    expect(invited.get_by_role("button", name="Sign out")).to_be_visible()
    invited.context.close()
