"""The archive's tables: one Case per letter, its DisputedItems, their GuidelineCitations.

Pages and sections of a citation are rows of their own so that "items citing MTUS Chronic
Pain page 60" is one indexed join on PostgreSQL and SQLite alike. Reviewers are anonymous:
one Reviewer row is a credential profile shared by every case decided under it.
"""

import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from decisions.querysets import (
    CaseQuerySet,
    DisputedItemQuerySet,
    MatchedItemQuerySet,
    SavedSearchQuerySet,
)


def related_rows(obj, name: str):
    """The rows of the relation `name` of `obj`: the list the querysets' with_related()
    prefetched into `<name>_rows` (querysets.prefetched_rows), else through .all(), which a
    plain prefetch also serves."""
    rows = getattr(obj, f"{name}_rows", None)
    return getattr(obj, name).all() if rows is None else rows


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    OVERTURNED = "overturned", "Overturned"


class Priority(models.TextChoices):
    STANDARD = "standard", "Standard"
    EXPEDITED = "expedited", "Expedited"


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"


class CitedBy(models.TextChoices):
    CLAIMS_ADMINISTRATOR = "claims_administrator", "Claims administrator"
    IMR = "imr", "IMR reviewer"


class Guideline(models.Model):
    """A canonical guideline id of the letter contract (`mtus-chronic-pain`, `odg`, ...)."""

    id = models.CharField(primary_key=True, max_length=40, help_text="Canonical id, e.g. odg")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Specialty(models.Model):
    name = models.CharField(max_length=120, unique=True, help_text="Canonical specialty name")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self):
        return self.name


class Reviewer(models.Model):
    """A credential profile: identical credentials on two letters are one row."""

    profile_key = models.CharField(
        max_length=64,
        unique=True,
        help_text="sha256 of the normalised credentials; identifies the profile",
    )
    title = models.CharField(max_length=80, blank=True, help_text="e.g. expert reviewer")
    specialties = models.ManyToManyField(
        Specialty, through="ReviewerSpecialty", related_name="reviewers"
    )
    subspecialties = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]  # in the order first seen; the admin's lists and pickers page it

    def __str__(self):
        names = ", ".join(self.specialty_names())
        return f"{self.title or 'reviewer'}: {names or 'no specialty'}"

    def specialty_names(self) -> list[str]:
        """The reviewer's certifications, in the letter's order."""
        return [link.specialty.name for link in related_rows(self, "specialty_links")]

    def state_names(self) -> list[str]:
        """The states the reviewer is licensed in, in the letter's order."""
        return [licence.state for licence in related_rows(self, "licenses")]


class ReviewerSpecialty(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="specialty_links")
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, related_name="reviewer_links"
    )
    position = models.PositiveSmallIntegerField(help_text="Order in the letter, from 0")

    class Meta:
        ordering = ["reviewer", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "position"], name="uniq_reviewer_specialty_pos"
            )
        ]

    def __str__(self):
        return self.specialty.name


class ReviewerLicense(models.Model):
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="licenses")
    state = models.CharField(max_length=40, db_index=True, help_text="US state, full name")
    position = models.PositiveSmallIntegerField(help_text="Order in the letter, from 0")

    class Meta:
        ordering = ["reviewer", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "position"], name="uniq_reviewer_license_pos"
            )
        ]

    def __str__(self):
        return self.state


class Case(models.Model):
    """One final determination letter."""

    case_number = models.CharField(
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text="IMR case number as printed (CM16-0213037); empty when the letter has none",
    )
    date_assigned = models.DateField(null=True, blank=True)
    injury_date = models.DateField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True, db_index=True)
    ur_denial_date = models.DateField(null=True, blank=True)
    application_received = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, blank=True)
    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    patient_age = models.PositiveSmallIntegerField(null=True, blank=True)
    patient_sex = models.CharField(max_length=6, choices=Sex.choices, blank=True)
    diagnoses = models.JSONField(default=list, blank=True)
    clinical_summary = models.TextField(blank=True)
    layout = models.CharField(max_length=40, help_text="The parser's id of the letter layout")
    parser_warnings = models.JSONField(
        default=list, blank=True, help_text="What the parser could not read with confidence"
    )
    source_path = models.CharField(max_length=500, help_text="The file the letter was read from")
    source_sha256 = models.CharField(
        max_length=64, db_index=True, help_text="sha256 of the source file's bytes"
    )
    corrected_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields an editor corrected; the ingest keeps their values",
    )
    # Indexed: the alert digests read the letters ingested since their last run.
    ingested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "case_number"]
        indexes = [
            models.Index(fields=["source_path"], name="case_source_path_idx"),
            # Facets counted from the items (a search) read these columns of each item's
            # case: with them in the index, an index-only scan (PostgreSQL's INCLUDE).
            models.Index(
                fields=["id"],
                include=["reviewer", "decision_date", "case_number"],
                name="case_facets_idx",
            ),
        ]

    def __str__(self):
        return self.case_number or f"Case #{self.pk} ({self.source_path})"

    def get_absolute_url(self) -> str:
        return case_path(self.case_number, self.pk)


