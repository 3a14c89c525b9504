"""The state's treatment request category and subcategory, derived from an item's description.

Pure Python (no Django). The letters never print a category, so the archive places each
disputed item with ordered rule tables: the first rule whose pattern matches wins, the most
specific rules come first. Drugs are found by name (brand or generic) in DRUG_NAMES.
The vocabulary is docs/treatment-categories.md; see that file for the decisions it left open.
"""

import re
from dataclasses import dataclass

OTHER = "Other"

# The disputed item's fields this module derives, not read from the letter: the ingest keeps
# an editor's correction of them without a conflict; recategorize keeps a corrected one.
DERIVED_FIELDS = frozenset({"category", "subcategory"})


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(","))


# Category -> its subcategories (drug classes for Pharmaceuticals), spelled as the state does.
VOCABULARY: dict[str, tuple[str, ...]] = {
    "Diagnostic Testing": ("Imaging", "EMG/NCV/NCS", "Lab & Pathology", "Other Diagnostic Tests"),
    "DMEPOS": ("DME", "Electrical Stimulation", "Prosthetics/Orthotics", "Supplies"),
    "Evaluation & Management": ("Medical Specialties", "Dental Services"),
    "Home Health": ("Home Health",),
    "Injection": ("Facet Injection", "Epidural Injection", "Trigger Point Injection", "Injection"),
    "Pharmaceuticals": _names(
        "Opioids, NSAID, Muscle Relaxant, Anti-epilepsy drugs, Antidepressant, "
        "Topical Analgesics, Topical Compounds, Proton Pump Inhibitors, Sedative-hypnotics, "
        "Benzodiazepines, AntiAnxiety, Antiemetic, Antihistamine, Antimigraine Agent, "
        "Misc Analgesics, Stimulants, Hormones, Nutritional Products, Viscosupplementation, "
        "Other"
    ),
    "Programs": ("Programs",),
    "Psych Services": ("Evaluation & Management", "Therapies"),
    "Rehabilitation": ("PT/OT", "Chiropractic", "Acupuncture", "Other Therapies"),
    "Surgery": (
        "Spine",
        "Arthroscopic Surgery",
        "Non-arthroscopic Surgery",
        "Adjunct Surgical Services",
        "Surgical Consult",
    ),
    "Transportation": ("Transportation",),
    OTHER: (OTHER,),
}


@dataclass(frozen=True)
class Treatment:
    category: str
    subcategory: str


UNKNOWN = Treatment(OTHER, OTHER)
PHARMA = "Pharmaceuticals"

# Service rules tried before looking for drug names: their words would otherwise be taken
# for a drug ("injection 5cc of lidocaine", "acupuncture with Capsaicin patch").
RULES_BEFORE_DRUGS: list[tuple[str, str, str]] = [
    (r"transport\w*", "Transportation", "Transportation"),
    (
        r"functional restoration|\bFRP\b|(brain injury|weight loss|pain|pain management|"
        r"chronic pain|detox\w*|interdisciplinary|multidisciplinary|HELP|day treatment|"
        r"rehabilitation|restoration) programs?|detox\w*|partial hospitali[sz]ation|"
        r"work (hardening|conditioning)|rehabilitation unit|"
        r"inpatient rehab\w*(?! physical| occupational)",
        "Programs",
        "Programs",
    ),
    (
        r"psychotherapy|\bCBT\b|cognitive behavio\w+|biofeedback|"
        r"psych\w* (therapy|treatment|sessions?|counsel\w+)|counsel\w+",
        "Psych Services",
        "Therapies",
    ),
    (
        r"psych\w* (eval\w*|testing|consult\w*|visit|assessment)|psychiatri\w+|psycholog\w+",
        "Psych Services",
        "Evaluation & Management",
    ),
    (
        r"home health|home (aide|care|assist\w*)|\bRN\b|nurs(e|ing)|caregiver",
        "Home Health",
        "Home Health",
    ),
    # Adjunct lab work before the PT rule, which must not read "PT/PTT" as physical therapy.
    (
        r"(pre-?op\w*|associated surgical service).*\b(labs?|EKG|ECG|CBC|BMP|CMP|PT/PTT|UA|"
        r"urinalysis|x-?rays?|clearance)",
        "Surgery",
        "Adjunct Surgical Services",
    ),
    (r"manipulation under anesthesia|\bMUA\b", "Surgery", "Non-arthroscopic Surgery"),
    # Drug screens name the drugs they look for ("urine drug screen for opioids").
    (
        r"urine|\bUDS\b|drug (screens?|test\w*)|toxicology|genetic test\w*",
        "Diagnostic Testing",
        "Lab & Pathology",
    ),
    (r"acupuncture|electro-?acupuncture", "Rehabilitation", "Acupuncture"),
    (r"chiro\w*|manipulation", "Rehabilitation", "Chiropractic"),
    (
        r"physical therapy|occupational therapy|physiotherapy|\bPT\b(?!/PTT)|\bOT\b|"
        r"(massage|message|aquatic|pool|aqua|hand|myofascial) (therapy|release)|massage|"
        r"myofascial therapy|therapeutic exercise|home exercise",
        "Rehabilitation",
        "PT/OT",
    ),
    (
        r"hyperstimulation\w*|neurostimulation therapy|\bLINT\b",
        "Rehabilitation",
        "Other Therapies",
    ),
    (r"trigger points? impedance imaging|\bTPII\b", "Diagnostic Testing", "Other Diagnostic Tests"),
    (
        r"epidural|\bESI\b|transforaminal|interlaminar|caudal|selective nerve root block|"
        r"neuroplasty|adhesiolysis",
        "Injection",
        "Epidural Injection",
    ),
    (
        r"facet|medial branch|radiofrequency|rhizotomy|\bRFA\b|neurotomy",
        "Injection",
        "Facet Injection",
    ),
    (r"trigger points? injections?|\bTPIs?\b", "Injection", "Trigger Point Injection"),
    (
        r"viscosupplement\w*|hyaluron\w+|synvisc|hyalgan|orthovisc|euflexxa|supartz|gel-one|"
        r"monovisc|durolane|genvisc",
        PHARMA,
        "Viscosupplementation",
    ),
    (
        r"injections?|inject\w*|nerve blocks?|\bblocks?\b|platelet.rich plasma|\bPRP\b",
        "Injection",
        "Injection",
    ),
]

