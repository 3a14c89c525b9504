"""Treatment categories derived from item descriptions (no database)."""

import re
from pathlib import Path

import pytest

from decisions import categories
from decisions.categories import (
    DRUG_NAMES,
    RULES_AFTER_DRUGS,
    RULES_BEFORE_DRUGS,
    VOCABULARY,
    Treatment,
    classify_treatment,
    drug_class,
)

DIAG, DME, EM, INJ, RX = (
    "Diagnostic Testing",
    "DMEPOS",
    "Evaluation & Management",
    "Injection",
    "Pharmaceuticals",
)
PSY, REHAB, SURG = "Psych Services", "Rehabilitation", "Surgery"

# The examples in docs/treatment-categories.md.
DOC_EXAMPLES = [
    ("Norco 10/325mg #90", RX, "Opioids"),
    ("12 massage therapy sessions for lumbar spine/sacrum", REHAB, "PT/OT"),
    ("MRI of the right shoulder without contrast", DIAG, "Imaging"),
    ("Lumbar epidural steroid injection at L4-L5", INJ, "Epidural Injection"),
    ("Functional restoration program, 160 hours", "Programs", "Programs"),
]

# Every disputed item of the five seed letters in fixtures/letters.
SEED_ITEMS = [
    ("Self trigger point therapy (TPT)", REHAB, "Other Therapies"),
    ("12 massage therapy sessions for lumbar spine/sacrum", REHAB, "PT/OT"),
    ("Five trigger point injections with sedation", INJ, "Trigger Point Injection"),
    ("12 message therapy sessions", REHAB, "PT/OT"),
    ("Myofascial therapy visits, quantity 6", REHAB, "PT/OT"),
    (
        "Electro-Acupuncture two (2) times a week for six (6) weeks and infrared myofascial "
        "release",
        REHAB,
        "Acupuncture",
    ),
    ("Request for eight (8) physical therapy sessions for the upper back and neck", REHAB, "PT/OT"),
]

