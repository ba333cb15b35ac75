"""Consent rules on plain model objects: standing, accepting, the kept record."""

from datetime import UTC, datetime, timedelta

from care.people import consent
from care.people.consent import Acceptance, ConsentState, Standing
from care.people.onboarding import Stage, stage_of
from care.people.profile import Profile
from storage.models import User

V1, V2 = 1, 2
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PROFILE = Profile("Aigerim", "Sadykova", "aigerim")


def person() -> User:
    return User(telegram_id=1001, language="kk", consents=[])


def verified_under(version: int) -> User:
    user = person()
    assert consent.accept(user, version, version, PROFILE, T0) is Acceptance.RECORDED
    user.phone, user.verified_at = "+77011234567", T0
    return user


def states(user: User) -> list[tuple[int, ConsentState]]:
    return [(r.consent.policy_version_id, r.state) for r in consent.history(user)]


def test_standing_is_measured_against_the_version_in_force() -> None:
    assert consent.standing(None, V1) is Standing.NONE
    assert consent.standing(person(), V1) is Standing.NONE
    user = verified_under(V1)
    assert consent.standing(user, V1) is Standing.CURRENT
    assert consent.standing(user, V2) is Standing.OUTDATED


def test_a_new_version_brings_a_verified_user_back_to_consent_only() -> None:
    user = verified_under(V1)
    assert stage_of(user, V1) is Stage.DONE
    assert stage_of(user, V2) is Stage.CONSENT
    assert consent.accept(user, V2, V2, PROFILE, T0 + timedelta(days=3)) is Acceptance.RECORDED
    assert stage_of(user, V2) is Stage.DONE  # the phone was never asked for again
    assert user.phone == "+77011234567"


def test_accepting_records_the_version_shown_and_the_profile() -> None:
    user = person()
    assert consent.accept(user, V1, V1, PROFILE, T0) is Acceptance.RECORDED
    assert [(c.policy_version_id, c.accepted_at) for c in user.consents] == [(V1, T0)]
    assert (user.first_name, user.last_name, user.username) == ("Aigerim", "Sadykova", "aigerim")
    assert stage_of(user, V1) is Stage.PHONE


def test_a_notice_no_longer_in_force_records_nothing() -> None:
    user = person()
    assert consent.accept(user, V1, V2, PROFILE, T0) is Acceptance.STALE
    assert consent.accept(user, 999, V2, PROFILE, T0) is Acceptance.STALE  # unknown version
    assert user.consents == [] and user.first_name is None

    outdated = verified_under(V1)
    assert consent.accept(outdated, V1, V2, PROFILE, T0) is Acceptance.STALE
    assert states(outdated) == [(V1, ConsentState.ACTIVE)]


def test_accepting_twice_changes_nothing() -> None:
    user = verified_under(V1)
    later = T0 + timedelta(hours=1)
    assert consent.accept(user, V1, V1, Profile("New", None, None), later) is Acceptance.ALREADY
    assert len(user.consents) == 1 and user.first_name == "Aigerim"


def test_a_newer_version_replaces_the_older_consent_without_deleting_it() -> None:
    user = verified_under(V1)
    later = T0 + timedelta(days=3)
    consent.accept(user, V2, V2, PROFILE, later)
    old, new = user.consents
    assert old.withdrawn_at == later == new.accepted_at
    assert states(user) == [(V1, ConsentState.REPLACED), (V2, ConsentState.ACTIVE)]
    assert consent.history(user)[0].replaced_by is new


def test_history_tells_withdrawn_from_replaced() -> None:
    user = person()
    consent.accept(user, V1, V1, PROFILE, T0)
    user.consents[0].withdrawn_at = T0 + timedelta(hours=1)  # what `withdraw` does
    consent.accept(user, V1, V1, PROFILE, T0 + timedelta(days=1))
    assert states(user) == [(V1, ConsentState.WITHDRAWN), (V1, ConsentState.ACTIVE)]
    assert consent.history(person()) == []


def test_an_announced_version_is_accepted_ahead_of_its_effective_date() -> None:
    user = verified_under(V1)
    later = T0 + timedelta(days=1)
    assert consent.accept(user, V2, V1, PROFILE, later, announced={V2}) is Acceptance.RECORDED
    assert states(user) == [(V1, ConsentState.REPLACED), (V2, ConsentState.ACTIVE)]
    # Still current while V1 is in force, and once V2 takes effect: never asked again.
    assert stage_of(user, V1) is Stage.DONE and stage_of(user, V2) is Stage.DONE
    assert consent.accept(user, V2, V1, PROFILE, later, announced={V2}) is Acceptance.ALREADY
    assert consent.accept(user, V1, V1, PROFILE, later, announced={V2}) is Acceptance.ALREADY
    # A version not announced (unknown, or older) is never recorded from a crafted button.
    assert consent.accept(user, 7, V1, PROFILE, later, announced={V2}) is Acceptance.STALE
