# Expected counts for data/helsingoer-psykiatripolitik.ttl, made by hand from
# sources/003_86a214f14de329d6.txt (Helsingør Kommune, "Psykiatripolitik- og
# handleplan for Helsingør Kommune"). Objectives = rows of each focus area's
# table ("Vi vil ... ved at:"); initiatives = bullets ("•") in the row's
# right column ("Eksempler på konkrete indsatser:").

DOCUMENT = "https://w3id.org/policygraph/id/doc/helsingoer-psykiatripolitik"

FOCUS_AREAS = {
    # key: the focus area's IRI local name; values counted in the source
    "focus-area-1": {
        "objectives": 6,
        "initiatives": 20,
        "explicit_principles": [3],
    },  # "I Helsingør Kommune vil vi arbejde for, at der findes fællesskaber for alle" (page "ARBEJDE FOR, AT DER FINDES FÆLLESSKABER FOR ALLE"): table "Vi vil sikre fællesskaber for alle ved at:" 6 rows, 4+5+5+1+2+3 bullets; "Recovery-orienteret rehabilitering: Princip 3"
    "focus-area-2": {
        "objectives": 9,
        "initiatives": 18,
        "explicit_principles": [5],
    },  # "... arbejde forebyggende og sætte tidligt ind": table "Vi vil arbejde forebyggende og sætte tidligt ind ved at:" 9 rows, 1+2+1+2+1+5+2+1+3 bullets; "Princip 5: HJÆLP BORGERNE SÅ TIDLIGT SOM MULIGT."
    "focus-area-3": {
        "objectives": 7,
        "initiatives": 16,
        "explicit_principles": [1, 2, 3, 4, 8],
    },  # "... tage udgangspunkt i borgernes håb, ønsker og drømme": table 7 rows, 3+3+1+5+1+1+2 bullets; "Princip 1", "Princip 2", "Princip 3", "Princip 4", "Princip 8"
    "focus-area-4": {
        "objectives": 8,
        "initiatives": 21,
        "explicit_principles": [6, 7],
    },  # "... samarbejde og koordinere på tværs": table "Vi vil samarbejde og koordinere indsatser og forløb på tværs ved at:" 8 rows, 2+1+5+3+2+1+3+4 bullets; "Princip 6", "Princip 7"
}
# initiatives counts ALL initiatives under the focus area, including those under its objectives.
# explicit_principles: national principle numbers (ints) the document itself states for that focus area.