# Item headings of the real 2016-17 letters.
REAL_ITEMS = [
    ("MRI of the cervical spine without contrast", DIAG, "Imaging"),
    ("Facet joint injections L4-5, L5-S1", INJ, "Facet Injection"),
    ("Three months coverage of Viagra 50mg", RX, "Other"),
    ("Continue physical therapy 3 times a week for 2 weeks", REHAB, "PT/OT"),
    (
        "Acute inpatient rehabilitation physical therapy and occupational therapy 7-10 days",
        REHAB,
        "PT/OT",
    ),
    ("Acupuncture 3 times a week for 2 weeks, neck, right hand and head", REHAB, "Acupuncture"),
    ("Chiropractic physiotherapy treatment 6 visits", REHAB, "Chiropractic"),
    ("Physical exam 2 times 8", EM, "Medical Specialties"),
    ("Spinal manipulation 1 times 8", REHAB, "Chiropractic"),
    ("Electrical stimulation 1 times 8", DME, "Electrical Stimulation"),
    ("Ultrasound 1 times 8", REHAB, "Other Therapies"),
    ("Comprehensive psychological testing", PSY, "Evaluation & Management"),
    ("Baclofen 100mg #3", RX, "Muscle Relaxant"),
    ("Diclofenac ER 100mg #60", RX, "NSAID"),
    ("Lidocaine ointment 5% 106.32gm", RX, "Topical Analgesics"),
    (
        "EMG (electromyography)/NCV (nerve conduction velocity) of the bilateral upper",
        DIAG,
        "EMG/NCV/NCS",
    ),
    ("Cervical CT scan", DIAG, "Imaging"),
    ("TOC to ortho spine surgeon eval and treatment", SURG, "Surgical Consult"),
    (
        "Right shoulder arthroscopy RCR (rotator cuff repair) and decompression",
        SURG,
        "Arthroscopic Surgery",
    ),
    ("Medical Clearance", SURG, "Adjunct Surgical Services"),
    ("Labs to include: EKG", DIAG, "Other Diagnostic Tests"),
    ("Labs to include: Chest X-ray", DIAG, "Imaging"),
    ("Post-op physical therapy 2 times a week for 4 weeks", REHAB, "PT/OT"),
    (
        "Associated surgical service: Cold compression therapy 30 day rental",
        SURG,
        "Adjunct Surgical Services",
    ),
    (
        "Associated surgical service: Shoulder sling with abduction pillow",
        SURG,
        "Adjunct Surgical Services",
    ),
    ("Occupational therapy for six sessions", REHAB, "PT/OT"),
    ("Spinolator therapy (traction) times 6", REHAB, "Other Therapies"),
    ("Ice/Heat pads therapy times 6", DME, "DME"),
    ("Diazepam 5mg #10", RX, "Benzodiazepines"),
    ("X-Ray of the lumbar spine", DIAG, "Imaging"),
    (
        "Voltaren gel apply to affected area 4 times a day, #60 grams with 1 refill",
        RX,
        "Topical Analgesics",
    ),
    ("Lidoderm patch, 12 hours on 12 hours off to affected area, #1 box", RX, "Topical Analgesics"),
    ("Etodolac", RX, "NSAID"),
    ("Omeprazole", RX, "Proton Pump Inhibitors"),
    ("Flector 1.3% transdermal patch", RX, "Topical Analgesics"),
    ("Back support", DME, "Prosthetics/Orthotics"),
    ("Hot/cold therapy wrap", DME, "DME"),
    (
        "Left shoulder arthroscopy with Bankart repair, possible biceps tenodesis",
        SURG,
        "Arthroscopic Surgery",
    ),
    ("Associated surgical service: Physical therapy, times 12", REHAB, "PT/OT"),
    ("Post-op Percocet 5/325mg", RX, "Opioids"),
    ("Post-op Zofran", RX, "Antiemetic"),
    ("Neuroplasty, lumbar spine", INJ, "Epidural Injection"),
    ("Injection of neurolytic substance, lumbar spine", INJ, "Injection"),
    ("Right L5-S1 epidural steroid injection", INJ, "Epidural Injection"),
    ("NCS of the left upper extremity", DIAG, "EMG/NCV/NCS"),
    ("continuation for left hand therapy for 6 sessions", REHAB, "PT/OT"),
    ("TENS unit", DME, "Electrical Stimulation"),
    ("Cervical pillow", DME, "DME"),
    ("Wrist braces #2", DME, "Prosthetics/Orthotics"),
    ("Functional capacity evaluation (FCE)", DIAG, "Other Diagnostic Tests"),
    ("Deprizine (unknown quantity)", RX, "Other"),
    ("Fanatrex (unknown quantity)", RX, "Anti-epilepsy drugs"),
    ("Synapryn (unknown quantity)", RX, "Opioids"),
    ("Tabradol (unknown quantity)", RX, "Muscle Relaxant"),
    ("Ketophene (unknown quantity)", RX, "Topical Compounds"),
    ("Dicopanol (unknown quantity)", RX, "Antihistamine"),
    ("Ketoprofen 20% in cream base 240g", RX, "Topical Compounds"),
    ("Cyclobenzaprine 5% in cream base 240g", RX, "Topical Compounds"),
    ("Bupropion HCL 150mg #90", RX, "Antidepressant"),
    ("Venlafaxine HCL ER 37.5mg #90", RX, "Antidepressant"),
    ("Celecoxib 200mg #90", RX, "NSAID"),
    (
        "Pantoprazole 40mg, one by mouth, twice a day #60 with one refill",
        RX,
        "Proton Pump Inhibitors",
    ),
    (
        "Flurbiprofen 20%, Baclofen 5%, Dexamethasone 2%, Menthol 2%, Capsaicin 0.025% "
        "in cream base",
        RX,
        "Topical Compounds",
    ),
    ("Urine Test", DIAG, "Lab & Pathology"),
    ("Urine drug testing", DIAG, "Lab & Pathology"),
    ("Unknown shockwave treatments", REHAB, "Other Therapies"),
    (
        "Daily RN for 4 weeks for wound care and monitoring of wound healing",
        "Home Health",
        "Home Health",
    ),
    ("Home aide 6 hours per day, 5 times a week for 4 weeks", "Home Health", "Home Health"),
    ("Partial Hospitalization day treatment", "Programs", "Programs"),
    ("Two refills of Ibuprofen 600mg #90", RX, "NSAID"),
    ("Bilateral hearing aids", DME, "Prosthetics/Orthotics"),
    ("Nerve Conduction Study of the right upper extremity", DIAG, "EMG/NCV/NCS"),
    ("Neurosurgeon evaluation for the Low back/Pelvis", SURG, "Surgical Consult"),
    ("one week trial of Acute Rehabilitation Unit", "Programs", "Programs"),
    ("1 platelet rich plasma injection to left foot", INJ, "Injection"),
    ("1 knee scooter", DME, "DME"),
    ("Re-exam with chiropractor for the lumbar spine flare-up", REHAB, "Chiropractic"),
    ("Pulsed Ultrasound 2 times a week for 4 weeks", REHAB, "Other Therapies"),
    ("Electrical Muscle Stimulation 2 times a week for 4 weeks", DME, "Electrical Stimulation"),
    ("Lorzone 750mg one by mouth three times a day #45", RX, "Muscle Relaxant"),
    ("Diclofenac sodium 3% 300mg/g #1", RX, "Topical Analgesics"),
    ("Preoperative Medical Clearance", SURG, "Adjunct Surgical Services"),
    ("Assistant PA", SURG, "Adjunct Surgical Services"),
    ("Pre-operative PT/PTT", SURG, "Adjunct Surgical Services"),
    (
        "Lumbar epidural steroid injection with pain interventionist consult and treatment",
        INJ,
        "Epidural Injection",
    ),
    (
        "One container of Flurbiprofen 10%, Cyclobenzaprine 3%, Gabapentin 6%, Lidocaine 5%",
        RX,
        "Topical Compounds",
    ),
    ("one month supply of Trezix capsule 30.5/30/16mg", RX, "Opioids"),
    ("MR Arthrogram of the right shoulder", DIAG, "Imaging"),
    (
        "Twelve acupuncture visits with Capsaicin patch, 2 times weekly for 6 weeks",
        REHAB,
        "Acupuncture",
    ),
    ("Extracorporeal shockwave therapy (ESWT)", REHAB, "Other Therapies"),
    ("Trigger points impedance imaging (TPII)", DIAG, "Other Diagnostic Tests"),
    ("Localized intense neurostimulation therapy [following TPII]", REHAB, "Other Therapies"),
    ("Sit-stand workstation", DME, "DME"),
    ("Jamar grip test", DIAG, "Other Diagnostic Tests"),
    ("Medication management consultation", EM, "Medical Specialties"),
    ("Transportation to/from all medical appointments", "Transportation", "Transportation"),
    ("Retrospective Famotidine 20mg #60, per 12/07/2016 order", RX, "Other"),
    (
        "Retrospective Lidopro 4%-27.5%-0.0325% 121gm #1, per 12/07/2016 order",
        RX,
        "Topical Compounds",
    ),
    ("Hospital bed for an unspecified rental", DME, "DME"),
    ("Pre-op labs: PT/PTT", SURG, "Adjunct Surgical Services"),
    ("Post-op Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed", RX, "Opioids"),
    ("Post-op Colace 100mg #60, 1 tablet by mouth as needed", RX, "Other"),
    ("Three refills of Voltaren 75mg #60", RX, "NSAID"),
    ("SSEP of the lumbar and lower extremities", DIAG, "Other Diagnostic Tests"),
    ("Ultram (tramadol) 50mg #90", RX, "Opioids"),
    (
        "Retrospective injection 5cc of lidocaine hcl 1percent and 1cc of dexamethasone 120mg",
        INJ,
        "Injection",
    ),
    ("Fioricet #120", RX, "Misc Analgesics"),
    (
        "Consult with hip replacement specialist to evaluation for a total hip arthroplasty",
        SURG,
        "Surgical Consult",
    ),
    ("Diclofenac/misoprostol 75-0.2mg #60 with 2 refills", RX, "NSAID"),
    ("Follow up office visit times 2", EM, "Medical Specialties"),
    ("Electrocardiogram times 3", DIAG, "Other Diagnostic Tests"),
    (
        "Dextromethorphan 5%/Amitriptyline 5%/Lidocaine/Capsaicin 0.025%, 120grams #1",
        RX,
        "Topical Compounds",
    ),
    ("Synapryn (10mg/1ml oral suspension) 500ml", RX, "Opioids"),
    ("Cyclophene 5% cream 111.2 grams", RX, "Topical Compounds"),
    ("Compound Ketoprofen 20%, 240 grams", RX, "Topical Compounds"),
    (
        "Operative arthroscopy, superior labral anterior posterior repair, right shoulder",
        SURG,
        "Arthroscopic Surgery",
    ),
    ("Associated surgical service: EMS/TENS unit", SURG, "Adjunct Surgical Services"),
    ("Assistant surgeon", SURG, "Adjunct Surgical Services"),
    ("Chiro with modalities 2 times a week for 6 weeks for neck, back", REHAB, "Chiropractic"),
    ("with open carpal tunnel release", SURG, "Non-arthroscopic Surgery"),
    ("Pre-op Clearance", SURG, "Adjunct Surgical Services"),
    ("Motrin 600mg #40", RX, "NSAID"),
    ("Flexeril 10mg #90", RX, "Muscle Relaxant"),
    ("TENS unit, daily trial, cervical and thoracic spine, #30", DME, "Electrical Stimulation"),
    ("Meloxicam (Mobic) 7.5mg #30", RX, "NSAID"),
]