# Service rules tried after drug names.
RULES_AFTER_DRUGS: list[tuple[str, str, str]] = [
    (
        r"associated surgical service|pre-?op\w*|post-?op\w*|medical clearance|clearance|"
        r"assistant (surgeon|PA)|surgical assist\w*",
        "Surgery",
        "Adjunct Surgical Services",
    ),
    (
        r"(?=.*\b(surgeon|surgical|surgery|neurosurg\w*|arthroplasty|replacement)\b)"
        r".*\b(consult\w*|eval\w*|referral|TOC|transfer of care|opinion|follow.?up|visits?)\b",
        "Surgery",
        "Surgical Consult",
    ),
    (r"arthroscop\w*|\bscope\b", "Surgery", "Arthroscopic Surgery"),
    (
        r"fusion|laminectomy|laminotomy|hemilaminectomy|discectomy|microdiscectomy|"
        r"foraminotomy|\bACDF\b|kyphoplasty|vertebroplasty|spinal cord stimulator|\bSCS\b|"
        r"disc replacement|(cervical|thoracic|lumbar|spin\w+) (surgery|decompression)",
        "Surgery",
        "Spine",
    ),
    (
        r"surgery|surgical|open reduction|\bORIF\b|carpal tunnel release|repair|"
        r"(?<!extended )(?<!sustained )(?<!delayed )(?<!immediate )release|"
        r"arthroplasty|replacement|\w+ectomy|\w+otomy|\w+plasty|tenodesis|amputation|"
        r"excision|removal of hardware|hardware removal|fixation",
        "Surgery",
        "Non-arthroscopic Surgery",
    ),
    (
        r"\bEMG\b|\bNCV\b|\bNCS\b|electromyogra\w+|nerve conduction|electrodiagnostic",
        "Diagnostic Testing",
        "EMG/NCV/NCS",
    ),
    # Ultrasound given in sessions is a therapy modality, not imaging.
    (
        r"(pulsed|therapeutic) ultrasound|ultrasound (\d+ times|therapy)|shock ?wave|\bESWT\b|"
        r"traction|spinolator|neurostimulation therapy|laser|infrared|"
        r"trigger point therapy|\bTPT\b|paraffin|whirlpool|kinesio",
        "Rehabilitation",
        "Other Therapies",
    ),
    (
        r"functional capacity|\bFCE\b|\bEKG\b|\bECG\b|electrocardiogram|\bSSEP\b|"
        r"evoked potential|sleep study|polysomnogra\w+|grip test|range of motion",
        "Diagnostic Testing",
        "Other Diagnostic Tests",
    ),
    (
        r"\bMRI\b|\bMRA\b|\bMR\b|magnetic resonance|\bCT\b|computed tomography|CAT scan|"
        r"x-?rays?|radiographs?|bone scan|ultrasound|sonogra\w+|\bDEXA\b|\bPET\b|arthrogra\w+|"
        r"myelogra\w+|discogra\w+|imaging|scan",
        "Diagnostic Testing",
        "Imaging",
    ),
    (
        r"urine|\bUDS\b|drug (screens?|test\w*)|toxicology|labs?|laboratory|blood (test|work)|"
        r"\bCBC\b|\bCMP\b|\bBMP\b|PTT|panel|pathology|biopsy|genetic test\w*|urinalysis",
        "Diagnostic Testing",
        "Lab & Pathology",
    ),
    (
        r"tests?|testing",
        "Diagnostic Testing",
        "Other Diagnostic Tests",
    ),
    (r"supplies|electrodes|batter(y|ies)|(TENS|electrode) pads", "DMEPOS", "Supplies"),
    (
        r"\bTENS\b|H-wave|interferential|\bIF unit|\bEMS\b|\bNMES\b|e-?stim\w*|"
        r"(electrical|electric|muscle) (muscle )?stim\w*|stimulator",
        "DMEPOS",
        "Electrical Stimulation",
    ),
    (
        r"braces?|splints?|orthotics?|orthos[ie]s|supports?|slings?|ultrasling|collar|insoles?|"
        r"shoes?|prosthe\w+|hearing aids?|compression (garment|stocking|sleeve)s?",
        "DMEPOS",
        "Prosthetics/Orthotics",
    ),
    (
        r"(heat|cold|ice|hot)\w*( therapy)? (wraps?|packs?|pads?|units?)|"
        r"(heat|cold|ice|hot)[\w/-]* therapy|"
        r"cryotherapy|vascutherm",
        "DMEPOS",
        "DME",
    ),
    (
        r"\bDME\b|units?|beds?|walkers?|canes?|crutch(es)?|wheelchair|scooter|pillows?|mattress|chair|"
        r"workstation|wraps?|pads?|\bCPM\b|commode|shower|rental|purchase",
        "DMEPOS",
        "DME",
    ),
    (r"dental|dentist\w*|teeth|tooth|oral surgeon", "Evaluation & Management", "Dental Services"),
    (
        r"consult\w*|follow.?up|office visits?|visits?|referral|eval\w*|exam\w*|"
        r"re-?exam|specialist|TOC|transfer of care|management",
        "Evaluation & Management",
        "Medical Specialties",
    ),
]


