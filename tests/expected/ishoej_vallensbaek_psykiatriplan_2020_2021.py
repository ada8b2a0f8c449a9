# Expected counts for data/ishoej-vallensbaek-psykiatriplan-2020-2021.ttl,
# made by hand from sources/002_1eb97b90f63b9f9f.txt
# (Ishøj Kommune og Vallensbæk Kommune, "Psykiatriplan 2020-2021").

DOCUMENT = "https://w3id.org/policygraph/id/doc/ishoej-vallensbaek-psykiatriplan-2020-2021"

FOCUS_AREAS = {
    # key: the focus area's IRI local name; values counted in the source
    "focus-area-1": {
        "objectives": 0,
        "initiatives": 3,
        "explicit_principles": [],
    },  # "Mål 1: Fortsat styrkelse af den samtidige og koordinerende indsats", 3 bullets under "Derfor vil vi fortsat:"; no principle named
    "focus-area-2": {
        "objectives": 0,
        "initiatives": 3,
        "explicit_principles": [],
    },  # "Mål 2: Borgerens forløb", 3 bullets under "Derfor vil vi:" (a blank line after the first bullet, still 3 bullets); no principle named
    "focus-area-3": {
        "objectives": 0,
        "initiatives": 3,
        "explicit_principles": [],
    },  # "Mål 3: Opkvalificering af medarbejderkompetencer", 3 bullets under "Derfor vil vi:"; no principle named
    "focus-area-4": {
        "objectives": 0,
        "initiatives": 3,
        "explicit_principles": [],
    },  # "Mål 4: Udvikling af de socialpsykiatriske tilbud", 3 bullets under "Derfor vil vi:"; no principle named
}
# initiatives counts ALL initiatives under the focus area, including those under its objectives.
# explicit_principles: national principle numbers (ints) the document itself states for that focus area.

PARTNERS = {
    "almen-praksis",  # Forord "den praktiserende læge" / "almen praksis"; "Sådan læses psykiatriplanen" "praktiserende læger"; Mål 1 bullet 1 "den almene praksis"
    "region-hovedstadens-psykiatri",  # Forord "støtte fra både regionen" / "region, almen praksis og kommune"; "Sådan læses psykiatriplanen" "region"
    "jobcenter-vallensbaek",  # Mål 1 intro "Vallensbæk Jobcenter" and Mål 1 bullet 1 "Jobcenter Vallensbæk" (one body)
    "distriktspsykiatrien-ishoej",  # Mål 1 bullet 1 "distriktspsykiatrien i Ishøj" (also "distriktspsykiatrien" in Mål 1 intro, "distriktspsykiatri" in Mål 1 bullet 3)
    "psykiatrisk-center-glostrup",  # Mål 1 bullet 1 "Psykiatrisk Center Glostrup"
}

VISIONS = 2  # "Vision og mission": the "Visionen ..." paragraph and the "Missionen ..." paragraph
VALUES = 5  # "Værdigrundlag": two paragraphs of 3 + 2 sentences, one value statement per sentence
PURPOSES = 1  # no "Formål" section; line 97 (Mål 4): "Det er en målsætning, at de socialpsykiatriske tilbud udmærker sig ..."
TARGET_GROUPS = 2  # "Målgruppe": "borgere over 18 år ..." (document level); plus "borgere under 30 år" in Mål 2 bullet 1 (item level, linked from initiative-2.1 only)
AUDIENCES = 1  # line 38 "Sådan læses psykiatriplanen": "Psykiatriplanen henvender sig til borgere med en sindslidelse, ..."
DOCUMENT_PRINCIPLES = (
    1  # line 32 (Forord): "... en tro på, at en psykisk lidelse ikke er en kronisk tilstand, ..."
)
PROCESS_STATEMENTS = 1  # line 60: "I relation til psykiatriplanen udarbejdes en handleplan, ..."
CONSULTATIONS: dict[
    str, tuple
] = {}  # line 24 "Planen er udarbejdet af repræsentanter fra ..." is internal authorship, no consultation