# A case number the case page's URL finds (its view looks the number up in capitals).
CASE_NUMBER_IN_URL = r"^[A-Z0-9-]{1,20}$"


def case_path(case_number: str | None, pk: int) -> str:
    """The case page: by number, or by id for a letter without one or with one that no URL
    finds (an editor's "CM 16/1" or "cm16-1")."""
    if case_number and re.fullmatch(CASE_NUMBER_IN_URL, case_number):
        return reverse("decisions:case", args=[case_number])
    return reverse("decisions:case-by-id", args=[pk])


class DisputedItem(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(help_text="1-based position in the letter")
    description = models.TextField(help_text="The part of the request the IMR decided")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, db_index=True)
    original_request = models.TextField(
        blank=True, help_text="Partial authorisations: the request as first made"
    )
    authorized_portion = models.TextField(
        blank=True, help_text="Partial authorisations: what the claims administrator authorised"
    )
    rationale = models.TextField(blank=True)
    category = models.CharField(max_length=60, blank=True, db_index=True)
    subcategory = models.CharField(max_length=60, blank=True, db_index=True)
    corrected_fields = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()
    objects = DisputedItemQuerySet.as_manager()

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="uniq_item_case_number")
        ]
        # The columns a facet counted from the items reads, beside the id: an index-only
        # scan rather than a visit to each matching item's wide row.
        indexes = [
            models.Index(
                fields=["id"],
                include=["case", "number", "outcome", "category", "subcategory"],
                name="item_facets_idx",
            )
        ]

    def __str__(self):
        return f"{self.case} #{self.number}: {self.description[:60]}"


def copied_reference(model) -> models.ForeignKey:
    """A copied id of another table's row: neither indexed nor checked (the copy follows it)."""
    return models.ForeignKey(
        model,
        null=True,
        db_index=False,
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )


