"""Rows many letters share (guidelines, specialties, reviewer profiles), looked up once a run."""

from __future__ import annotations

import hashlib
import json

from decisions.models import Guideline, Reviewer, ReviewerLicense, ReviewerSpecialty, Specialty
from decisions.parsing import ParsedReviewer
from decisions.parsing.vocab import GUIDELINES


def _tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def profile_key(reviewer: ParsedReviewer) -> str:
    """sha256 of the normalised credentials: identical credentials, one profile."""
    credentials = {
        "title": _tidy(reviewer.title).lower(),
        "specialties": [_tidy(name) for name in reviewer.specialties],
        "subspecialties": [_tidy(name) for name in reviewer.subspecialties],
        "licensed_in": [_tidy(state) for state in reviewer.licensed_in],
    }
    payload = json.dumps(credentials, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def is_blank(reviewer: ParsedReviewer) -> bool:
    return not (
        reviewer.title or reviewer.specialties or reviewer.subspecialties or reviewer.licensed_in
    )


class LookupCache:
    """Ids of Guideline, Specialty and Reviewer rows, creating missing rows on first use.

    Rows are created inside the current letter's transaction: when that letter fails, call
    clear(), since the ids cached during it may have been rolled back.
    """

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.guideline_ids: set[str] = set(Guideline.objects.values_list("id", flat=True))
        self.specialty_ids: dict[str, int] = dict(Specialty.objects.values_list("name", "id"))
        self.reviewer_ids: dict[str, int] = dict(Reviewer.objects.values_list("profile_key", "id"))

    def guideline_id(self, canonical_id: str) -> str:
        if canonical_id not in self.guideline_ids:
            Guideline.objects.get_or_create(
                id=canonical_id, defaults={"name": GUIDELINES.get(canonical_id, canonical_id)}
            )
            self.guideline_ids.add(canonical_id)
        return canonical_id

    def specialty_id(self, name: str) -> int:
        if name not in self.specialty_ids:
            self.specialty_ids[name] = Specialty.objects.get_or_create(name=name)[0].pk
        return self.specialty_ids[name]

    def reviewer_id(self, reviewer: ParsedReviewer) -> int | None:
        return self.reviewer_ids_for([reviewer])[0]

    def reviewer_ids_for(self, reviewers: list[ParsedReviewer]) -> list[int | None]:
        """The profile row of each credentials (None when a letter gives none).

        Profiles not in the archive yet are created together: three inserts for the lot.
        """
        keys = [None if is_blank(reviewer) else profile_key(reviewer) for reviewer in reviewers]
        missing = {
            key: reviewer
            for key, reviewer in zip(keys, reviewers, strict=True)
            if key and key not in self.reviewer_ids
        }
        if missing:
            self._create_reviewers(missing)
        return [self.reviewer_ids[key] if key else None for key in keys]

    def _create_reviewers(self, missing: dict[str, ParsedReviewer]) -> None:
        profiles = Reviewer.objects.bulk_create(
            Reviewer(
                profile_key=key,
                title=reviewer.title or "",
                subspecialties=list(reviewer.subspecialties),
            )
            for key, reviewer in missing.items()
        )
        credentials = list(zip(profiles, missing.values(), strict=True))
        ReviewerSpecialty.objects.bulk_create(
            ReviewerSpecialty(reviewer=profile, specialty_id=self.specialty_id(name), position=i)
            for profile, reviewer in credentials
            for i, name in enumerate(reviewer.specialties)
        )
        ReviewerLicense.objects.bulk_create(
            ReviewerLicense(reviewer=profile, state=state, position=i)
            for profile, reviewer in credentials
            for i, state in enumerate(reviewer.licensed_in)
        )
        self.reviewer_ids.update((profile.profile_key, profile.pk) for profile in profiles)