# Requests the brief names that the 149 letters happen not to contain.
OTHER_REQUESTS = [
    ("Urine drug screen", DIAG, "Lab & Pathology"),
    ("Urine toxicology screen for Norco compliance", DIAG, "Lab & Pathology"),
    ("Unspecified muscle relaxant", RX, "Muscle Relaxant"),
    ("Crutches", DME, "DME"),
    ("Aquatic therapy 2 times a week for 4 weeks", REHAB, "PT/OT"),
    ("Psychotherapy 6 sessions", PSY, "Therapies"),
    ("Cognitive behavioral therapy (CBT) 6 visits", PSY, "Therapies"),
    ("Biofeedback 6 sessions", PSY, "Therapies"),
    ("Psych evaluation", PSY, "Evaluation & Management"),
    ("L4-5 lumbar fusion", SURG, "Spine"),
    ("Laminectomy and discectomy L5-S1", SURG, "Spine"),
    ("Orthopedic consultation", EM, "Medical Specialties"),
    ("Follow-up visit with the orthopedic surgeon", SURG, "Surgical Consult"),
    ("Pain management referral", EM, "Medical Specialties"),
    ("Home health care 4 hours a day", "Home Health", "Home Health"),
    ("Ambien 10mg #30", RX, "Sedative-hypnotics"),
    ("Soma 350mg #60", RX, "Muscle Relaxant"),
    ("Lyrica 75mg #60", RX, "Anti-epilepsy drugs"),
    ("Synvisc-One injection left knee", RX, "Viscosupplementation"),
    ("Voltaren (diclofenac) 1% gel 100g", RX, "Topical Analgesics"),
    ("Butrans patch 10mcg/hr #4", RX, "Opioids"),
    ("H-wave unit purchase", DME, "Electrical Stimulation"),
    ("Medial branch block L3-L5", INJ, "Facet Injection"),
    ("Manipulation under anesthesia, lumbar spine", SURG, "Non-arthroscopic Surgery"),
    ("Dental evaluation", EM, "Dental Services"),
    ("Zorvanex 20mg #30", RX, "Other"),
    ("Tylenol #3 #60", RX, "Opioids"),
    ("Zyvex extended release 100mg #30", RX, "Other"),
    ("TENS unit supplies", DME, "Supplies"),
    ("Menthoderm gel 120g", RX, "Topical Compounds"),
]


