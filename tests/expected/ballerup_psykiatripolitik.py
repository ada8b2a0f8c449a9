# Expected counts for data/ballerup-psykiatripolitik.ttl, made by hand from
# sources/004_f1378c1313234f0f.txt (Ballerup Kommunes Psykiatripolitik, final
# version, no draft mark), compared section by section with the draft
# sources/000_1cef40b33be50833.txt. Focus areas are "6.1" ... "6.7" under
# "6. FOKUSOMRÅDER" (IRIs by position, printed number in skos:notation); each
# bullet under "Ballerup Kommune har følgende særlige opmærksomhedspunkter:"
# is one initiative. No national recovery principles are stated.

DOCUMENT = "https://w3id.org/policygraph/id/doc/ballerup-psykiatripolitik"

FOCUS_AREAS = {
    # key: the focus area's IRI local name; values counted in the source
    "focus-area-1": {
        "objectives": 0,
        "initiatives": 4,
        "explicit_principles": [],
    },  # "6.1 SAMARBEJDE MED BEHANDLINGSPSYKIATRIEN OG ALMEN PRAKSIS", 4 bullets (civil-society bullet moved to 6.3)
    "focus-area-2": {
        "objectives": 0,
        "initiatives": 5,
        "explicit_principles": [],
    },  # "6.2 SAMMENHÆNGENDE BORGERFORLØB", 5 bullets (plan/tovholder; overgangen; inddrages; set, hørt og forstået; synlige og tilgængelige)
    "focus-area-3": {
        "objectives": 0,
        "initiatives": 5,
        "explicit_principles": [],
    },  # "6.3 PÅRØRENDE, NETVÆRK OG SAMFUNDSLIV", 5 bullets (last: forpligtende samarbejde med aktører i civilsamfundet)
    "focus-area-4": {
        "objectives": 0,
        "initiatives": 4,
        "explicit_principles": [],
    },  # "6.4 BØRN OG UNGE", 4 bullets
    "focus-area-5": {
        "objectives": 0,
        "initiatives": 4,
        "explicit_principles": [],
    },  # "6.5 SUNDHED", 4 bullets
    "focus-area-6": {
        "objectives": 0,
        "initiatives": 4,
        "explicit_principles": [],
    },  # "6.6 BOLIG", 4 bullets (samarbejdet med boligafdelingerne; socialt støttearbejde; hvortil der kan rettes henvendelse; aktiv og hurtig indsats)
    "focus-area-7": {
        "objectives": 0,
        "initiatives": 2,
        "explicit_principles": [],
    },  # "6.7 UDDANNELSE, BESKÆFTIGELSE OG MENINGSFULDE AKTIVITETER", 2 bullets
}
# initiatives counts ALL initiatives under the focus area, including those under its objectives.
# explicit_principles: national principle numbers (ints) the document itself states for that focus area.

PARTNERS = {
    "psykiatriraadet-ballerup",  # "1. FORORD": "Psykiatrirådet er høringsberettiget part"; "4. VÆRDIER"; "7. UDMØNTNING": "... Psykiatrirådet, administrationen ..."
    "region-hovedstadens-psykiatri",  # 6.1 heading/intro: "BEHANDLINGSPSYKIATRIEN", "deles mellem regionen og kommunen"
    "almen-praksis",  # 6.1 heading "ALMEN PRAKSIS", intro "almen praksis/praktiserende læger", bullet 4; 6.5 bullet 2 "egen læge"
}

VISIONS = 3  # "2. VISIONER": "Målet med psykiatripolitikken er overordnet ..."; Vision 2029 ambition with quotation; "Ballerup Kommune vil arbejde for at skabe rammer ..."
VALUES = (
    3  # "4. VÆRDIER": Selvbestemmelse og individualitet; Værdighed og respekt; Tryghed og nærvær
)
PURPOSES = 1  # lines 7-9 (1. FORORD): "Ballerup Kommunes Psykiatripolitik er en ramme, der sætter mål og retning ..." (the overall goal, line 41, is vision 1)
TARGET_GROUPS = 1  # "3. MÅLGRUPPE": "rettet mod borgere i Ballerup Kommune, der har en psykisk sårbarhed eller en psykisk lidelse ... alle aldre"
AUDIENCES = 0  # the final says nowhere whom it is addressed to
DOCUMENT_PRINCIPLES = 5  # "5. RECOVERY OG PSYKOSOCIAL REHABILITERING": lines 177-179 "... udgør det grundlæggende fundament ..."; 181-185 "... en kontinuerlig proces ..."; 187-189 "Løbende kompetenceudvikling af medarbejderne ..." (new); 246-250 "... således et samarbejde ..."; 252-254 "Det er et centralt element at møde den enkelte borger dér, ..."
PROCESS_STATEMENTS = 3  # lines 122-124 "... her gengivet inklusiv tilføjelser fra Psykiatrirådet."; 532-536 "Psykiatripolitikken skal implementeres gennem en handlingsplan, ..."; 538-540 "Udmøntningen af handlingsplanen kommer til at foregå ..."
CONSULTATIONS = {
    # lines 122-124: the values "her gengivet inklusiv tilføjelser fra Psykiatrirådet" (no date)
    "consultation-1": (None, {"psykiatriraadet-ballerup"}, {"process-1"}),
}