OBJECTIVE_INITIATIVES = {
    # focus area 1: "ARBEJDE FOR, AT DER FINDES FÆLLESSKABER FOR ALLE"
    "objective-1.1": 4,  # "Sikre, at alle børn indgår i gode fællesskaber ..." - Sammen om Vores Skole; Åben Skole og dagtilbud; mangfoldig gruppe i foreningslivet; mellemformer på dagtilbudsområdet
    "objective-1.2": 5,  # "Styrke fokus på, at alle voksne ..." - brobygningsmedarbejder; Åben Rådgivning; medarbejdere på det specialiserede voksenområde; peers; fællesskabsambassadører
    "objective-1.3": 5,  # "Understøtte foreningslivet ..." - formidle viden om barrierer; Frivilligcentret; fritidspasordningen; projekt Ombold; naturen
    "objective-1.4": 1,  # "Øge kendskabet på tværs ..." - platform, fx Socialt Kompas
    "objective-1.5": 2,  # "Understøtte afstigmatisering ..." - undervisning på skoler; nationale initiativer fra 10-årsplan
    "objective-1.6": 3,  # "Understøtte mulighederne for, at flere kan komme i uddannelse og beskæftigelse." - IPS; kommunale ungeindsats; beskæftigelses- og socialområdet
    # focus area 2: "ARBEJDE FOREBYGGENDE OG SÆTTE TIDLIGT IND"
    "objective-2.1": 1,  # "... særligt sårbare gravide." - Småbørnshuset
    "objective-2.2": 2,  # "Lette adgangen til børnefællesskaber ..." - fleksible undervisningstilbud; gruppetilbud og mellemformer
    "objective-2.3": 1,  # "Håndtere skolefravær, skolevægring og tabt arbejdsfortjeneste ..." - samarbejde børne-, unge- og beskæftigelsesområdet
    "objective-2.4": 2,  # "Børn og unge kan gå i skole ... lokale skole ..." - kompetenceudvikling i lokale skoler; fællesskabets evne
    "objective-2.5": 1,  # "Understøtte børn og unge på baggrund af deres behov og funktionsniveau." - visitere ... diagnoser som hjælperedskaber
    "objective-2.6": 5,  # "Give let tilgængelig forebyggende hjælp og støtte." - STIME; Ungeværftet; Headspace; Lær at Tackle; naturen
    "objective-2.7": 2,  # "Gøre det nemmere at komme ind og ud af socialpsykiatrien." - midlertidig støtte før udredning; "afslutningskompetencer"
    "objective-2.8": 1,  # "Bygge bro til flere forskellige typer fællesskaber for voksne ..." - Åben Rådgivning og civilsamfundsaktører
    "objective-2.9": 3,  # "Understøtte pårørende ..." - systematisk opmærksomhed (one bullet, two sentences); pårørendeforløb fx Bedre Psykiatri; den koordinerende rolle
    # focus area 3: "TAGE UDGANGSPUNKT I BORGERNES HÅB, ØNSKER OG DRØMME"
    "objective-3.1": 3,  # "Skabe mere fleksibilitet i sagsbehandlingen på voksenområdet." - "VUM-light"; myndighed og udfører; udmålingen af støtte
    "objective-3.2": 3,  # "Sikre kompetenceudvikling på forskellige niveauer ..." - kompetenceudviklingsmidler; samtaleteknikker; ansættelse af peers
    "objective-3.3": 1,  # "Undersøge muligheder for, om kommunen selv kan tilbyde terapi." - faglige og økonomiske vurderinger
    "objective-3.4": 5,  # "Sikre, at medarbejderne har værktøjer til ... gode møder." - 'hjemmebane'; dagsorden med borger; tydelig dagsorden; Åben Dialog; LØFT
    "objective-3.5": 1,  # "Støtte borgerne til at være bedre rustet ..." - "Personal statements"
    "objective-3.6": 1,  # "Sikre, at borgerne ikke oplever så mange skift ..." - fastholdelse af medarbejdere
    "objective-3.7": 2,  # "Inddrage de pårørende som en vigtig ressource ..." - mødeindkaldelser; inddrage pårørende ... fx Bedre Psykiatri (one bullet, two sentences)
    # focus area 4: "SAMARBEJDE OG KOORDINERE PÅ TVÆRS"
    "objective-4.1": 2,  # "Tage ansvaret for den tværkommunale koordinering ..." - koordinerende funktion/sagsbehandler; alle niveauer tager ansvar
    "objective-4.2": 1,  # "Have fokus på borgerens samlede livssituation." - gentænke ... flere forskellige kasketter
    "objective-4.3": 5,  # "Sikre gode overgange mellem forskellige centre ..." - dagtilbud til skole; barn til voksen; opsøgende rehabilitering; relationel kapacitet; "huller"
    "objective-4.4": 3,  # "Sikre, at medarbejdere ... er rustet ..." - almenområdet; medarbejderkorps § 83/§ 85; botilbud og plejecentre
    "objective-4.5": 2,  # "Fremme lighed i sundhed." - forebyggelsesindsatser tilgængelige; nye sundhedshus
    "objective-4.6": 1,  # "... 'udslusnings-tilbud' ..." - midlertidige døgnpladser i sundhedshuset
    "objective-4.7": 3,  # "... Børne- og Ungdomspsykiatrisk Center (<18)." - KIT; fremskudt sagsbehandling på PC Nordsjælland; fælles kompetenceudvikling
    "objective-4.8": 4,  # "... Psykiatrisk Center Nordsjælland (>18)." - netværksmøder/udskrivningsmøder; fremskudt sagsbehandling; fælles kompetenceudvikling; udskrivningsmentor
}

