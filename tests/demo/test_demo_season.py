"""load_demo gives the demo year its season as the history implies: opened 10 January 2022, everyone reminded on
1 and 12 March (nobody had submitted before the deadline), 356 submitted by 15 March, Ulvik told when sent back."""

import datetime

from collection import dashboard
from collection.models import Message, Season
from demo.loading import load_demo


def test_demo_season_tells_the_2021_story(survey_2021):
    load_demo(2021)
    season = Season.objects.get(survey=survey_2021)
    assert (season.opens_on, season.deadline) == (datetime.date(2022, 1, 10), datetime.date(2022, 3, 15))
    assert Message.objects.filter(kind="invitation").count() == 356
    reminders = Message.objects.filter(kind="reminder")
    assert sorted({m.reminder.due_on for m in reminders}) == [datetime.date(2022, 3, 1), datetime.date(2022, 3, 12)]
    assert reminders.count() == 2 * 356
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}
    notice = Message.objects.get(kind="sent_back")
    assert notice.municipality.number == "4620" and notice.created_at.date() > season.closes_on

    board = dashboard.build(survey_2021, dashboard.Filters(), today=datetime.date(2022, 11, 1))
    assert board.progress.by_deadline == 356 and board.progress.total == 356
    assert board.progress.days[0] == (season.opens_on, 0)
    assert board.progress.days[-1] == (season.closes_on, 356)

    load_demo(2021)  # a second load writes nothing more
    assert Message.objects.count() == 356 + 2 * 356 + 1