# Drug class -> drug names, comma-separated (generic and brand; compounds by trade name).
DRUG_NAMES: dict[str, str] = {
    "Opioids": (
        "opioids?, narcotics?, "
        "hydrocodone, Norco, Vicodin, Lortab, Hysingla, Zohydro, Vicoprofen, oxycodone, "
        "OxyContin, Percocet, Roxicodone, Xtampza, Endocet, Xartemis, tramadol, Ultram, "
        "Ultracet, Conzip, Synapryn, tapentadol, Nucynta, morphine, MS Contin, Kadian, "
        "Avinza, Embeda, fentanyl, Duragesic, Fentora, Actiq, hydromorphone, Dilaudid, "
        "Exalgo, oxymorphone, Opana, methadone, buprenorphine, Butrans, Belbuca, Suboxone, "
        "Subutex, Zubsolv, codeine, Tylenol #3, Tylenol #4, Tylenol with codeine, Trezix, "
        "dihydrocodeine, meperidine, Demerol, levorphanol, pentazocine, Talwin"
    ),
    "NSAID": (
        "NSAIDs?, anti-inflammatory, "
        "ibuprofen, Motrin, Advil, naproxen, Naprosyn, Anaprox, Aleve, Naprelan, celecoxib, "
        "Celebrex, meloxicam, Mobic, diclofenac, Voltaren, Zorvolex, Zipsor, Cambia, "
        "Arthrotec, etodolac, Lodine, nabumetone, Relafen, ketorolac, Toradol, Sprix, "
        "indomethacin, Indocin, piroxicam, Feldene, oxaprozin, Daypro, sulindac, Clinoril, "
        "ketoprofen, flurbiprofen, fenoprofen, Nalfon, Duexis, Vimovo, salsalate, diflunisal, "
        "aspirin"
    ),
    "Muscle Relaxant": (
        "muscle relaxants?, "
        "cyclobenzaprine, Flexeril, Fexmid, Amrix, tizanidine, Zanaflex, baclofen, Lioresal, "
        "methocarbamol, Robaxin, orphenadrine, Norflex, Norgesic, carisoprodol, Soma, "
        "metaxalone, Skelaxin, chlorzoxazone, Parafon Forte, Lorzone, dantrolene, Tabradol"
    ),
    "Anti-epilepsy drugs": (
        "gabapentin, Neurontin, Gralise, Horizant, Fanatrex, pregabalin, Lyrica, topiramate, "
        "Topamax, carbamazepine, Tegretol, oxcarbazepine, Trileptal, lamotrigine, Lamictal, "
        "levetiracetam, Keppra, valproate, valproic acid, divalproex, Depakote, zonisamide, "
        "Zonegran, lacosamide, Vimpat, phenytoin, Dilantin"
    ),
    "Antidepressant": (
        "antidepressants?, "
        "amitriptyline, Elavil, nortriptyline, Pamelor, desipramine, imipramine, doxepin, "
        "duloxetine, Cymbalta, venlafaxine, Effexor, desvenlafaxine, Pristiq, milnacipran, "
        "Savella, sertraline, Zoloft, fluoxetine, Prozac, paroxetine, Paxil, citalopram, "
        "Celexa, escitalopram, Lexapro, bupropion, Wellbutrin, trazodone, Desyrel, "
        "mirtazapine, Remeron, vilazodone, Viibryd, vortioxetine, Trintellix, Brintellix"
    ),
    "Topical Analgesics": (
        "Lidoderm, lidocaine, Xylocaine, Flector, Pennsaid, capsaicin, Zostrix, Qutenza, "
        "menthol, methyl salicylate, Salonpas, Biofreeze, Ben-Gay, EMLA"
    ),
    "Topical Compounds": (
        "Ketophene, Cyclophene, Lidopro, Terocin, Medrox, Mentherm, Menthoderm, Dendracin, "
        "Thermacin, compound, compounded"
    ),
    "Proton Pump Inhibitors": (
        "proton pump inhibitors?, PPIs?, "
        "omeprazole, Prilosec, pantoprazole, Protonix, esomeprazole, Nexium, lansoprazole, "
        "Prevacid, rabeprazole, Aciphex, dexlansoprazole, Dexilant"
    ),
    "Sedative-hypnotics": (
        "zolpidem, Ambien, Intermezzo, Edluar, eszopiclone, Lunesta, zaleplon, Sonata, "
        "suvorexant, Belsomra, ramelteon, Rozerem"
    ),
    "Benzodiazepines": (
        "alprazolam, Xanax, clonazepam, Klonopin, lorazepam, Ativan, diazepam, Valium, "
        "temazepam, Restoril, chlordiazepoxide, Librium, triazolam, Halcion, oxazepam, "
        "clorazepate"
    ),
    "AntiAnxiety": ("buspirone, BuSpar"),
    "Antiemetic": (
        "ondansetron, Zofran, promethazine, Phenergan, metoclopramide, Reglan, "
        "prochlorperazine, Compazine, meclizine, Antivert, granisetron"
    ),
    "Antihistamine": (
        "diphenhydramine, Benadryl, Dicopanol, hydroxyzine, Atarax, Vistaril, cetirizine, "
        "Zyrtec, loratadine, Claritin, cyproheptadine"
    ),
    "Antimigraine Agent": (
        "sumatriptan, Imitrex, rizatriptan, Maxalt, eletriptan, Relpax, zolmitriptan, Zomig, "
        "naratriptan, Amerge, Treximet, Cafergot"
    ),
    "Misc Analgesics": ("acetaminophen, Tylenol, APAP, Fioricet, Esgic, butalbital"),
    "Stimulants": (
        "modafinil, Provigil, armodafinil, Nuvigil, methylphenidate, Ritalin, Adderall, amphetamine"
    ),
    "Hormones": (
        "testosterone, AndroGel, estradiol, estrogen, levothyroxine, Synthroid, prednisone, "
        "prednisolone, methylprednisolone, Medrol, dexamethasone, hydrocortisone, growth "
        "hormone"
    ),
    "Nutritional Products": (
        "Theramine, Sentra, Trepadone, Gabadone, Appetrim, Percura, vitamins?, vitamin "
        "[A-Z]\\d*, fish oil, glucosamine, chondroitin, medical food, melatonin, folic acid, "
        "probiotics?"
    ),
    OTHER: (
        "propranolol, Inderal, metoprolol, "
        "famotidine, Pepcid, ranitidine, Zantac, Deprizine, docusate, Colace, senna, Senokot, "
        "sennosides, Miralax, lactulose, Amitiza, Linzess, Movantik, Relistor, naloxone, "
        "Narcan, sildenafil, Viagra, tadalafil, Cialis, misoprostol"
    ),
}

