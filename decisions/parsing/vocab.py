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

# The same guidelines named briefly, for table rows and citation labels.
GUIDELINE_SHORT_NAMES: dict[str, str] = {
    "mtus-chronic-pain": "MTUS Chronic Pain",
    "mtus-acoem": "MTUS ACOEM",
    "mtus-acupuncture": "MTUS Acupuncture",
    "mtus-postsurgical": "MTUS Postsurgical",
    "mtus-opioids": "MTUS Opioids",
    "mtus-formulary": "MTUS Formulary",
    "mtus-other": "MTUS (other)",
    "odg": "ODG",
    "acoem-non-mtus": "ACOEM (non-MTUS)",
    "other": "Other source",
}

# ACOEM Practice Guidelines (2nd ed., 2004; Elbow 2007) chapters as the MTUS adopted them.
ACOEM_CHAPTERS: dict[int, str] = {
    **{number: "General Approaches" for number in range(1, 8)},
    8: "Neck and Upper Back Complaints",
    9: "Shoulder Complaints",
    10: "Elbow Complaints",
    11: "Forearm, Wrist, and Hand Complaints",
    12: "Low Back Complaints",
    13: "Knee Complaints",
    14: "Ankle and Foot Complaints",
    15: "Stress-Related Conditions",
    16: "Eye",
}

# How the letters name the MTUS parts (after "MTUS "), as regular expressions, with the
# guideline id each names. For ACOEM chapters the chapter name is the title itself.
MTUS_PARTS: dict[str, str] = {
    r"Chronic\s+Pain(?:\s+Medical)?\s+Treatment": "mtus-chronic-pain",
    r"Acupuncture(?:\s+Medical)?\s+Treatment": "mtus-acupuncture",
    r"Post-?\s*surgical(?:\s+Medical)?\s+Treatment": "mtus-postsurgical",
    r"Opioids?(?:\s+Medical)?\s+Treatment": "mtus-opioids",
    r"(?:Drug\s+)?Formulary": "mtus-formulary",
    r"ACOEM(?:\s+Practice\s+Guidelines)?(?:,?\s+Chapter\s+\d+)?": "mtus-acoem",
    r"General\s+Approaches": "mtus-acoem",
    r"Neck\s+and\s+Upper\s+Back\s+Complaints": "mtus-acoem",
    r"Shoulder\s+Complaints": "mtus-acoem",
    r"Elbow\s+Complaints": "mtus-acoem",
    r"Forearm,\s+Wrist,?\s+and\s+Hand\s+Complaints": "mtus-acoem",
    r"Low\s+Back\s+Complaints": "mtus-acoem",
    r"Knee\s+Complaints": "mtus-acoem",
    r"Ankle\s+and\s+Foot\s+Complaints": "mtus-acoem",
    r"Stress[-\s]Related\s+Conditions": "mtus-acoem",
    r"Definitions": "mtus-other",
}

# Canonical reviewer specialties (the state's IMR search vocabulary) ...
SPECIALTIES: tuple[str, ...] = (
    "Addiction Psychiatry",
    "Allergy & Immunology",
    "Anesthesiology",
    "Chiropractic",
    "Critical Care Medicine",
    "Dermatology",
    "Emergency Medicine",
    "Family Practice",
    "Hand Surgery",
    "Internal Medicine",
    "Neurological Surgery",
    "Neurology",
    "Occupational Medicine",
    "Orthopedic Surgery",
    "Pain Management",
    "Physical Medicine & Rehabilitation",
    "Plastic Surgery",
    "Podiatrist",
    "Preventive Medicine",
    "Psychiatry",
    "Psychologist",
    "Pulmonary Disease",
    "Rheumatology",
    "Sports Medicine",
    "Surgery",
)
# ... and the other spellings the letters use for them (lower case -> canonical).
SPECIALTY_ALIASES: dict[str, str] = {
    "allergy and immunology": "Allergy & Immunology",
    "physical medicine and rehabilitation": "Physical Medicine & Rehabilitation",
    "physical medicine & rehab": "Physical Medicine & Rehabilitation",
    "pm&r": "Physical Medicine & Rehabilitation",
    "pmr": "Physical Medicine & Rehabilitation",
    "orthopaedic surgery": "Orthopedic Surgery",
    "orthopedics": "Orthopedic Surgery",
    "family medicine": "Family Practice",
    "pain medicine": "Pain Management",
    "chiropractor": "Chiropractic",
    "podiatry": "Podiatrist",
    "psychology": "Psychologist",
    "neurosurgery": "Neurological Surgery",
    "general surgery": "Surgery",
    "pulmonary medicine": "Pulmonary Disease",
}

# Certifications the letters name outside that vocabulary: kept as written (with a
# warning), and known as names when a list of specialties is split.
OTHER_SPECIALTIES: tuple[str, ...] = (
    "Hospice & Palliative Medicine",
    "Medical Toxicology",
    "Neuromuscular Medicine",
    "Pediatric Rehabilitation Medicine",
    "Public Health & General Preventive Medicine",
    "Surgical Critical Care",
)

US_STATES: tuple[str, ...] = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois",
    "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
    "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah",
    "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
    "Puerto Rico",
)  # fmt: skip
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
}  # fmt: skip

# ODG chapter names (a regular expression each), as the letters print them. The chapter
# kept in a citation is the printed text these match, tidied (see odg.py).
ODG_CHAPTERS: tuple[str, ...] = (
    r"Low(?:er)?\s+Back",
    r"Lumbar\s+(?:and|&)\s+Thoracic",
    r"Neck(?:\s+(?:and|&)\s+Upper\s+Back)?",
    r"Shoulder",
    r"Knee(?:\s+(?:and|&)\s+Leg)?",
    r"Hips?(?:\s+(?:and|&)\s+(?:Pelvis|Groin))?",
    r"Forearm,?\s+Wrist,?\s+(?:and|&)\s+Hand",
    r"Carpal\s+Tunnel\s+Syndrome",
    r"Elbow",
    r"Ankle\s+(?:and|&)\s+Foot",
    r"Head",
    r"Hernia",
    r"Pain",
    r"Chronic\s+Pain",
    r"Mental\s+Illness\s+(?:and|&)\s+Stress",
    r"Fitness\s+for\s+Duty",
    r"Eye",
    r"Burns",
    r"Pulmonary",
    r"Preface",
)
# Qualifiers that belong to a chapter's printed name: "Low Back - Lumbar & Thoracic
# (Acute & Chronic)".
ODG_CHAPTER_QUALIFIERS: tuple[str, ...] = (
    r"\s*[-,]?\s*Lumbar\s+(?:and|&)\s+Thoracic",
    r"\s*&\s*Thoracic",
    r"\s*\((?:Acute\s+(?:and|&)\s+Chronic|Chronic|Thoracic\s+and\s+Lumbar,\s+Acute\s+and\s+Chronic"
    r"|trauma, headaches, etc\., not including stress & mental disorders)\)",
)

# MTUS section names that hold a comma followed by a capital (see sections.split_sections).
SECTIONS_WITH_COMMAS: tuple[str, ...] = (
    "NSAIDs, GI symptoms & cardiovascular risk",
    "Forearm, Wrist, & Hand",
    "Forearm, Wrist, and Hand",
    "Forearm, Wrist & Hand",
)