PARTNERS = {
    "psykiatrisk-center-nordsjaelland",  # consulted list ("Psykiatripolitik og -handleplan på tværs af kommunen"); objective 4.8; bullets 4.7.2, 4.8.2
    "boerne-og-ungdomspsykiatrien",  # objective 4.7 "Børne- og Ungdomspsykiatrisk Center (<18)"
    "region-hovedstadens-psykiatri",  # "Målgruppe" "behandlingspsykiatrien"; FA4 "Hvad vil vi?" "den regionale psykiatri"; objective 4.6; 4.6.1; "region" 4.7.3, 4.8.3; "behandlingspsykiatri" 4.8.1
    "region-hovedstaden",  # box "STIME - REGION HOVEDSTADENS TVÆRSEKTORIELLE SAMARBEJDE ..." (FA2)
    "almen-praksis",  # 4.8.1 "praktiserende læger"
    "bedre-psykiatri",  # consulted list; 2.9.2; 3.7.2; statistics sources
    "sind",  # consulted list
    "headspace",  # consulted list; 2.6.3 "Headspace"
    "frivilligcenter-helsingoer",  # 1.3.2 "Frivilligcentret"
    "ombold",  # 1.3.4 "fx projekt Ombold"
    "center-for-dagtilbud-skoler-fritid-og-idraet-helsingoer",  # consulted list
    "center-for-job-borgerservice-og-teknologi-helsingoer",  # consulted list
    "center-for-sundhed-og-omsorg-helsingoer",  # consulted list
    "center-for-boern-unge-og-familier-helsingoer",  # consulted list
    "center-for-saerlig-social-indsats-helsingoer",  # consulted list; last page
    "handicap-og-udsatteraad-helsingoer",  # consulted list "Handicap- og Udsatteråd"
    "aaben-raadgivning-helsingoer",  # 1.2.2, 2.8.1 "Åben Rådgivning"
    "smaaboernshuset-helsingoer",  # 2.1.1 "Småbørnshuset"
    "ungevaerftet-helsingoer",  # 2.6.2 "Ungeværftets"
    "sundhedshuset-helsingoer",  # 4.5.2 "nye sundhedshus"; 4.6.1 "i sundhedshuset"
    "ungeenheden-helsingoer",  # box "DEN KOMMUNALE UNGEINDSATS" "Ungeenheden"
}
# Not partners (open categories, docs/encoding.md "Partners"): "skoler" (objectives 1.1, 2.2,
# 2.4 and bullets), "skoler og uddannelsesinstitutioner" (1.5.1), "foreningslivet", "civilsamfundsaktører".

VISIONS = 2  # lines 158-161 "RELATION TIL VISION 2030 ...": the two quoted Vision 2030 statements ("Vi skaber attraktive uddannelsesmiljøer" - ...; "Vi åbner muligheder for fællesskaber, ..." - ...)
VALUES = 0  # no values section
PURPOSES = 6  # lines 30-39 "FORMÅL": the overall purpose (capitals) + the 4 bullets under "... handleplans mål er, at:"; line 413 focus area 4 "Målsætning": "Kommunens organisering og arbejdsgange understøtter borgerens recovery." (focus areas 1-3's MÅLSÆTNING, lines 226, 286, 373, repeat purposes 2-4 word for word)
TARGET_GROUPS = 3  # line 65 "Hvorfor en politik ...?": "børn, unge og voksne" (1), "over 18 år" (2); line 417 "DEN KOMMUNALE UNGEINDSATS": "15-25 år" (3)
AUDIENCES = 3  # lines 144-146 "MÅLGRUPPE": "henvender sig til alle medarbejdere og centre ..."; "Herudover henvender den sig til behandlingspsykiatrien, ..."; "Samtidig giver ... kommunens borgere mulighed for at få viden om ..."
DOCUMENT_PRINCIPLES = 11  # lines 88-97 "BÆRENDE PRINCIPPER": 5 bullets; line 101 "INDSATSTRAPPE" (6); lines 111-115 "RECOVERY": 3 bullets, the last the Social- og Boligstyrelsen definition (7-9); line 121 "... skal omstille til tilgangen recovery-orienteret rehabilitering." (10); line 138 "DEN LØSNINGSFOKUSEREDE TILGANG" (LØFT, 11)
PROCESS_STATEMENTS = 2  # line 181 "... er blevet til ud fra samtaler, interviews, workshops og input fra repræsentanter fra:"; line 195 "Alle aktørernes pointer, ... hvilket har ledt til indholdet ..."
CONSULTATIONS = {
    # lines 181-195: the bodies listed (lines 183-192); "Borgere og pårørende" (line 193) are people
    "consultation-1": (
        None,
        {
            "center-for-dagtilbud-skoler-fritid-og-idraet-helsingoer",  # line 183
            "center-for-job-borgerservice-og-teknologi-helsingoer",  # line 184
            "center-for-sundhed-og-omsorg-helsingoer",  # line 185
            "center-for-boern-unge-og-familier-helsingoer",  # line 186
            "center-for-saerlig-social-indsats-helsingoer",  # line 187
            "psykiatrisk-center-nordsjaelland",  # line 188
            "bedre-psykiatri",  # line 189
            "sind",  # line 190
            "headspace",  # line 191
            "handicap-og-udsatteraad-helsingoer",  # line 192
        },
        {"process-1", "process-2"},
    ),
}