# Drugs sold ready-made for the skin; any other analgesic in a cream is compounded.
TOPICAL_PRODUCTS = _names(
    "ben-gay, biofreeze, capsaicin, diclofenac, emla, flector, lidocaine, lidoderm, "
    "menthol, methyl salicylate, pennsaid, qutenza, salonpas, voltaren, xylocaine, "
    "zostrix"
)
# Classes whose drugs, put on the skin, count as topical analgesics or compounds.
TOPICAL_CLASSES = _names(
    "NSAID, Muscle Relaxant, Anti-epilepsy drugs, Antidepressant, Misc Analgesics, "
    "Topical Analgesics, Topical Compounds, Other"
)
TOPICAL_FORM = re.compile(
    r"\b(creams?|gels?|ointments?|lotions?|patch(es)?|topical|transdermal|"
    r"liniment|spray)\b|\d%",
    re.IGNORECASE,
)
STRENGTH = re.compile(r"\d%")
# Dose, strength or pill count: an unknown word beside them is most likely a drug.
DOSAGE = re.compile(
    r"\d\s*(mg|mcg|ml|gm|grams?)\b|\b(tablets?|tabs?|capsules?|caps|refills?|by mouth|"
    r"orally|oral suspension|dispense|supply)\b",
    re.IGNORECASE,
)


