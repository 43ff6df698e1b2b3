"""Timestamps go in and come out in UTC, whatever the database session's time zone."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import literal, select, text
from sqlmodel import Session

from app.models.base import UTCDateTime

MOMENT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
TOKYO = timezone(timedelta(hours=9))


def test_a_timestamp_is_answered_in_utc_whatever_the_session_time_zone(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # The server then answers timestamptz values in Tokyo time (reset at the rollback).
        session.execute(text("SET TIME ZONE 'Asia/Tokyo'"))
    value = session.execute(select(literal(MOMENT.astimezone(TOKYO), UTCDateTime()))).scalar_one()
    assert value == MOMENT
    assert value.tzinfo is UTC


def test_a_naive_timestamp_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        UTCDateTime().process_bind_param(datetime(2024, 5, 6), session.get_bind().dialect)