class ItemSearchDocument(models.Model):
    """An item's text as PostgreSQL's full-text search reads it: to_tsvector('english') of
    its description and rationale (decisions.search.search_vector()), stored, so that a
    search, a phrase above all, does not parse the text of every candidate item again;
    and beside it the columns of the item, its case and its cited keys that a search's
    summary, facets and list read (MatchedItem.SOURCES), so that the rows the search
    finds are all it reads (decisions/search_rows.py).

    PostgreSQL keeps it exact: a trigger on the items table writes the document whenever an
    item is inserted or its text changes, whatever writes it (migration 0015); every write
    of letters copies the other columns afresh for the cases it touches, with the Tally
    rows (decisions/search_rows.py). The rows lie in the order of their request category
    (CLUSTER on `item_search_order_idx`), as the items a search finds mostly do. On SQLite,
    whose search reads the text itself, the table stays empty.
    """

    item = models.OneToOneField(
        DisputedItem, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    document = SearchVectorField()
    # Copies (decisions/search_rows.py): null only between the trigger's insert and the
    # copy, in the same transaction.
    case = copied_reference(Case)
    case_number = models.CharField(max_length=20, null=True)  # noqa: DJ001
    number = models.PositiveSmallIntegerField(null=True)
    reviewer = copied_reference(Reviewer)
    outcome = models.CharField(max_length=10, null=True)  # noqa: DJ001
    category = models.CharField(max_length=60, null=True)  # noqa: DJ001
    subcategory = models.CharField(max_length=60, null=True)  # noqa: DJ001
    decision_date = models.DateField(null=True)
    cited_guidelines = ArrayField(models.TextField(), null=True)
    cited_sections = ArrayField(models.TextField(), null=True)
    # "guideline:page" for each page its citations name (search_rows.cited_page_keys): the
    # items citing one page, listed in order (migration 0027's indexes).
    cited_pages = ArrayField(models.TextField(), null=True)

    class Meta:
        indexes = [
            # The rows' physical order (CLUSTER): a search's matches, mostly of one kind
            # of request, lie on a few thousand pages instead of one page each.
            models.Index(fields=["category", "subcategory"], name="item_search_order_idx"),
            # And item_search_decided_idx, the item list's default order with the cited
            # pages (migrations 0026, 0027), and item_search_pages_gin, of the cited
            # pages (0027): PostgreSQL only.
        ]

    def __str__(self):
        return f"search document of item {self.item_id}"


class ItemExportText(models.Model):
    """What an item's CSV line reads from other tables (its reviewer's specialties and
    licence states, its citations with their pages and sections), written out as the
    export prints it, so that the export reads one row an item instead of gathering six
    tables for every line (decisions/export_text.py). Derived, never edited: every write
    of letters rewrites the rows of the cases it touches, with the Tally rows
    (decisions/summaries.py), and `check_summaries` compares them with a fresh reading."""

    item = models.OneToOneField(
        DisputedItem, on_delete=models.CASCADE, primary_key=True, related_name="export_text"
    )
    reviewer_specialties = models.TextField(blank=True)
    reviewer_states = models.TextField(blank=True)
    imr_citations = models.TextField(blank=True)
    claims_administrator_citations = models.TextField(blank=True)

    def __str__(self):
        return f"export text of item {self.item_id}"


class ItemCitedKeys(models.Model):
    """The distinct guideline ids and sections (lower-cased) an item's citations name, on
    either side: what the guideline and section facets of a search count, read from the
    matched items' own rows (decisions/site/facets.py) instead of joining their citations
    and sections (1.5 s and more for 75,000 items at a million letters). Derived, never
    edited, kept exact with the Tally rows (decisions/derived_rows.py)."""

    item = models.OneToOneField(
        DisputedItem, on_delete=models.CASCADE, primary_key=True, related_name="cited_keys"
    )
    guidelines = models.JSONField(default=list)
    sections = models.JSONField(default=list)

    def __str__(self):
        return f"cited keys of item {self.item_id}"


class GuidelineCitation(models.Model):
    item = models.ForeignKey(DisputedItem, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveSmallIntegerField(help_text="Order within the item, from 0")
    cited_by = models.CharField(max_length=24, choices=CitedBy.choices, db_index=True)
    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, related_name="citations")
    edition = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year as printed")
    chapter = models.CharField(max_length=200, blank=True)
    text = models.TextField(help_text="The citation as printed")
    corrected_fields = models.JSONField(default=list, blank=True)

    # The admin puts a page/section correction's old and new rows in the change reason.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="uniq_citation_item_pos")
        ]
        indexes = [
            models.Index(fields=["guideline", "cited_by"], name="citation_guideline_idx"),
            models.Index(
                fields=["item"], include=["guideline", "cited_by"], name="citation_facets_idx"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def page_numbers(self) -> list[int]:
        return [page.page for page in related_rows(self, "pages")]

    def section_names(self) -> list[str]:
        """As this letter printed them (the facets show the usual spelling instead)."""
        return [section.name for section in related_rows(self, "sections")]


class CitationPage(models.Model):
    citation = models.ForeignKey(GuidelineCitation, on_delete=models.CASCADE, related_name="pages")
    page = models.PositiveIntegerField()

    class Meta:
        ordering = ["citation", "id"]
        indexes = [
            models.Index(fields=["page", "citation"], name="citation_page_idx"),
            models.Index(fields=["citation"], include=["page"], name="page_facets_idx"),
        ]

    def __str__(self):
        return str(self.page)


class CitationSection(models.Model):
    citation = models.ForeignKey(
        GuidelineCitation, on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["citation", "id"]
        # The section filter ignores capitals: name__lower__in=[...] is this expression.
        # With name, a count of each section's spellings (the Tally "spellings" grouping)
        # is an index-only scan too.
        indexes = [
            models.Index(Lower("name"), "name", "citation", name="citation_section_lower_idx"),
            models.Index(fields=["citation"], include=["name"], name="section_facets_idx"),
        ]

    def __str__(self):
        return self.name


# `sections__name__lower__in=[...]` compares lower(name), which the index above serves.
CitationSection._meta.get_field("name").register_lookup(Lower)


class IngestRun(models.Model):
    """One run of `ingest_letters`, with its counts."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    arguments = models.JSONField(default=list, blank=True, help_text="Paths as given")
    dry_run = models.BooleanField(default=False)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    unknown_layout = models.PositiveIntegerField(
        default=0, help_text="Files in a layout the parser does not know"
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Ingest run {self.started_at:%Y-%m-%d %H:%M}"


class IngestProblem(models.Model):
    """A file an ingest run could not load, or a correction the letter disagreed with."""

    class Kind(models.TextChoices):
        FAILED = "failed", "Letter failed"
        UNKNOWN_LAYOUT = "layout", "Layout unknown to the parser"
        CONFLICT = "conflict", "Correction differs from letter"
        INDEX = "index", "Differs from the state's index"

    # None for the state-index disagreements found by fetch_decisions (no ingest run).
    run = models.ForeignKey(
        IngestRun, on_delete=models.CASCADE, null=True, blank=True, related_name="problems"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FAILED)
    path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="ingest_problems"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.path}: {self.reason[:80]}"


class CaseNeedingReview(Case):
    """The admin's review list: cases whose letters gave parser warnings."""

    class Meta:
        proxy = True
        verbose_name = "case needing review"
        verbose_name_plural = "cases needing review"


# The columns that identify a Tally row (every one but the count).
TALLY_KEY = [
    "grouping",
    "outcome",
    "year",
    "category",
    "subcategory",
    "specialty",
    "state",
    "side",
    "guideline",
    "page",
    "section",
    "printed",
    "month",
    "agreement",
    "days",
    "other_specialty",
]


class Tally(models.Model):
    """How many items (or cases) have one combination of values: the archive's counts kept
    ready, so that a page reads a few thousand rows instead of a million items.

    Each row belongs to one grouping (decisions/summaries.py says which columns each groups
    by); the other columns hold "" or 0. decisions/summaries.py keeps the rows exact: every
    write of the ingest, the admin and recategorize adjusts them in its own transaction.
    """

    grouping = models.CharField(max_length=40)
    outcome = models.CharField(max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(default=0, help_text="0: no decision date")
    category = models.CharField(max_length=60, blank=True)
    subcategory = models.CharField(max_length=60, blank=True)
    specialty = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=40, blank=True)
    side = models.CharField(max_length=24, blank=True, help_text="cited_by; '' for either")
    guideline = models.CharField(max_length=40, blank=True)
    page = models.PositiveIntegerField(default=0)
    section = models.CharField(max_length=300, blank=True, help_text="lower-cased")
    printed = models.CharField(max_length=300, blank=True, help_text="a section as printed")
    month = models.PositiveSmallIntegerField(default=0, help_text="1-12 of the decision date")
    agreement = models.CharField(
        max_length=12, blank=True, help_text="guideline agreement of the two sides"
    )
    days = models.IntegerField(default=0, help_text="days from application to decision")
    other_specialty = models.CharField(
        max_length=120,
        blank=True,
        help_text="a specialty the same reviewer holds (the rates by specialty under one)",
    )
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=TALLY_KEY,
                name="uniq_tally",
            )
        ]
        # A page filtered by a specialty or a state reads those rows, not the whole grouping,
        # and of one year only those of the year (state + year's section facet: 5,900 rows
        # of Texas in 2016, not 82,000 of Texas).
        indexes = [
            models.Index(fields=["grouping", "specialty", "year"], name="tally_specialty_year_idx"),
            models.Index(fields=["grouping", "state", "year"], name="tally_state_year_idx"),
            # The usual spelling of the ten sections a facet shows.
            models.Index(fields=["grouping", "section"], name="tally_section_idx"),
            # The rows of one guideline (at one page): its filter's summary and facets.
            models.Index(fields=["grouping", "guideline", "page"], name="tally_guideline_idx"),
            # The largest rows of a grouping of one column (the unfiltered section facet).
            models.Index(fields=["grouping", "-count"], name="tally_largest_idx"),
        ]

    def __str__(self):
        return f"{self.grouping}: {self.count}"


class ArchiveEdition(models.Model):
    """One row naming the archive's current state: a new token at every write of letters
    (decisions/edition.py), so that a page kept for visitors (decisions/site/page_cache.py)
    is kept under the edition it shows and never served after the archive changed."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token


class TextArray(models.Func):
    """A JSON array of strings as a PostgreSQL text array (no JSON, NULL: an empty one)."""

    template = "ARRAY(SELECT jsonb_array_elements_text(%(expressions)s))"
    output_field = ArrayField(models.TextField())


class MatchedItem(models.Model):
    """An item a filter matches, with the columns of its case that the facets count by and
    the page is ordered by: a row of the temporary table the item browser fills once a
    request on PostgreSQL (decisions/site/facets.py), so that the summary, the page's rows
    and the facets of a search read 75,000 narrow rows instead of joining 75,000 scattered
    items and cases again, each. No table of the schema: Django neither creates nor
    migrates it (managed = False)."""

    item = models.OneToOneField(
        DisputedItem,
        primary_key=True,
        db_column="id",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, db_constraint=False, on_delete=models.DO_NOTHING, related_name="+"
    )
    # Copied from Case.case_number, null for a letter without one.
    case_number = models.CharField(max_length=20, null=True)  # noqa: DJ001
    number = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        Reviewer, null=True, db_constraint=False, on_delete=models.DO_NOTHING, related_name="+"
    )
    outcome = models.CharField(max_length=10)
    category = models.CharField(max_length=60)
    subcategory = models.CharField(max_length=60)
    decision_date = models.DateField(null=True)
    # ItemCitedKeys, for the citation facets, as text arrays: counted by unnest(), 30-40%
    # faster than the elements of a JSON array.
    cited_guidelines = ArrayField(models.TextField(), null=True)
    cited_sections = ArrayField(models.TextField(), null=True)

    objects = MatchedItemQuerySet.as_manager()

    # The columns of the temporary table, in the order of its query's select list (the
    # cited keys last, as values_list() puts expressions: when no facet reads them they
    # are NULLs, selected after the rest).
    SOURCES = {
        "id": "pk",
        "case_id": "case_id",
        "case_number": "case__case_number",
        "number": "number",
        "reviewer_id": "case__reviewer_id",
        "outcome": "outcome",
        "category": "category",
        "subcategory": "subcategory",
        "decision_date": "case__decision_date",
        "cited_guidelines": TextArray("cited_keys__guidelines"),
        "cited_sections": TextArray("cited_keys__sections"),
    }

    class Meta:
        managed = False
        db_table = "facet_matched_items"

    def __str__(self):
        return f"matched item {self.pk}"


class Digest(models.TextChoices):
    NONE = "none", "No email"
    DAILY = "daily", "Daily email"
    WEEKLY = "weekly", "Weekly email"


class SavedSearch(models.Model):
    """An analyst's filter of the item list, kept under a name, with an optional digest.

    `covered_until` is the moment up to which ingested letters have been looked at for the
    digest: `send_alerts` moves it forward only after a digest went out (or had nothing to
    send), so a failed send is retried by the next run.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    query = models.CharField(
        max_length=2000, blank=True, help_text="The filter's query string, as /items/ takes it"
    )
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.NONE)
    created_at = models.DateTimeField(auto_now_add=True)
    covered_until = models.DateTimeField(
        help_text="Letters ingested up to this moment have been considered for the digest"
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["owner", "name"]
        verbose_name_plural = "saved searches"
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="uniq_saved_search_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("decisions:items") + (f"?{self.query}" if self.query else "")


class SentAlert(models.Model):
    """An item a saved search's digest has sent: never sent by that search again."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="sent_alerts"
    )
    item = models.ForeignKey(DisputedItem, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "item"], name="uniq_sent_alert")
        ]

    def __str__(self):
        return f"{self.saved_search}: item {self.item_id}"


class StateIndexCase(models.Model):
    """One row of the state's IMR decision search by case: its own reading of a letter.

    Kept whether or not the letter's PDF could be read; `fetch_decisions` writes these.
    """

    case_number = models.CharField(max_length=20, unique=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    decision_date = models.DateField(null=True, blank=True, db_index=True)
    injury_date = models.DateField(null=True, blank=True)
    received_date = models.DateField(null=True, blank=True)
    specialty = models.CharField(max_length=120, blank=True)
    letter_url = models.CharField(max_length=500, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decision_date", "case_number"]
        verbose_name = "state index case"

    def __str__(self):
        return self.case_number


class StateIndexTreatment(models.Model):
    """One row of the state's search by treatment: a letter's treatment, in its order."""

    index_case = models.ForeignKey(
        StateIndexCase, on_delete=models.CASCADE, related_name="treatments"
    )
    position = models.PositiveSmallIntegerField(help_text="1-based, as the state lists them")
    category = models.CharField(max_length=60, blank=True)
    subcategory = models.CharField(max_length=60, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # The item this treatment was compared with (the item of the same number), once the
    # letter is in the archive: the agreement rates of /stats/ join through it.
    item = models.ForeignKey(
        DisputedItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["index_case", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["index_case", "position"], name="uniq_index_treatment_position"
            )
        ]

    def __str__(self):
        return f"{self.index_case} #{self.position}: {self.category} / {self.subcategory}"
