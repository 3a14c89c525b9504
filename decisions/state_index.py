"""The state's index as a second reading of each letter.

The state's IMR decision search lists, for every letter, the case outcome and the
reviewer's specialty, and for every treatment its decision, category and subcategory
(`fetch_decisions` stores these rows). Where a letter is in the archive too, each value is
compared with what the parser read and the categoriser assigned: every difference is an
IngestProblem of kind "index", replaced whenever the letter or its index rows are read
again. Treatments are matched to items by their order in the letter.
"""

from decisions.models import Case, IngestProblem, Outcome, StateIndexCase, StateIndexTreatment


def case_outcome(outcomes) -> str:
    """A letter is overturned when any of its items is (the state's case outcome)."""
    outcomes = [outcome for outcome in outcomes if outcome]
    if not outcomes:
        return ""
    return Outcome.OVERTURNED if Outcome.OVERTURNED in outcomes else Outcome.UPHELD


def _same(ours: str, theirs: str) -> bool:
    return " ".join(ours.split()).casefold() == " ".join(theirs.split()).casefold()


def disagreements(case: Case, index_case: StateIndexCase, items: dict, treatments) -> list[str]:
    """What the state's index says otherwise than the archive, one sentence each."""
    found = []
    ours = case_outcome(item.outcome for item in items.values())
    if index_case.outcome and ours != index_case.outcome:
        found.append(f"case outcome: ours {ours or 'none'}, the state's {index_case.outcome}")
    specialties = case.reviewer.specialty_names() if case.reviewer else []
    if index_case.specialty and not any(_same(s, index_case.specialty) for s in specialties):
        found.append(
            f"reviewer specialty: ours {', '.join(specialties) or 'none'}, "
            f"the state's {index_case.specialty}"
        )
    if treatments and len(treatments) != len(items):
        found.append(f"number of treatments: ours {len(items)}, the state's {len(treatments)}")
    for treatment in treatments:
        item = items.get(treatment.position)
        if item is None:
            continue
        for label, mine, theirs in (
            ("decision", item.outcome, treatment.outcome),
            ("category", item.category, treatment.category),
            ("subcategory", item.subcategory, treatment.subcategory),
        ):
            if theirs and not _same(mine, theirs):
                found.append(
                    f"item {item.number} {label}: ours {mine or 'none'}, the state's {theirs}"
                )
    return found


def compare_with_index(cases, run=None) -> None:
    """Compare those of `cases` that the state's index lists (their index rows read in one
    query), each as compare_case_with_index does."""
    numbered = [case for case in cases if case.case_number]
    listed = StateIndexCase.objects.in_bulk(
        [case.case_number for case in numbered], field_name="case_number"
    )
    for case in numbered:
        if case.case_number in listed:
            compare_case_with_index(case, listed[case.case_number], run)


def compare_case_with_index(case: Case, index_case: StateIndexCase, run=None) -> int:
    """Link the case's index treatments to its items and replace its "index" problems with
    what differs now; the number of differences."""
    IngestProblem.objects.filter(case=case, kind=IngestProblem.Kind.INDEX).delete()
    items = {item.number: item for item in case.items.all()}
    treatments = list(index_case.treatments.all())
    for treatment in treatments:
        treatment.item = items.get(treatment.position)
    StateIndexTreatment.objects.bulk_update(treatments, ["item"])
    found = disagreements(case, index_case, items, treatments)
    IngestProblem.objects.bulk_create(
        IngestProblem(
            run=run,
            kind=IngestProblem.Kind.INDEX,
            path=case.source_path,
            sha256=case.source_sha256,
            case=case,
            reason=reason,
        )
        for reason in found
    )
    return len(found)
