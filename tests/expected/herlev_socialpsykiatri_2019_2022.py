# Expected counts for data/herlev-socialpsykiatri-2019-2022.ttl, made by hand from
# sources/001_286ca7801372ac19.txt (Herlev Kommune, "Udkast til Plan for udvikling
# af socialpsykiatrien 2019 - 2022", Januar 2019). Not derived from the Turtle.

DOCUMENT = "https://w3id.org/policygraph/id/doc/herlev-socialpsykiatri-2019-2022"

FOCUS_AREAS = {
    # key: the focus area's IRI local name; values counted in the source
    "focus-area-1": {
        "objectives": 0,
        "initiatives": 5,
        "explicit_principles": [],
    },  # "Netværk og fællesskaber": 5 bullets under "Inden for temaet netværk og fællesskaber vil indsatsen derfor være at:"; no principle named
    "focus-area-2": {
        "objectives": 0,
        "initiatives": 5,
        "explicit_principles": [],
    },  # "Borgeren i centrum": 5 bullets under "Inden for temaet borgeren i centrum vil indsatsen derfor være at:"; no principle named
    "focus-area-3": {
        "objectives": 0,
        "initiatives": 5,
        "explicit_principles": [],
    },  # "Sundhed": 5 bullets under "Inden for temaet Sundhed vil indsatsen derfor være at:"; no principle named
}
# initiatives counts ALL initiatives under the focus area, including those under its objectives.
# explicit_principles: national principle numbers (ints) the document itself states for that focus area.

PARTNERS = {
    "center-for-job-unge-og-borgerservice-herlev",  # "Netværk og fællesskaber", bullet 2: "i samarbejde med Center for Job, Unge og Borgerservice"
    "aktivisterne",  # "Netværk og fællesskaber", bullet 4 ("idrætsfællesskaber som Aktivisterne"); "Sundhed", bullet 1
    "psykiatrisk-center-ballerup",  # "Borgeren i centrum", bullet 5: "samarbejdet med Psykiatrisk Center Ballerup"
}
# Not partners: World Health Organization ("Sundhed", cited for a definition),
# Det Nationale Råd for Folkesundhed ("Sundhed", cited), Socialstyrelsen (source of
# the recovery definition, footnote 1 and last page).

VISIONS = 0  # the document states no vision
VALUES = 0  # the document states no values
PURPOSES = 2  # line 26 "Om udviklingsplanen": "Planen skal sikre, at der fortsat arbejdes målrettet ..."; line 74 "Borgeren i centrum": "... er det målet, at borgerne skal opleve sammenhæng ..."
TARGET_GROUPS = 2  # "Indledning": "borgere med psykosociale vanskeligheder i varierende grad";
# "Netværk og fællesskaber", bullet 2: "unge under 30 år" (maxAge 29)
AUDIENCES = 1  # line 28: "Planen indeholder en fælles ramme med relevante temaer for både brugere, pårørende og kommunen."
PROCESS_STATEMENTS = 3  # line 30 dialogue meeting of 3 October 2018; line 32 "Resultaterne af indsatserne opgøres ved den årlige opfølgning af planen."; line 44 "Som en del af processen vil det blive undersøgt, ..."
CONSULTATIONS = {
    # line 30: "blev der afholdt dialogmøde den 3. oktober 2018. I alt deltog 30 pårørende, medarbejdere og brugere" (people, no organisation named)
    "consultation-1": ("2018-10-03", set(), {"process-1"}),
}
DOCUMENT_PRINCIPLES = (
    3  # "Indledning": all services work rehabilitating / recovery-oriented approach;
)
# "Hvidbogens definition på rehabiliteringsbegrebet"; "Socialstyrelsens definition på recovery"