# --- Revision of the draft (ballerup-psykiatripolitik-udkast) ---------------
ADDED_IN_FINAL = {
    "focus-area-6",  # "6.6 BOLIG": whole focus area new (the draft had six focus areas, the final "syv")
    "initiative-2.5",  # 6.2 bullet 5 "At kommunens tilbud er synlige og tilgængelige." - no draft counterpart
    "initiative-6.1",  # 6.6 bullet 1 "Fortsat udvikling af samarbejdet mellem boligafdelingerne og Ballerup Kommune ..."
    "initiative-6.2",  # 6.6 bullet 2 "Socialt støttearbejde, der skal forebygge ..."
    "initiative-6.3",  # 6.6 bullet 3 "At boligafdelingerne skal der være opmærksomhed på ..."
    "initiative-6.4",  # 6.6 bullet 4 "Boligafdelingerne skal se, at en aktiv og hurtig indsats iværksættes ..."
    "principle-3",  # lines 187-189 "Løbende kompetenceudvikling af medarbejderne ..." - no draft counterpart
}

REMOVED_FROM_DRAFT = set()  # every draft item is continued: draft initiative-1.5 moved to final 3.5, draft initiative-2.2 split into final 2.3 + 2.4

REWORDED = {
    "vision-1",  # "psykiatrispolitikken" -> "psykiatripolitikken"
    "vision-2",  # Vision 2029 quotation: straight quotes "..." -> ”...” (words unchanged)
    "vision-3",  # "samt tilbud, som kan" -> "samt tilbud, der kan"
    "target-group-1",  # "Ballerup Kommunes psykiatripolitik er rettet mod borgere, der er psykisk sårbare eller har ..." -> "Psykiatripolitikken er rettet mod borgere i Ballerup Kommune, der har en psykisk sårbarhed eller ..."
    "value-1",  # "... med borgerne skal understøtte" -> "... med borgerne. Indsatsen og rammerne skal understøtte"
    "value-2",  # "– og herigennem understøtte at borgeren kan agere selvstændigt" dropped; "forskellige" -> "forskelige"
    "value-3",  # "leverer indsats af høj faglig kvalitet" -> "leverer indsatser af ..."
    "focus-area-1",  # heading "SAMAREBJDE MED BEHANDLINGSPSYKIATRIEN, ALMEN PRAKSIS OG CIVILSAMFUNDET" -> "SAMARBEJDE MED BEHANDLINGSPSYKIATRIEN OG ALMEN PRAKSIS"
    "initiative-1.2",  # "At brugerne i videst mulig udstrækning" -> "At borgerne ..."
    "initiative-2.1",  # "kontaktperson, der er ansvarlig for koordination mellem forskellige afdelinger" -> "tovholder/kontaktperson, der er ansvarlig for planlægning og koordination mellem de involverede fagprofessionelle"
    "initiative-2.2",  # revises draft 2.3: "Ballerup Kommunes forvaltninger imellem" -> "... centre imellem"
    "initiative-2.3",  # revises draft 2.2 (first half): "... indsatser og forløb – at borgerne bliver set, hørt og forstået." -> "... indsatser og forløb."
    "initiative-2.4",  # revises draft 2.2 (second half): "at borgerne bliver set, hørt og forstået" -> "At borgerne føler sig set, hørt og forstået."
    "initiative-4.1",  # "genkende og handle på tidlige tegn ... hos børn og unge." -> "genkende tidlige tegn ... hos børn og unge, samt at Ballerup Kommune har muligheder og værktøjer til at iværksætte hurtige og tidlige indsatser."
    "principle-1",  # "alle tilbud og indsats til" -> "alle tilbud og indsatser til"
    "process-2",  # "på tværs af alle forvaltninger" -> "på tværs af alle fagcentre"
    "process-3",  # "Dette kommer til at foregå i et samarbejde mellem de enkelte forvaltninger, administrationen og relevante aktører." -> "Udmøntningen af handlingsplanen ... de relevante fagudvalg, Psykiatrirådet, administrationen og øvrige relevante aktører."
}
# Continued unchanged (revise a draft item, same sourceText): focus-area-2..5,
# focus-area-7 (draft focus-area-6), initiative-1.1, 1.3, 1.4, 3.1-3.4,
# 3.5 (draft initiative-1.5, moved from focus area 1), 4.2-4.4, 5.1-5.4,
# 7.1-7.2 (draft initiative-6.1-6.2), purpose-1, principle-2, principle-4
# (draft principle-3), principle-5 (draft principle-4), process-1.