@pytest.mark.parametrize(
    ("description", "category", "subcategory"),
    DOC_EXAMPLES + SEED_ITEMS + REAL_ITEMS + OTHER_REQUESTS,
)
def test_classify_treatment(description, category, subcategory):
    assert classify_treatment(description) == Treatment(category, subcategory)


@pytest.mark.parametrize("description", ["", "   ", "Gym membership for six months", "Item 3"])
def test_unplaceable_requests_are_other(description):
    assert classify_treatment(description) == Treatment("Other", "Other")


def test_case_and_spacing_do_not_matter():
    assert classify_treatment("  mri OF THE\nLUMBAR   spine ") == Treatment(DIAG, "Imaging")


def test_drug_names_are_whole_words():
    # "Soma" inside "somatic" and "PT" inside "PTT" are not matches.
    assert drug_class("Somatic dysfunction treatment") is None
    assert classify_treatment("PT/PTT") == Treatment(DIAG, "Lab & Pathology")


def test_every_rule_returns_the_documented_vocabulary():
    for _, category, subcategory in RULES_BEFORE_DRUGS + RULES_AFTER_DRUGS:
        assert subcategory in VOCABULARY[category], (category, subcategory)


def test_every_drug_class_is_a_documented_subcategory():
    assert set(DRUG_NAMES) <= set(VOCABULARY[RX])


def test_module_is_pure_python():
    source = Path(categories.__file__).read_text()
    assert not re.search(r"^\s*(from|import) django", source, re.MULTILINE)


def test_vocabulary_matches_the_documented_table():
    assert set(VOCABULARY) == {
        "Diagnostic Testing", "DMEPOS", "Evaluation & Management", "Home Health", "Injection",
        "Pharmaceuticals", "Programs", "Psych Services", "Rehabilitation", "Surgery",
        "Transportation", "Other",
    }  # fmt: skip
    assert len(VOCABULARY[RX]) == 20
