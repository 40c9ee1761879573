import pytest

from bundler.timetable import WorkingCalendar


@pytest.fixture(scope="session")
def cal():
    return WorkingCalendar()
