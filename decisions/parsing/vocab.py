"""Vocabularies as data: canonical guideline ids, ACOEM chapters, specialties, US states."""

# Canonical guideline ids of the `imr-letter/1` contract, with readable names.
GUIDELINES: dict[str, str] = {
    "mtus-chronic-pain": "MTUS Chronic Pain Medical Treatment Guidelines",
    "mtus-acoem": "MTUS ACOEM Practice Guidelines",
    "mtus-acupuncture": "MTUS Acupuncture Medical Treatment Guidelines",
    "mtus-postsurgical": "MTUS Postsurgical Treatment Guidelines",
    "mtus-opioids": "MTUS Opioids Treatment Guidelines",
    "mtus-formulary": "MTUS Drug Formulary",
    "mtus-other": "MTUS (other parts)",
    "odg": "Official Disability Guidelines (ODG)",
    "acoem-non-mtus": "ACOEM (non-MTUS edition)",
    "other": "Other non-MTUS source",
}