def _compile(rules: list[tuple[str, str, str]]) -> list[tuple[re.Pattern, Treatment]]:
    # Whole words only: the rule's alternatives are wrapped in word boundaries.
    return [
        (re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", re.IGNORECASE), Treatment(cat, sub))
        for pattern, cat, sub in rules
    ]


def _drug_pattern() -> tuple[re.Pattern, dict[str, str]]:
    class_of = {}
    for drug_class, names in DRUG_NAMES.items():
        for name in _names(names):
            class_of[name.lower()] = drug_class
    # Longest first, so "Tylenol with codeine" wins over "Tylenol".
    alternatives = sorted(class_of, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(a.replace(" ", r"\s+") for a in alternatives) + r")(?![\w])",
        re.IGNORECASE,
    )
    return pattern, class_of


_BEFORE = _compile(RULES_BEFORE_DRUGS)
_AFTER = _compile(RULES_AFTER_DRUGS)
_DRUG, _CLASS_OF = _drug_pattern()


def _class_of(name: str) -> str:
    name = re.sub(r"\s+", " ", name.lower())
    if name in _CLASS_OF:
        return _CLASS_OF[name]
    # Names written as patterns ("vitamins?") are looked up by matching them.
    return next(c for key, c in _CLASS_OF.items() if re.fullmatch(key, name))


def drug_class(description: str) -> str | None:
    """The drug class of a medication request, or None when it names no known drug."""
    names = [m.group(1).lower() for m in _DRUG.finditer(description)]
    if not names:
        return None
    classes = [_class_of(name) for name in names]
    if "Topical Compounds" in classes:
        return "Topical Compounds"
    if not TOPICAL_FORM.search(description):
        return classes[0]
    # On the skin: several ingredients make a compound ("Voltaren (diclofenac)" is one drug).
    if classes[0] not in TOPICAL_CLASSES:
        return classes[0]  # fentanyl patch, testosterone gel
    if len(set(classes)) > 1 or len(STRENGTH.findall(description)) > 1:
        return "Topical Compounds"
    if names[0] in TOPICAL_PRODUCTS or classes[0] == "Topical Analgesics":
        return "Topical Analgesics"
    return "Topical Compounds"


def classify_treatment(description: str) -> Treatment:
    """The state's category and subcategory for a disputed item's description."""
    text = " ".join((description or "").split())
    for pattern, treatment in _BEFORE:
        if pattern.search(text):
            return treatment
    found = drug_class(text)
    if found:
        return Treatment(PHARMA, found)
    for pattern, treatment in _AFTER:
        if pattern.search(text):
            return treatment
    if DOSAGE.search(text) or TOPICAL_FORM.search(text):
        return Treatment(PHARMA, OTHER)
    return UNKNOWN
