"""The ItemExportText rows: the cells of an item's CSV line that come from other tables.

An item's line in the export names its reviewer's specialties and licence states and its
citations on both sides, each with its pages and sections: six tables. Read for every
line, those reads cost more than the rest of the export together (decisions/site/
csv_export.py). They are written out once instead, one row an item, as the export prints
them ("; "-joined, a would-be formula quoted as text), and kept exact the
way the Tally rows are (decisions/derived_rows.py, which writes and checks them).
"""

from decisions.item_rows import ItemRow
from decisions.models import CitedBy, ItemExportText
from decisions.parsing.vocab import GUIDELINE_SHORT_NAMES

SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet (tab and carriage return
# too: some spreadsheets skip them and read the formula after).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def citation_label(guideline_id: str, pages) -> str:
    """'MTUS Chronic Pain p. 98, 99'."""
    label = GUIDELINE_SHORT_NAMES.get(guideline_id, guideline_id)
    return label + (" p. " + ", ".join(str(page) for page in pages) if pages else "")


def as_text(cell: str) -> str:
    """The cell as a spreadsheet should read it: a would-be formula quoted as text (a
    specialty or a section named by an editor could start with "=")."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def text_of(item_id: int, item: ItemRow) -> ItemExportText:
    """The item's ItemExportText row, unsaved."""
    cited = {side: [] for side in CitedBy.values}
    for citation in item.citations:
        text = citation_label(citation.guideline, citation.pages)
        if citation.sections:
            text += f" [{', '.join(printed for _, printed in citation.sections)}]"
        cited[citation.side].append(text)
    return ItemExportText(
        item_id=item_id,
        reviewer_specialties=as_text(SEPARATOR.join(item.specialties)),
        reviewer_states=as_text(SEPARATOR.join(item.states)),
        imr_citations=as_text(SEPARATOR.join(cited[CitedBy.IMR])),
        claims_administrator_citations=as_text(SEPARATOR.join(cited[CitedBy.CLAIMS_ADMINISTRATOR])),
    )


FIELDS = (
    "reviewer_specialties",
    "reviewer_states",
    "imr_citations",
    "claims_administrator_citations",
)
