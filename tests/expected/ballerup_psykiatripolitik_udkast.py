# Expected counts for data/ballerup-psykiatripolitik-udkast.ttl, made by hand
# from sources/000_1cef40b33be50833.txt (Ballerup Kommunes Psykiatripolitik,
# marked "UDKAST"). Focus areas are the unnumbered headings under
# "5. FOKUSOMRÅDER"; each bullet under "Ballerup Kommune har følgende særlige
# opmærksomhedspunkter:" is one initiative. The draft states no national
# recovery principles (it names CHIME and SDGs 3 and 10 for the whole policy).

DOCUMENT = "https://w3id.org/policygraph/id/doc/ballerup-psykiatripolitik-udkast"

FOCUS_AREAS = {
    # key: the focus area's IRI local name; values counted in the source
    "focus-area-1": {
        "objectives": 0,
        "initiatives": 5,
        "explicit_principles": [],
    },  # "SAMAREBJDE MED BEHANDLINGSPSYKIATRIEN, ALMEN PRAKSIS OG CIVILSAMFUNDET", 5 bullets (tværsektorielt samarbejde ... forpligtende samarbejde med aktører i civilsamfundet)
    "focus-area-2": {
        "objectives": 0,
        "initiatives": 3,
        "explicit_principles": [],
    },  # "SAMMENHÆNGENDE BORGERFORLØB", 3 bullets (én overordnet plan; borgerne altid inddrages; overgangen fra barn til voksen)
    "focus-area-3": {
        "objectives": 0,
        "initiatives": 4,
        "explicit_principles": [],
    },  # "PÅRØRENDE, NETVÆRK OG SAMFUNDSLIV", 4 bullets (meningsfulde fællesskaber; isolation og ensomhed; frivillige foreninger; tillidsforhold til pårørende)
    "focus-area-4": {
        "objectives": 0,
        "initiatives": 4,
        "explicit_principles": [],
    },  # "BØRN OG UNGE", 4 bullets (the 4th after a blank line: frivillige foreninger/organisationer)
    "focus-area-5": {
        "objectives": 0,
        "initiatives": 4,
        "explicit_principles": [],
    },  # "SUNDHED", 4 bullets (sundhedstilbud; egen læge; sund kost og motion; livskvalitet)
    "focus-area-6": {
        "objectives": 0,
        "initiatives": 2,
        "explicit_principles": [],
    },  # "UDDANNELSE, BESKÆFTIGELSE OG MENINGSFULDE AKTIVITETER", 2 bullets
}
# initiatives counts ALL initiatives under the focus area, including those under its objectives.
# explicit_principles: national principle numbers (ints) the document itself states for that focus area.

PARTNERS = {
    "psykiatriraadet-ballerup",  # "1. FORORD": "at etablere et psykiatriråd", "Psykiatrirådet fungerer som dialogforum"; "3. VÆRDIER": "tilføjelser fra Psykiatrirådet"
    "region-hovedstadens-psykiatri",  # focus area 1 heading/intro: "BEHANDLINGSPSYKIATRIEN", "Ansvaret ... deles mellem regionen og kommunen"
    "almen-praksis",  # focus area 1 heading "ALMEN PRAKSIS", "praktiserende læger"; SUNDHED bullet 2 "egen læge"
}

VISIONS = 3  # "1. FORORD": "Målet med psykiatrispolitikken er overordnet ..."; Vision 2029 ambition "Og endelig tager politikken afsæt i ... Vision 2029 ..."; "Ballerup Kommune vil arbejde for at skabe rammer ..."
VALUES = (
    3  # "3. VÆRDIER": Selvbestemmelse og individualitet; Værdighed og respekt; Tryghed og nærvær
)
PURPOSES = 1  # line 7 (1. FORORD): "Ballerup Kommunes Psykiatripolitik er en ramme, der sætter mål og retning ..." (the overall goal, line 17, is vision 1)
TARGET_GROUPS = 1  # "2. MÅLGRUPPE": "rettet mod borgere, der er psykisk sårbare eller har en psykisk lidelse ... borgere i alle aldre"
AUDIENCES = 0  # the draft says nowhere whom it is addressed to
DOCUMENT_PRINCIPLES = 4  # "4. RECOVERY OG PSYKOSOCIAL REHABILITERING": line 69 "... udgør det grundlæggende fundament ..."; line 71 "... en kontinuerlig proces ..."; line 102 "... således et samarbejde ..."; line 104 "Det er et centralt element at møde den enkelte borger dér, ..." (the rehabilitation characteristics, lines 89-94, and the two perspectives, lines 73-79, are definitions)
PROCESS_STATEMENTS = 3  # line 45 "... her gengivet inklusiv tilføjelser fra Psykiatrirådet."; line 195 "Psykiatripolitikken skal implementeres gennem en handlingsplan, ..."; line 197 "Dette kommer til at foregå i et samarbejde ..."
CONSULTATIONS = {
    # line 45: the values "her gengivet inklusiv tilføjelser fra Psykiatrirådet" (no date)
    "consultation-1": (None, {"psykiatriraadet-ballerup"}, {"process-1"}),
}
