"""The demo data that `manage.py load_demo` (and so `make run`) puts in the database.

The figures follow the Stap 2 magazine of the VO-raad: 8 regions, 45 networks with the theme shares
told there, 493 schools and more than 1,200 people. Every network has met two to five times, with
attendance and notes, and all but the one that faded have their next meeting planned (around
DEMO_TODAY). Everything is made up: people, schools, boards and their numbers.

Two halves:
- `build_plan()` is pure: it draws every row from one `random.Random(SEED)`, so the rows are the same
  on every machine and every run. It never looks at the database.
- `load()` writes the plan in one transaction, inserting only rows whose natural key (slug, board
  number, BRIN code, email address, membership, network and meeting number) is missing. A second run
  finds everything and changes nothing; rows people made or changed in the running portal are left
  alone. After a change to the plan, start from an empty database (remove .run/): loading into the
  old one adds the new rows next to the old ones.

Generated people get an unusable password: hashing 1,200 passwords would take minutes, and only the
five demo logins need to log in.
"""

import hashlib
import random
import string
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.models import Attendance, Meeting, Note, NoteRevision, Rsvp
from meetings.services import store_rendered_text
from members.models import User

from .models import Board, Membership, Network, Region, School, Theme

SEED = 2016  # the year Stap 2 started; change it and every generated row changes
DEMO_PASSWORD = "leernetwerk-demo"
TOTAL_PEOPLE = 1240  # the magazine: "1200+" people took part
BATCH_SIZE = 500
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# One login per role in the portal: (role, email, full name, job role, flags). The names are made up.
DEMO_PEOPLE = [
    ("coordinator", "coordinator@demo.leernetwerk.nl", "Anouk de Vries", User.JobRole.SCHOOL_LEADER, {}),
    ("facilitator", "procesbegeleider@demo.leernetwerk.nl", "Pieter Jansen", User.JobRole.OTHER, {}),
    ("member", "deelnemer@demo.leernetwerk.nl", "Fatima El Amrani", User.JobRole.TEAM_LEADER, {}),
    ("staff", "vo-raad@demo.leernetwerk.nl", "Johan Bakker", User.JobRole.OTHER, {"is_association_staff": True}),
    (
        "admin",
        "beheer@demo.leernetwerk.nl",
        "Sanne Visser",
        User.JobRole.OTHER,
        {"is_staff": True, "is_superuser": True},
    ),
]
DEMO_EMAILS = {role: email for role, email, *_rest in DEMO_PEOPLE}

# Generated addresses live under the demo domain, so no mail can reach a real school.
SCHOOL_DOMAIN = "school.demo.leernetwerk.nl"
ADVICE_DOMAIN = "advies.demo.leernetwerk.nl"
REGION_DOMAIN = "regio.demo.leernetwerk.nl"

# --- Reference data ---------------------------------------------------------------------------------


def _split(text):
    """A word list written as one string: items separated by commas and line breaks."""
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


# (name, number of schools, number of boards, cities). 493 schools and 60 boards in all.
REGIONS = [
    (
        "Noord",
        55,
        7,
        _split("""Groningen, Leeuwarden, Assen, Emmen, Drachten, Sneek, Heerenveen, Hoogezand, Veendam, Delfzijl,
            Meppel, Hoogeveen, Winschoten, Stadskanaal, Dokkum, Franeker"""),
    ),
    (
        "Noordwest",
        66,
        8,
        _split("""Amsterdam, Haarlem, Alkmaar, Hoorn, Den Helder, Zaandam, Purmerend, Heerhugowaard, Beverwijk,
            Hilversum, Enkhuizen, Schagen, Heemskerk, Bussum, Amstelveen"""),
    ),
    (
        "Oost",
        66,
        8,
        _split("""Zwolle, Enschede, Hengelo, Almelo, Deventer, Apeldoorn, Arnhem, Nijmegen, Doetinchem,
            Winterswijk, Zutphen, Oldenzaal, Ede, Harderwijk, Kampen, Hardenberg"""),
    ),
    (
        "Midden",
        66,
        8,
        _split("""Utrecht, Amersfoort, Nieuwegein, Zeist, Veenendaal, Houten, Woerden, IJsselstein, Almere,
            Lelystad, Soest, Baarn, Maarssen, Barneveld, Emmeloord"""),
    ),
    (
        "West",
        66,
        8,
        _split("""Den Haag, Leiden, Delft, Zoetermeer, Gouda, Alphen aan den Rijn, Rijswijk, Naaldwijk, Katwijk,
            Noordwijk, Wassenaar, Voorburg, Lisse, Leiderdorp"""),
    ),
    (
        "Zuidwest",
        62,
        7,
        _split("""Rotterdam, Dordrecht, Schiedam, Vlaardingen, Spijkenisse, Capelle aan den IJssel, Gorinchem,
            Middelburg, Vlissingen, Goes, Terneuzen, Zierikzee, Hellevoetsluis, Ridderkerk"""),
    ),
    (
        "Zuid",
        56,
        7,
        _split("""Breda, Tilburg, 's-Hertogenbosch, Roosendaal, Bergen op Zoom, Oosterhout, Waalwijk, Oss, Uden,
            Boxtel, Etten-Leur, Dongen, Veghel, Vught"""),
    ),
    (
        "Zuidoost",
        56,
        7,
        _split("""Eindhoven, Helmond, Venlo, Roermond, Maastricht, Heerlen, Sittard, Weert, Geleen, Kerkrade,
            Veldhoven, Deurne, Venray, Valkenswaard"""),
    ),
]

THEMES = [
    ("Lerende cultuur", "Scholen waar docenten, teams en leidinggevenden vanzelfsprekend van en met elkaar leren."),
    ("SHRM", "Strategisch personeelsbeleid dat voortkomt uit de onderwijsambities van de school."),
    (
        "Regionale samenwerking",
        "Scholen en besturen in één regio die samen vraagstukken oppakken die geen school alleen kan oplossen.",
    ),
    (
        "PSO breed",
        "De professionele schoolorganisatie in de volle breedte: onderwijs-, personeels- en organisatieontwikkeling "
        "in samenhang.",
    ),
    ("Professionalisering teamleiders", "Teamleiders die groeien in hun rol als leidinggevende en people manager."),
    (
        "SHRM in de praktijk",
        "Strategisch HRM concreet maken in de dagelijkse praktijk van de school, met instrumenten die werken.",
    ),
    (
        "Verdieping SHRM",
        "Voor wie al met strategisch HRM werkt en de volgende stap wil zetten, bijvoorbeeld met KPI's en het "
        "AMO-model.",
    ),
]
SHRM_THEMES = {"shrm", "shrm-in-de-praktijk", "verdieping-shrm"}

# --- The 45 networks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkSpec:
    theme: str  # theme slug
    region: str  # region slug: the home region
    name: str  # "{board}" is filled in with the short name of the board, for internal networks
    kind: str = Network.Kind.REGIONAL
    other_regions: tuple = ()  # cross-regional: the other regions its schools come from
    level: str = ""  # only schools that offer this level
    fading: bool = False  # the network of the magazine that faded: few, uncommitted, changing members


INTERNAL, CROSS = Network.Kind.INTERNAL, Network.Kind.CROSS_REGIONAL
DEMO_COORDINATED = "Leernetwerk Strategisch HRM Noordwest"  # coordinated by the demo coordinator
DEMO_MEMBER_SECOND = "Professionalisering teamleiders Noord-Holland Noord"  # the demo member's second network
DEMO_FACILITATED = [DEMO_COORDINATED, DEMO_MEMBER_SECOND, "Lerende cultuur Utrecht-Stad"]

NETWORKS = [
    NetworkSpec("lerende-cultuur", "noord", "Lerende cultuur Groningen-Drenthe"),
    NetworkSpec("shrm", "noord", "Strategisch HRM Friesland"),
    NetworkSpec("professionalisering-teamleiders", "noord", "Teamleiders in ontwikkeling bij {board}", INTERNAL),
    NetworkSpec("regionale-samenwerking", "noord", "Regionale samenwerking Oost-Groningen"),
    NetworkSpec("pso-breed", "noord", "Leernetwerk praktijkonderwijs Noord", level="pro"),
    NetworkSpec("shrm", "noordwest", DEMO_COORDINATED),
    NetworkSpec("professionalisering-teamleiders", "noordwest", DEMO_MEMBER_SECOND),
    NetworkSpec("lerende-cultuur", "noordwest", "Lerende cultuur Zaanstreek-Waterland"),
    NetworkSpec("regionale-samenwerking", "noordwest", "Regionale samenwerking Kennemerland"),
    NetworkSpec("shrm", "noordwest", "Strategisch HRM Amsterdam"),
    NetworkSpec("shrm-in-de-praktijk", "noordwest", "SHRM in de praktijk Gooi en Vechtstreek"),
    NetworkSpec("lerende-cultuur", "oost", "Lerende cultuur Twente-Achterhoek"),
    NetworkSpec("lerende-cultuur", "oost", "Lerende cultuur bij {board}", INTERNAL),
    NetworkSpec("shrm", "oost", "Strategisch HRM Zwolle-Salland"),
    NetworkSpec("shrm", "oost", "Strategisch HRM Arnhem-Nijmegen"),
    NetworkSpec("verdieping-shrm", "oost", "Verdieping SHRM Noord-Oost", CROSS, ("noord",)),
    NetworkSpec("regionale-samenwerking", "oost", "Regionale samenwerking Veluwe", fading=True),
    NetworkSpec("lerende-cultuur", "midden", "Lerende cultuur Utrecht-Stad"),
    NetworkSpec("lerende-cultuur", "midden", "Lerende cultuur Flevoland"),
    NetworkSpec("shrm", "midden", "Strategisch HRM binnen {board}", INTERNAL),
    NetworkSpec("shrm", "midden", "Strategisch HRM Amersfoort-Eemland"),
    NetworkSpec("professionalisering-teamleiders", "midden", "Professionalisering teamleiders Utrecht"),
    NetworkSpec("regionale-samenwerking", "midden", "Regionale samenwerking Flevoland"),
    NetworkSpec("lerende-cultuur", "west", "Lerende cultuur Haaglanden"),
    NetworkSpec("lerende-cultuur", "west", "Lerende cultuur Leiden en Bollenstreek"),
    NetworkSpec("shrm", "west", "Strategisch HRM Den Haag"),
    NetworkSpec("pso-breed", "west", "Professionele schoolorganisatie bij {board}", INTERNAL),
    NetworkSpec("shrm-in-de-praktijk", "west", "SHRM in de praktijk Delft-Westland"),
    NetworkSpec("pso-breed", "west", "PSO breed Randstad-Zuid", CROSS, ("zuidwest",)),
    NetworkSpec("lerende-cultuur", "zuidwest", "Lerende cultuur Drechtsteden"),
    NetworkSpec("lerende-cultuur", "zuidwest", "Lerende cultuur Zeeland"),
    NetworkSpec("shrm", "zuidwest", "Strategisch HRM Rijnmond"),
    NetworkSpec("regionale-samenwerking", "zuidwest", "Regionale samenwerking Zeeland"),
    NetworkSpec("verdieping-shrm", "zuidwest", "Verdieping SHRM Rotterdam"),
    NetworkSpec("pso-breed", "zuidwest", "PSO breed Voorne-Putten en Hoeksche Waard"),
    NetworkSpec("lerende-cultuur", "zuid", "Lerende cultuur Midden-Brabant"),
    NetworkSpec("shrm", "zuid", "Strategisch HRM West-Brabant"),
    NetworkSpec("shrm", "zuid", "Strategisch HRM binnen {board}", INTERNAL),
    NetworkSpec("regionale-samenwerking", "zuid", "Regionale samenwerking Noordoost-Brabant"),
    NetworkSpec(
        "shrm-in-de-praktijk", "zuid", "SHRM in de praktijk Brabant-Limburg", CROSS, other_regions=("zuidoost",)
    ),
    NetworkSpec("lerende-cultuur", "zuidoost", "Lerende cultuur Zuid-Limburg"),
    NetworkSpec("shrm", "zuidoost", "Strategisch HRM Eindhoven-Helmond"),
    NetworkSpec("regionale-samenwerking", "zuidoost", "Regionale samenwerking Noord- en Midden-Limburg"),
    NetworkSpec("professionalisering-teamleiders", "zuidoost", "Professionalisering teamleiders Peel en Kempen"),
    NetworkSpec("verdieping-shrm", "zuidoost", "Verdieping SHRM Limburg"),
]

# One learning question per network, in the order of NETWORKS within each theme.
LEARNING_QUESTIONS = {
    "lerende-cultuur": [
        "Hoe maken we van onze school een plek waar docenten van en met elkaar leren?",
        "Hoe maken we het gewoon dat docenten bij elkaar in de les kijken en elkaar feedback geven?",
        "Wat vraagt een lerende cultuur van onze schoolleiders, en hoe geven zij daarin het goede voorbeeld?",
        "Hoe zetten we collegiale visitatie in om samen beter te worden, in plaats van als verplicht nummer?",
        "Hoe zorgen we dat professionalisering aansluit bij de onderwijsvisie van de school en niet blijft "
        "steken in losse cursussen?",
        "Hoe maken we in secties een veilige sfeer waarin docenten hun twijfels en fouten durven te delen?",
        "Hoe gebruiken we het professioneel statuut om docenten eigenaar te maken van hun eigen ontwikkeling?",
        "Hoe maken we van de teamvergadering een moment waarop we samen leren in plaats van mededelingen doen?",
        "Hoe houden we startende docenten vast door hen vanaf de eerste dag op te nemen in een lerend team?",
        "Hoe gebruiken we gegevens over leerresultaten om samen ons onderwijs te verbeteren, zonder afrekencultuur?",
        "Hoe leren we van elkaar om te gaan met de verschillen tussen leerlingen in de klas?",
        "Wat hebben teams nodig om onderzoekend te werken, en hoe maken we daar tijd voor?",
    ],
    "shrm": [
        "Hoe vertalen we onze onderwijsambities naar strategisch personeelsbeleid?",
        "Hoe vinden en binden we goede docenten nu het lerarentekort in onze regio toeneemt?",
        "Hoe maken we een personeelsplanning voor vijf jaar, met krimp op de ene vestiging en groei op de andere?",
        "Hoe wordt HR een gesprekspartner van de schoolleiding in plaats van alleen een uitvoerder?",
        "Hoe maken we van de gesprekscyclus een gesprek over ontwikkeling in plaats van over beoordeling?",
        "Hoe zorgen we dat docenten in elke levensfase duurzaam inzetbaar blijven?",
        "Hoe sluiten we de professionalisering van medewerkers aan op de strategische doelen van de school?",
        "Hoe meten we of ons personeelsbeleid bijdraagt aan beter onderwijs?",
        "Wat betekent goed werkgeverschap in een tijd van dreigend lerarentekort?",
        "Hoe organiseren we mobiliteit tussen onze scholen, zodat medewerkers zich blijven ontwikkelen?",
        "Hoe verbinden we gepersonaliseerd leren met het personeelsbeleid van de school?",
        "Hoe werven en begeleiden we zij-instromers zo dat zij na twee jaar nog bij ons werken?",
    ],
    "regionale-samenwerking": [
        "Hoe geven de scholen in onze regio samen een antwoord op het dalende aantal leerlingen?",
        "Hoe werken scholen en lerarenopleidingen in de regio samen aan het werven en opleiden van nieuwe docenten?",
        "Hoe richten we samen een regionale pool in voor invallers en voor mobiliteit tussen scholen?",
        "Hoe houden we als scholen samen een dekkend onderwijsaanbod in stand, ook in de kleinere kernen?",
        "Hoe stappen leerlingen in onze regio soepel over van het primair naar het voortgezet onderwijs, en "
        "verder naar het mbo?",
        "Hoe delen we expertise tussen de scholen in de regio, zodat niet elke school zelf het wiel uitvindt?",
        "Hoe maken we samen met het mbo en het hbo één regionale aanpak voor de professionalisering van personeel?",
    ],
    "pso-breed": [
        "Hoe zetten we het praktijkonderwijs in de regio neer als sterk merk, en welke mensen passen daarbij?",
        "Hoe sluiten onderwijsontwikkeling, personeelsontwikkeling en organisatieontwikkeling bij ons beter op "
        "elkaar aan?",
        "Wat maakt een school tot een professionele schoolorganisatie, en welke volgende stap zetten onze scholen?",
        "Hoe worden we gevoeliger voor onze omgeving: wat vraagt de regio van onze scholen, en hoe spelen we "
        "daarop in?",
    ],
    "professionalisering-teamleiders": [
        "Hoe maken teamleiders tijd en ruimte voor hun team, naast alle organisatorische taken?",
        "Hoe groeien docenten die teamleider worden uit tot leidinggevenden die hun team echt kennen?",
        "Moet een teamleider nog voor de klas staan, en hoe verdelen we lesgeven en leidinggeven?",
        "Hoe voeren teamleiders lastige gesprekken met docenten op een manier die hen verder helpt?",
    ],
    "shrm-in-de-praktijk": [
        "Welke HR-instrumenten werken echt in de dagelijkse praktijk van een vo-school, en welke niet?",
        "Hoe zetten we de Roadmap Strategisch HRM stap voor stap in op onze eigen scholen?",
        "Hoe betrekken we teamleiders bij het uitvoeren van het strategisch personeelsbeleid?",
    ],
    "verdieping-shrm": [
        "Hoe werken we met het AMO-model aan de bekwaamheid, motivatie en mogelijkheden van onze medewerkers?",
        "Hoe maken we KPI's voor ons personeelsbeleid die iets zeggen over de kwaliteit van het onderwijs?",
        "Hoe krijgt HR een vaste plek in de strategische besluitvorming van het bestuur?",
    ],
}

THEME_FOCUS = {
    "lerende-cultuur": "We werken aan een cultuur waarin kijken bij elkaar, feedback en samen leren vanzelf spreken.",
    "shrm": "We verbinden de onderwijsambities van onze scholen met het personeelsbeleid.",
    "regionale-samenwerking": "We zoeken samen oplossingen voor wat geen school in de regio alleen kan oplossen.",
    "pso-breed": "We werken aan onderwijs, personeel en organisatie in samenhang.",
    "professionalisering-teamleiders": "Teamleiders leren van elkaar hoe zij hun team verder helpen.",
    "shrm-in-de-praktijk": "We brengen strategisch HRM naar de werkvloer, met instrumenten die in de praktijk werken.",
    "verdieping-shrm": "Voor scholen die al met strategisch HRM werken en de volgende stap willen zetten.",
}

AMBITIONS = {  # {ambition: weight} per theme
    "lerende-cultuur": {"school": 6, "individual": 4},
    "shrm": {"school": 8, "region": 2},
    "regionale-samenwerking": {"region": 9, "school": 1},
    "pso-breed": {"school": 7, "region": 3},
    "professionalisering-teamleiders": {"individual": 8, "school": 2},
    "shrm-in-de-praktijk": {"school": 1},
    "verdieping-shrm": {"school": 7, "individual": 3},
}

WORKING_AGREEMENTS = [
    "We komen elke zes tot acht weken bij elkaar, steeds op een andere school. Iedere bijeenkomst begint met een "
    "korte ronde en eindigt met intervisie. Wat in de groep besproken wordt, blijft in de groep.",
    "Vijf bijeenkomsten van een middag, van 14.00 tot 17.00 uur. Om de beurt brengt een school een casus in. Tussen "
    "de bijeenkomsten delen we vragen in het portaal en reageren we binnen een week.",
    "We wisselen af tussen een gastspreker en werken aan onze eigen casussen. Iedereen komt naar alle bijeenkomsten "
    "en maakt het huiswerk. Het verslag staat binnen een week in het portaal.",
    "Drie tot vier keer per jaar een dagdeel, online als het niet anders kan. Elke bijeenkomst heeft één thema; de "
    "gastschool zorgt voor de ruimte en een korte rondleiding.",
    "Een vaste kern van één of twee mensen per school, zodat er niet elke keer een andere groep zit. Afmelden doe je "
    "in het portaal, uiterlijk een week van tevoren.",
    "Elke bijeenkomst heeft een voorzitter en een verslaglegger uit de groep. We werken met een SWOT-analyse, "
    "casusbesprekingen en intervisie volgens de incidentmethode.",
]

REVIEW_MOMENTS = [
    "Na de tweede bijeenkomst en aan het eind van de begeleide fase kijken we terug: worden we wijzer, en past de "
    "manier van werken bij onze groep?",
    "Elke bijeenkomst sluiten we af met een korte evaluatie; na de derde nemen we een half uur voor inhoud en proces.",
    "Halverwege en aan het eind van het schooljaar bespreken we de leervraag opnieuw en stellen we die zo nodig bij.",
    "In de vijfde bijeenkomst besluiten we samen of en hoe we zelfsturend verder gaan.",
    "Twee keer per jaar kijken we met de procesbegeleider terug: wat heeft het netwerk de scholen opgeleverd?",
]

# The five steps of the Roadmap Strategisch HRM, one coherent story per list. Networks fill in the first
# few steps: they work through the roadmap over time.
ROADMAPS = [
    [
        "Werving en behoud van bevoegde docenten in de tekortvakken.",
        "In 2027 geeft een bevoegde docent minstens 95% van de lessen in de tekortvakken.",
        "Percentage bevoegd gegeven lessen per vak; verloop onder startende docenten; aantal zij-instromers dat na "
        "twee jaar nog bij ons werkt.",
        "Een inductieprogramma voor starters, tijd voor schoolopleiders en een gedeelde regionale vacaturebank.",
        "Starters blijven langer, en roosters hoeven minder vaak met onbevoegde invallers te worden gevuld.",
    ],
    [
        "Professionalisering van docenten voor gepersonaliseerd leren.",
        "In 2027 geven alle docenten minstens een deel van hun lessen op een gepersonaliseerde manier.",
        "Aantal lessen met keuzeruimte voor leerlingen; vaardigheden die we bij lesbezoeken zien; oordeel van "
        "leerlingen in de tevredenheidspeiling.",
        "Scholing en coaching op de werkvloer, ruimte in het rooster om bij elkaar te kijken, en leidinggevenden "
        "die het goede voorbeeld geven.",
        "Bij lesbezoeken werken leerlingen op eigen tempo en niveau; teamleiders bespreken dat in elke gesprekscyclus.",
    ],
    [
        "Duurzame inzetbaarheid, met aandacht voor oudere docenten en een generatieregeling.",
        "Het verzuim daalt in twee jaar tot onder 5%, en iedere medewerker heeft een gesprek over inzetbaarheid gehad.",
        "Verzuimpercentage en meldingsfrequentie; aantal deelnemers aan de generatieregeling; uitkomsten van het "
        "medewerkersonderzoek.",
        "Budget voor de generatieregeling en scholing van leidinggevenden in het voeren van inzetbaarheidsgesprekken.",
        "Minder langdurig verzuim, en teams waarin jonge en ervaren docenten kennis uitwisselen.",
    ],
    [
        "Een gesprekscyclus die over ontwikkeling gaat in plaats van over beoordeling.",
        "Binnen een jaar voeren alle leidinggevenden waarderende ontwikkelgesprekken met hun medewerkers.",
        "Aantal gevoerde gesprekken; aantal medewerkers met een eigen ontwikkelplan; hoe waardevol medewerkers het "
        "gesprek vinden.",
        "Een training voor leidinggevenden, een eenvoudig gespreksformulier en tijd in de jaartaak.",
        "Medewerkers nemen zelf het initiatief voor hun ontwikkeling en bespreken die met hun leidinggevende.",
    ],
    [
        "Mobiliteit van personeel tussen de scholen in de regio bij krimp.",
        "Bij boventalligheid vinden medewerkers binnen de regio een nieuwe plek, zonder gedwongen ontslag.",
        "Aantal medewerkers dat via de regionale pool van school wisselt; aantal gedwongen ontslagen; vacatures die "
        "intern worden vervuld.",
        "Afspraken tussen de besturen over een mobiliteitspool en het eerst onderling delen van vacatures.",
        "Scholen delen vacatures eerst met elkaar, en medewerkers zien een overstap als kans.",
    ],
    [
        "People management door teamleiders: tijd en aandacht voor het personeel.",
        "In 2027 besteden teamleiders minstens de helft van hun tijd aan het begeleiden van hun team.",
        "Tijdsbesteding van teamleiders; aantal lesbezoeken per docent per jaar; scores op leiderschap in het "
        "medewerkersonderzoek.",
        "Minder lesgevende taken voor teamleiders, een leergang people management en steun van HR.",
        "Docenten ervaren hun teamleider als coach die weet wat er in de klas gebeurt.",
    ],
]

CADENCES = {"weeks_6_8": 12, "weeks_4_6": 3, "quarterly": 4, "other": 1}

# --- Word lists for people, schools and boards ------------------------------------------------------

FIRST_NAMES = _split("""
    Anouk, Sanne, Daan, Kevin, Lotte, Thijs, Femke, Bram, Eva, Jeroen, Marieke, Ruben, Iris, Martijn, Esther, Joost,
    Linda, Niels, Anne, Bas, Ingrid, Karin, Wouter, Saskia, Hans, Monique, Erik, Jolanda, Gerard, Mirjam, Rob,
    Annemiek, Sjoerd, Marloes, Tim, Hanneke, Maarten, Judith, Frank, Petra, Koen, Ellen, Stefan, Yvonne, Jasper,
    Renate, Arjen, Nicole, Mark, Wendy, Dennis, Marjolein, Roel, Nienke, Thomas, Lieke, Sven, Inge, Michiel, Suzanne,
    Jan, Annet, Willem, Els, Gijs, Carolien, Remco, Fleur, Lars, Charlotte, Bart, Loes, Hugo, Maaike, Stijn, Merel,
    Tessa, Sytse, Jildou, Wietske, Auke, Sjef, Ilse, Luuk, Noud, Mieke, Fatima, Mohammed, Yasmina, Khadija, Said,
    Youssef, Nadia, Samira, Hamza, Ayoub, Zeynep, Emre, Mehmet, Elif, Aylin, Burak, Hatice, Kemal, Priya, Rajesh,
    Shanti, Anil, Naomi, Ricardo, Tanisha, Malika, Dewi, Mei, Linh, Ahmed, Omar, Soufiane, Ilham, Rachid, Bilal, Noor,
    Layla, Amira, Dilan, Zoë, Chloë, Joëlle
""")

# With their tussenvoegsel, written lower case as it is after a first name.
SURNAMES = _split("""
    de Vries, van Dijk, Jansen, de Jong, Bakker, Visser, Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters,
    Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, van der Linden, Kok,
    Jacobs, de Haan, Vermeulen, van den Berg, van der Heijden, van der Veen, van den Broek, de Bruijn, van der Wal,
    Schouten, van Beek, Willems, van Vliet, van de Ven, Hoekstra, Maas, Verhoeven, Koster, van Dam, Prins, Blom,
    Huisman, Peeters, de Lange, van Wijk, Postma, Kuipers, Veenstra, Kramer, van den Brink, Scholten, Post, Martens,
    Vink, de Ruiter, Timmermans, Groen, Gerritsen, Jonker, van Loon, Boersma, ter Horst, in 't Veld, 't Hart,
    van 't Hof, Claassen, Huijbregts, van Rooij, Bosman, den Hartog, van Es, Wijnands, Sluiter, van Wezel,
    El Amrani, Bouzid, El Idrissi, Benali, Tahiri, Haddou, Ahmadi, Yilmaz, Kaya, Demir, Şahin, Çelik, Öztürk,
    Ramdin, Sewdien, Biharie, Kartosen, Pinas, Nguyen, Tan
""")

# Where in a school's name the type goes, and whether the type is a "de" word (then adjectives take -e).
SCHOOL_TYPES = {
    "College": False,
    "Lyceum": False,
    "Gymnasium": False,
    "Vakcollege": False,
    "Scholengemeenschap": True,
    "Mavo": True,
    "Praktijkschool": True,
}
TYPES_FOR_LEVELS = [
    # (levels, weight, school types that fit)
    (["vmbo", "havo", "vwo"], 30, ["Scholengemeenschap", "College", "College", "Lyceum"]),
    (["vmbo"], 18, ["Mavo", "Vakcollege", "College"]),
    (["havo", "vwo"], 18, ["Lyceum", "College"]),
    (["vmbo", "havo"], 7, ["College", "Scholengemeenschap"]),
    (["vwo"], 6, ["Gymnasium"]),
    (["pro"], 6, ["Praktijkschool"]),
    (["pro", "vmbo"], 5, ["College", "Vakcollege"]),
    (["pro", "vmbo", "havo", "vwo"], 3, ["Scholengemeenschap", "College"]),
]
# (with a "het" word, with a "de" word)
DENOMINATIONS = [
    ("Christelijk", "Christelijke"),
    ("Katholiek", "Katholieke"),
    ("Openbaar", "Openbare"),
    ("Montessori", "Montessori"),
    ("Dalton", "Dalton"),
    ("Protestants-christelijk", "Protestants-christelijke"),
    ("Interconfessioneel", "Interconfessionele"),
    ("Stedelijk", "Stedelijke"),
]
SCHOOL_CORES = _split("""
    Het Baken, De Horst, Het Kompas, De Waterlinie, Het Anker, De Brug, De Akker, De Meander, Het Element, De Vaart,
    Het Perron, De Vuurtoren, Het Lichtpunt, De Wissel, Het Rietveld, De Heuvel, De Kring, Het Palet, De Sprong,
    De Boomgaard, Het Spectrum, De Linde, De Esch, De Brink, De Schakel, De Kreek, De Oever, De Singel, De Wending,
    De Uitkijk, Het Hoge Land, De Stroom, Het Mozaïek, De Toren
""")
SCHOOL_PLACES = _split("""
    Veenhove, Zuidrand, Eikenburg, Lindenhorst, Wilgenrode, Heideveld, Berkenstein, Maasoever, Duinzicht, Rijnwaarde,
    Vechtdal, Kempenhof, IJsselzoom, Groenewoude, Beukenrode, Polderzicht, Waterrijk, Vlietland, Zandhorst, Dijkzicht,
    Merwedal, Esdonk, Valkenhof, Ravenstein, Holterveld, Westerhout, Noorderlicht, Elzenhage, Kastanjehof, Hoogeweide
""")
SCHOOL_PERSONS = _split("""
    Erasmus, Comenius, Huygens, Spinoza, Vermeer, Da Vinci, Grotius, Stevin, Thorbecke, Escher, Mondriaan, Boerhaave,
    Lorentz, Maerlant, Bonhoeffer, Montaigne, Descartes, Rembrandt
""")
BOARD_FORMS = [
    # (full name, short name) with {area} in both
    ("Stichting Voortgezet Onderwijs {area}", "VO {area}"),
    ("Scholengroep {area}", "Scholengroep {area}"),
    ("Stichting Openbaar Voortgezet Onderwijs {area}", "OVO {area}"),
    ("Stichting Katholiek Voortgezet Onderwijs {area}", "KVO {area}"),
    ("Vereniging voor Christelijk Voortgezet Onderwijs {area}", "CVO {area}"),
    ("Onderwijsgroep {area}", "Onderwijsgroep {area}"),
    ("Stichting {area} Colleges", "{area} Colleges"),
]
BOARD_AREA_HEADS = ["Noord", "Zuid", "Oost", "West", "Hoog", "Groen", "Veen", "Laag", "Maas", "Eiken"]
BOARD_AREA_TAILS = ["rand", "veld", "land", "waard", "hove", "dal", "horst", "mere", "stede"]

# How likely each job role is among the members of a network, per theme ("" for people without a network).
JOB_ROLE_ORDER = ["teacher", "team_leader", "school_leader", "board_member", "hr_adviser", "teacher_trainer", "other"]
JOB_ROLE_WEIGHTS = {
    "lerende-cultuur": [35, 20, 15, 0, 5, 20, 5],
    "shrm": [5, 10, 25, 10, 40, 0, 10],
    "regionale-samenwerking": [0, 10, 35, 20, 20, 0, 15],
    "pso-breed": [15, 20, 30, 5, 25, 0, 5],
    "professionalisering-teamleiders": [0, 75, 10, 0, 10, 5, 0],
    "shrm-in-de-praktijk": [0, 20, 20, 0, 45, 0, 15],
    "verdieping-shrm": [0, 0, 20, 15, 55, 0, 10],
    "": [40, 15, 10, 3, 12, 8, 12],
}
JOB_ROLES = {theme: dict(zip(JOB_ROLE_ORDER, weights, strict=True)) for theme, weights in JOB_ROLE_WEIGHTS.items()}
COORDINATOR_ROLES = {"school_leader": 5, "hr_adviser": 4, "board_member": 1, "team_leader": 2}

FIRST_START = date(2025, 1, 13)  # the first network starts; the last one starts about 20 months later
LAST_DAY = date(2026, 11, 20)  # no account or membership date lies after this one
DEMO_JOINED = datetime(2025, 1, 6, 9, 0, tzinfo=AMSTERDAM)  # when the demo logins made their accounts


# --- Meetings: programmes, notes and answers ---------------------------------------------------------

# The demo's "today": held meetings lie before it, the next planned one after it. A fixed day keeps the
# plan the same on every run; when the demo is loaded later, its meetings move forward by whole weeks
# (see meeting_shift), so a new user always sees recent meetings behind and the next one ahead.
DEMO_TODAY = date(2026, 11, 24)


def meeting_shift(today=None):
    """Whole weeks from DEMO_TODAY to `today` (never negative): how far the demo's meetings move."""
    today = today or timezone.localdate()
    return timedelta(weeks=max(0, (today - DEMO_TODAY).days // 7))


MEETING_START, MEETING_END = time(15, 0), time(17, 30)


@dataclass(frozen=True)
class Topic:
    title: str
    work_forms: tuple
    agenda: tuple  # the two main items, between the opening round and the closing agreements
    homework: str = ""
    guest: bool = False  # a guest speaker comes


START_TOPIC = Topic(
    "Startbijeenkomst: onze leervraag",
    ("presentations", "workshop"),
    (
        "Kennismaken: wie zijn we, en wat brengt elke school mee?",
        "Onze leervraag en ambitie scherp krijgen; werkafspraken voor het startdocument",
    ),
    "Schrijf in vijf regels op wat jouw school uit dit netwerk wil halen, en bespreek dat met je leidinggevende.",
)
REVIEW_TOPIC = Topic(
    "Terugblik: worden we wijzer?",
    ("workshop", "intervision"),
    (
        "Terugblik op de leervraag: wat is er op onze scholen veranderd?",
        "Hoe gaan we verder na de begeleide fase: zelf, met een procesbegeleider, of stoppen we?",
    ),
    "Vraag op je eigen school na of en hoe men verder wil met het netwerk.",
)
CONTINUE_TOPIC = Topic(
    "Op eigen kracht verder: plannen voor het komende jaar",
    ("workshop",),
    ("Wie neemt welke rol: voorzitter, verslaglegger, gastschool?", "Thema's en data voor het komende jaar"),
)
GENERAL_TOPICS = [
    Topic(
        "Intervisie: het goede gesprek",
        ("intervision",),
        ("Intervisie volgens de incidentmethode: twee casussen uit de groep", "Wat nemen we mee naar onze school?"),
        "Voer een gesprek met een collega volgens de methode van vandaag en noteer wat je opviel.",
    ),
    Topic(
        "Casusbespreking: weerstand in het team",
        ("case", "intervision"),
        ("Een casus over een team dat niet mee wil in een verandering", "Wat werkte op andere scholen, en waarom?"),
    ),
    Topic(
        "SWOT-analyse van onze scholen",
        ("swot", "workshop"),
        (
            "Per school een SWOT-analyse rond onze leervraag",
            "Overeenkomsten en verschillen: waar kunnen we elkaar helpen?",
        ),
        "Bespreek de SWOT-analyse van vandaag met je team en kom terug met één verbeterpunt.",
    ),
    Topic(
        "Op bezoek bij elkaars school: leren van de praktijk",
        ("presentations", "workshop"),
        ("Rondleiding en gesprek met docenten van de gastschool", "Wat zagen we, en wat willen we overnemen?"),
    ),
    Topic(
        "Halverwege: inhoud en proces",
        ("workshop", "intervision"),
        (
            "Zijn we met de goede vraag bezig? Een korte evaluatie",
            "Werkt onze manier van samen leren, of passen we die aan?",
        ),
    ),
]
THEME_TOPICS = {
    "lerende-cultuur": [
        Topic(
            "Kijken bij elkaar in de les",
            ("workshop", "presentations"),
            ("Ervaringen met lesbezoek en collegiale consultatie", "Een kijkwijzer die bij onze scholen past"),
            "Breng een lesbezoek bij een collega en neem je aantekeningen mee.",
        ),
        Topic(
            "Feedback geven en vragen",
            ("workshop", "intervision"),
            ("Oefenen met feedback die helpt", "Hoe maken we feedback gewoon in de sectie?"),
        ),
        Topic(
            "Gastspreker over professionele leergemeenschappen",
            ("lecture", "workshop"),
            ("Lezing: wat maakt een school tot een lerende organisatie?", "Vertalen naar onze eigen scholen"),
            guest=True,
        ),
        Topic(
            "Collegiale visitatie: zo pakken wij het aan",
            ("presentations", "case"),
            ("Twee scholen vertellen over hun visitatie", "Wat werkt, en wat voelt als een verplicht nummer?"),
        ),
    ],
    "shrm": [
        Topic(
            "Gastspreker over strategische personeelsplanning",
            ("lecture", "workshop"),
            ("Lezing: personeelsplanning voor vijf jaar vooruit", "Aan de slag met de cijfers van de eigen school"),
            "Maak een eerste schets van de personeelsopbouw van je school over vijf jaar.",
            guest=True,
        ),
        Topic(
            "De Roadmap Strategisch HRM: van beleidsthema naar doel",
            ("workshop", "presentations"),
            ("De eerste twee stappen van de roadmap", "Elke school kiest een beleidsthema en formuleert een doel"),
            "Leg het beleidsthema en het doel voor aan je schoolleiding.",
        ),
        Topic(
            "Duurzame inzetbaarheid: het gesprek met ervaren docenten",
            ("case", "intervision"),
            ("Casus: een ervaren docent die vastloopt", "Welke afspraken en regelingen werken echt?"),
        ),
        Topic(
            "Werven en binden in tijden van tekort",
            ("swot", "workshop"),
            ("Wat doen onze scholen al voor starters en zij-instromers?", "Samen een aanpak voor de tekortvakken"),
        ),
    ],
    "regionale-samenwerking": [
        Topic(
            "Dalende leerlingaantallen: de cijfers van onze regio",
            ("lecture", "swot"),
            ("De prognoses voor onze regio", "Wat betekent dit voor het aanbod van elke school?"),
            "Zet de prognoses van je eigen school op een rij voor de volgende keer.",
            guest=True,
        ),
        Topic(
            "Een regionale invalpool: wat is ervoor nodig?",
            ("workshop", "case"),
            ("Voorbeelden uit andere regio's", "Afspraken tussen de besturen: wat moet er geregeld zijn?"),
        ),
        Topic(
            "Samen opleiden met de lerarenopleiding",
            ("presentations", "workshop"),
            ("De lerarenopleiding vertelt over opleiden in de school", "Waar kunnen we als scholen samen optrekken?"),
            guest=True,
        ),
    ],
    "pso-breed": [
        Topic(
            "De professionele schoolorganisatie: waar staan wij?",
            ("swot", "presentations"),
            ("Een zelfscan op onderwijs, personeel en organisatie", "De uitkomsten naast elkaar"),
            "Vul de zelfscan in met je schoolleiding.",
        ),
        Topic(
            "Onderwijs, personeel en organisatie in samenhang",
            ("workshop", "case"),
            ("Casus: een onderwijsvernieuwing die vastloopt op het rooster", "Hoe houden we de drie in balans?"),
        ),
        Topic(
            "Gastspreker over de school als organisatie die leert",
            ("lecture", "workshop"),
            ("Lezing over organisatieontwikkeling in het vo", "Wat betekent dat voor onze volgende stap?"),
            guest=True,
        ),
    ],
    "professionalisering-teamleiders": [
        Topic(
            "De teamleider als people manager",
            ("lecture", "intervision"),
            ("Lezing: leidinggeven aan professionals", "Intervisie over de eigen rol"),
            guest=True,
        ),
        Topic(
            "Lastige gesprekken voeren",
            ("case", "intervision"),
            ("Oefenen met een lastig gesprek, met een acteur", "Wat helpt jou om het gesprek aan te gaan?"),
            "Voer een gesprek dat je al een tijd uitstelt, en vertel de volgende keer hoe het ging.",
        ),
        Topic(
            "Tijd voor je team: een week in de agenda van de teamleider",
            ("presentations", "case"),
            ("Wie doet wat in een week? We leggen onze agenda's naast elkaar", "Wat kan eruit, en wie neemt het over?"),
            "Houd een week bij waar je tijd naartoe gaat.",
        ),
    ],
    "shrm-in-de-praktijk": [
        Topic(
            "HR-instrumenten die werken",
            ("presentations", "workshop"),
            ("Elke school laat één instrument zien dat werkt", "En één dat niet werkt: waarom niet?"),
        ),
        Topic(
            "Gastspreker over strategische personeelsplanning",
            ("lecture", "workshop"),
            ("Lezing: personeelsplanning in de praktijk", "Aan de slag met de cijfers van de eigen school"),
            guest=True,
        ),
        Topic(
            "Teamleiders en het personeelsbeleid",
            ("case", "workshop"),
            ("Casus: een teamleider die HR-beleid moet uitvoeren", "Wat hebben teamleiders van HR nodig?"),
        ),
    ],
    "verdieping-shrm": [
        Topic(
            "Het AMO-model in de praktijk",
            ("lecture", "case"),
            ("Lezing over bekwaamheid, motivatie en mogelijkheden", "Casussen uit de eigen scholen langs het model"),
            guest=True,
        ),
        Topic(
            "KPI's die iets zeggen over goed onderwijs",
            ("workshop", "swot"),
            ("Welke cijfers hebben we al, en wat zeggen ze?", "Per school twee KPI's voor het personeelsbeleid"),
            "Werk de twee KPI's uit en kijk of de cijfers er al zijn.",
        ),
        Topic(
            "HR aan de bestuurstafel",
            ("case", "intervision"),
            ("Casus: HR dat pas na het besluit wordt gevraagd", "Hoe krijgt HR een plek in de strategie?"),
        ),
    ],
}
GUEST_SPEAKERS = [
    "Dr. Marleen Hofstede, lector HRM in het onderwijs",
    "Prof. dr. Jan Verbiest, hoogleraar onderwijskunde",
    "Karin Brouwer, onderzoeker regionale onderwijsmonitor",
    "Erik van Oosten, adviseur strategische personeelsplanning",
    "Hanneke Zijlstra, opleidingsmanager lerarenopleiding",
    "Drs. Youssef Amrani, organisatieadviseur",
    "Ineke de Waal, bestuurder en oud-schoolleider",
]

REPORT_TITLES = [
    "Verslag bijeenkomst {number}",
    "Aantekeningen bij bijeenkomst {number}",
    "Wat ik meeneem uit bijeenkomst {number}",
]
TAKEAWAYS = [
    "Niet elke school hoeft het wiel zelf uit te vinden: we delen onze formats in het portaal.",
    "Kleine stappen werken beter dan een groot plan dat niemand leest.",
    "De schoolleiding moet het goede voorbeeld geven, anders blijft het bij mooie woorden.",
    "Tijd in het rooster is de voorwaarde; zonder tijd gebeurt er niets.",
    "Docenten willen wel, maar zien niet altijd wat er van hen verwacht wordt.",
    "Het helpt om de leervraag aan het begin van elke bijeenkomst hardop te herhalen.",
    "Cijfers openen het gesprek, maar het verhaal erachter maakt het verschil.",
    "Teamleiders zijn de sleutel: zij vertalen het beleid naar de werkvloer.",
    "Een casus van een andere school laat je je eigen school scherper zien.",
    "We spreken af om tussen de bijeenkomsten vragen in het portaal te zetten en binnen een week te reageren.",
]
INTERVISION_CASES = [
    (
        "een ervaren docent die zich niet wil ontwikkelen",
        "De inbrenger worstelt met een collega die al jaren hetzelfde doet en elk gesprek over ontwikkeling "
        "afhoudt. Eerdere afspraken zijn niet nagekomen.",
    ),
    (
        "het eerste jaar als leidinggevende",
        "De inbrenger is dit jaar van docent teamleider geworden van de eigen sectie en merkt dat oud-collega's "
        "anders reageren. Grenzen stellen voelt als verraad.",
    ),
    (
        "een langdurig zieke collega",
        "Een collega is al maanden ziek. De inbrenger weet niet hoe ver de zorg mag gaan en wanneer het gesprek "
        "over terugkeer moet beginnen.",
    ),
    (
        "een conflict in de sectie",
        "Twee kampen in een sectie over de nieuwe toetsing. De inbrenger voelt zich klem zitten tussen beide en "
        "de schoolleiding.",
    ),
    (
        "een zij-instromer die wil stoppen",
        "Een veelbelovende zij-instromer overweegt na een half jaar te stoppen. De inbrenger vraagt zich af wat de "
        "school verkeerd heeft gedaan.",
    ),
]
INTERVISION_QUESTIONS = [
    "Wat heb je zelf al geprobeerd, en wat gebeurde er toen?",
    "Wat zou je doen als je niet bang was voor de reactie?",
    "Wie in de school kan je hierin steunen?",
    "Wat is jouw eigen aandeel in hoe het nu loopt?",
    "Hoe weet je wat de ander echt wil?",
    "Wat gebeurt er als je niets doet?",
]
RSVP_COMMENTS = {
    "yes": ["", "", "", "Ik kom iets later, ik heb tot 15.15 uur les.", "Ik neem een collega mee, als dat mag."],
    "no": ["Helaas, dan is er een ouderavond.", "Dan zit ik op een scholingsdag.", ""],
    "maybe": ["Hangt af van de roosterwijziging.", "Ik weet het na de teamvergadering.", ""],
}
INTERVISION_OUTCOMES = [
    "Het gesprek niet langer uitstellen, maar eerst goed luisteren naar wat de ander nodig heeft.",
    "Hulp vragen aan de eigen leidinggevende, in plaats van het alleen te willen oplossen.",
    "Duidelijke afspraken maken en die op papier zetten, met een moment om terug te kijken.",
    "Erkennen dat het eigen ongemak een rol speelt, en dat hardop zeggen in het volgende gesprek.",
    "Over drie weken in de groep vertellen hoe het gegaan is.",
]


# --- The plan: every row, drawn from one seeded random generator -----------------------------------


@dataclass
class Plan:
    regions: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    boards: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    people: list = field(default_factory=list)
    region_coordinators: list = field(default_factory=list)  # (region slug, email)
    networks: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    attendance: list = field(default_factory=list)  # per meeting: one row per membership current that day
    rsvps: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # each note is saved with one revision


def _weighted(rng, weights):
    """One key of `weights` ({value: weight}), drawn with those weights."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ascii(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum()).lower()


class _People:
    """Draws people with unique full names and unique addresses."""

    def __init__(self, rng, plan):
        self.rng = rng
        self.plan = plan
        self.names = {name for _role, _email, name, *_rest in DEMO_PEOPLE}
        self.count = 0

    def new(self, *, job_role, domain=SCHOOL_DOMAIN, joined_on=None):
        rng = self.rng
        while True:
            first, surname = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            full_name = f"{first} {surname}"
            if full_name not in self.names:
                break
        self.names.add(full_name)
        self.count += 1
        email = f"{_ascii(first)}.{_ascii(surname)}{self.count}@{domain}"
        joined_on = joined_on or FIRST_START + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_START).days))
        self.plan.people.append(
            {
                "email": email,
                "full_name": full_name,
                "job_role": job_role,
                "language": "en" if rng.random() < 0.04 else "nl",
                "date_joined": datetime.combine(joined_on, time(rng.randint(8, 21), rng.randint(0, 59)), AMSTERDAM),
                # Unusable (the "!" prefix), yet different per person, like Django's own unusable passwords.
                "password": UNUSABLE_PASSWORD_PREFIX + hashlib.sha256(f"{SEED}:{email}".encode()).hexdigest()[:40],
            }
        )
        return email


def _reference_data(rng, plan):
    """Regions, themes, boards and schools. Returns schools per region and boards per region."""
    for name, _description in THEMES:
        plan.themes.append({"name": name, "slug": slugify(name), "description": _description})

    areas = [head + tail for head in BOARD_AREA_HEADS for tail in BOARD_AREA_TAILS]
    rng.shuffle(areas)
    board_numbers = iter(rng.sample(range(10000, 100000), sum(boards for _n, _s, boards, _c in REGIONS)))
    internal_regions = {spec.region for spec in NETWORKS if spec.kind == INTERNAL}
    brins, school_names = set(), set()
    schools_by_region, boards_by_region = {}, {}
    for name, school_count, board_count, cities in REGIONS:
        slug = slugify(name)
        plan.regions.append({"name": name, "slug": slug})

        # Board sizes: a few large boards and many small ones. A region with an internal network has one
        # board large enough for it.
        weights = [rng.choice([1, 1, 2, 3, 5, 8]) for _ in range(board_count)]
        sizes = [max(1, school_count * w // sum(weights)) for w in weights]
        if slug in internal_regions:
            sizes[0] = rng.randint(11, 14)
        while sum(sizes) != school_count:
            i = rng.randrange(1, board_count)
            if sum(sizes) < school_count:
                sizes[i] += 1
            elif sizes[i] > 1:
                sizes[i] -= 1

        boards_by_region[slug], schools_by_region[slug] = [], []
        for size in sizes:
            form, short = rng.choice(BOARD_FORMS)
            area = areas.pop()
            board = {
                "number": f"{next(board_numbers):05d}",
                "name": form.format(area=area),
                "short": short.format(area=area),
                "city": rng.choice(cities),
                "schools": [],
            }
            plan.boards.append(board)
            boards_by_region[slug].append(board)
            for _ in range(size):
                # The praktijkonderwijs network of Noord needs enough pro schools.
                wants_pro = slug == "noord" and len(schools_by_region[slug]) >= school_count - 8
                school = _school(rng, brins, school_names, wants_pro)
                school.update(
                    city=board["city"] if rng.random() < 0.5 else rng.choice(cities),
                    region=slug,
                    board=board["number"],
                )
                plan.schools.append(school)
                schools_by_region[slug].append(school["brin"])
                board["schools"].append(school["brin"])
    return schools_by_region, boards_by_region


def _school(rng, brins, names, wants_pro):
    while True:
        brin = f"{rng.randint(0, 99):02d}{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
        if brin not in brins:
            brins.add(brin)
            break
    options = [row for row in TYPES_FOR_LEVELS if "pro" in row[0]] if wants_pro else TYPES_FOR_LEVELS
    levels, _weight, types = rng.choices(options, weights=[weight for _levels, weight, _types in options])[0]
    while True:
        school_type = rng.choice(types)
        is_de_word = SCHOOL_TYPES[school_type]
        place = rng.choice(SCHOOL_CORES + SCHOOL_PLACES)
        form = rng.randrange(4)
        if form == 0:
            name = f"{place} {school_type}"
        elif form == 1:
            denomination = rng.choice(DENOMINATIONS)[1 if is_de_word else 0]
            name = f"{denomination} {school_type} {place}"
        elif form == 2:
            name = f"{rng.choice(SCHOOL_PERSONS)} {school_type}"
        else:
            name = f"{school_type} {place}"
        if name not in names:
            names.add(name)
            return {"brin": brin, "name": name, "levels": list(levels)}


def _spec(name):
    return next(spec for spec in NETWORKS if spec.name == name)


def _assign_schools(rng, specs, schools_by_region, boards_by_region, school_levels):
    """The schools of each network: 5 to 10, spread so that as many schools as possible take part."""
    used = dict.fromkeys(school_levels, 0)

    def pick(candidates, count):
        fresh = [brin for brin in candidates if not used[brin]]
        rng.shuffle(fresh)
        chosen = fresh[:count]
        if len(chosen) < count:
            rest = [brin for brin in candidates if used[brin] and brin not in chosen]
            rng.shuffle(rest)
            chosen += rest[: count - len(chosen)]
        for brin in chosen:
            used[brin] += 1
        return chosen

    boards = {}
    for spec in specs:
        if spec.kind == INTERNAL:
            # The largest board of the region that has no internal network yet.
            boards[spec] = max(
                (b for b in boards_by_region[spec.region] if b not in boards.values()), key=lambda b: len(b["schools"])
            )

    # The most constrained networks choose first, so the others can still find schools nobody has.
    order = sorted(specs, key=lambda s: (s.kind != INTERNAL, not s.level, s.kind == CROSS))
    assigned = {}
    for spec in order:
        count = 5 if spec.fading else _weighted(rng, {8: 1, 9: 2, 10: 7})
        if spec.kind == INTERNAL:
            chosen = pick(boards[spec]["schools"], min(count, len(boards[spec]["schools"])))
        elif spec.level:
            chosen = pick([b for b in schools_by_region[spec.region] if spec.level in school_levels[b]], count)
        elif spec.kind == CROSS:
            regions = (spec.region, *spec.other_regions)
            chosen = []
            for i, region in enumerate(regions):
                share = count // len(regions) + (1 if i < count % len(regions) else 0)
                chosen += pick(schools_by_region[region], share)
        else:
            chosen = pick(schools_by_region[spec.region], count)
        assigned[spec] = chosen

    # The demo member takes part in two networks from one school: the second network includes it.
    fatima_school = assigned[_spec(DEMO_COORDINATED)][-1]
    second = assigned[_spec(DEMO_MEMBER_SECOND)]
    if fatima_school not in second:
        second[-1] = fatima_school
    return assigned, boards


def _network_row(rng, spec, schools, board, question, region_names):
    row = {
        "name": spec.name.format(board=board["short"]) if board else spec.name,
        "region": spec.region,
        "theme": spec.theme,
        "kind": spec.kind,
        "board": board["number"] if board else None,
        "learning_question": question,
        "ambition": _weighted(rng, AMBITIONS[spec.theme]),
        "cadence": _weighted(rng, CADENCES),
        # Internal networks and a few others stay out of the directory; those the demo logins use are in it.
        "is_listed": spec.kind != INTERNAL and (rng.random() > 0.1 or spec.name in DEMO_FACILITATED),
    }
    row["slug"] = slugify(row["name"])
    focus = THEME_FOCUS[spec.theme]
    if spec.kind == INTERNAL:
        description = f"Het interne leernetwerk van {board['name']}: {len(schools)} scholen van één bestuur. {focus}"
    elif spec.kind == CROSS:
        regions = " en ".join(region_names[slug] for slug in (spec.region, *spec.other_regions))
        description = f"Een bovenregionaal leernetwerk van {len(schools)} scholen uit de regio's {regions}. {focus}"
    elif spec.level == "pro":
        description = f"Schoolleiders van {len(schools)} scholen voor praktijkonderwijs. {focus}"
    else:
        description = f"Een regionaal leernetwerk van {len(schools)} scholen. {focus}"
    row["description"] = description if rng.random() < 0.9 else ""
    row["working_agreements"] = rng.choice(WORKING_AGREEMENTS) if rng.random() < 0.8 else ""
    row["review_moments"] = rng.choice(REVIEW_MOMENTS) if rng.random() < 0.75 else ""
    steps = _weighted(rng, {0: 1, 1: 2, 2: 3, 3: 3, 4: 2, 5: 3}) if spec.theme in SHRM_THEMES else 0
    roadmap = rng.choice(ROADMAPS)
    for i, name in enumerate(Network.ROADMAP_FIELDS):
        row[name] = roadmap[i] if i < steps else ""
    return row


def _seats(rng, spec, schools, people, facilitator, specials):
    """The memberships of one network: coordinators, a facilitator, members, and some who left.

    Every school of the network gets at least one current member, so the network reaches all of them.
    `specials` are (email, role, school) of demo logins who take part.
    """
    start = FIRST_START + timedelta(days=rng.randint(0, 620))
    committed_share = 0.35 if spec.fading else 0.7
    total = 8 if spec.fading else rng.randint(max(10, len(schools) + 2), 20)
    coordinator_count = 1 if any(role == "coordinator" for _e, role, _s in specials) else _weighted(rng, {1: 7, 2: 3})

    seats = []

    def seat(email, role, school, *, joined_on=None, left_on=None, committed=None):
        seats.append(
            {
                "email": email,
                "role": role,
                "school": school,
                "committed_to_attend": rng.random() < committed_share if committed is None else committed,
                "joined_on": joined_on or start,
                "left_on": left_on,
            }
        )

    uncovered = list(schools)
    for email, role, school in specials:
        if role == "coordinator":
            seat(email, role, school, committed=True)
            uncovered.remove(school)
    for _ in range(coordinator_count - len(seats)):
        school = uncovered.pop(0)
        seat(
            people.new(job_role=_weighted(rng, COORDINATOR_ROLES), joined_on=start),
            "coordinator",
            school,
            committed=True,
        )
    # A facilitator from outside has no school; when a member of one of the schools takes the role, they do.
    facilitator_school = None
    if facilitator is None:
        facilitator_school = rng.choice(schools)
        facilitator = people.new(job_role=_weighted(rng, {"teacher_trainer": 2, "team_leader": 1}), joined_on=start)
    seat(
        facilitator,
        "facilitator",
        facilitator_school,
        joined_on=start + timedelta(days=rng.randint(0, 14)),
        committed=True,
    )
    for email, role, school in specials:
        if role == "member":
            seat(email, role, school, joined_on=start + timedelta(days=rng.randint(0, 21)))
            if school in uncovered:
                uncovered.remove(school)

    def joined():
        late = rng.random() < 0.1
        days = rng.randint(30, 150) if late else rng.randint(0, 21)
        return min(start + timedelta(days=days), LAST_DAY)

    job_roles = JOB_ROLES[spec.theme]
    while len(seats) < total:
        school = uncovered.pop(0) if uncovered else rng.choice(schools)
        on = joined()
        seat(people.new(job_role=_weighted(rng, job_roles), joined_on=on), "member", school, joined_on=on)

    # A few left: the history the figures need ("a partly new group at every meeting" in a fading network).
    leavers = 5 if spec.fading else rng.choice([0, 0, 1, 1, 2, 2, 3, 4])
    for _ in range(leavers):
        on = start + timedelta(days=rng.randint(0, 21))
        left = min(on + timedelta(days=rng.randint(30, 200)), LAST_DAY)
        seat(
            people.new(job_role=_weighted(rng, job_roles), joined_on=on),
            "member",
            rng.choice(schools),
            joined_on=on,
            left_on=left,
        )
    return start, seats


def _meeting_days(rng, spec, start):
    """The days of a network's held meetings, and of its next one (None for the network that faded).

    A network meets on one weekday, every six to eight weeks. The series is laid back from the next
    meeting, so every network that lives on met recently; the one that faded met twice after its start.
    """
    weekday = rng.choice([1, 2, 3])  # Tuesday, Wednesday or Thursday

    def in_week_of(day):
        return day - timedelta(days=day.weekday() - weekday)

    if spec.fading:
        first = in_week_of(start + timedelta(days=14))
        return [first, first + timedelta(weeks=rng.randint(6, 8))], None
    # Two to seven weeks ahead, but not in the Christmas holiday (four and five weeks after DEMO_TODAY).
    ahead = rng.choice([2, 3, 6, 7])
    upcoming = in_week_of(DEMO_TODAY) + timedelta(weeks=ahead)
    # The last meeting was at least a week ago, and six to eight weeks before the next one.
    held = [upcoming - timedelta(weeks=rng.randint(max(6, ahead + 1), 8))]
    first_possible = start + timedelta(days=7)
    wanted = rng.randint(2, 5)
    while len(held) < wanted:
        earlier = _before_summer(held[-1] - timedelta(weeks=rng.randint(6, 8)))
        if earlier < first_possible:
            if len(held) >= 2:
                break
            # A young network: its start meeting came quickly.
            earlier = _before_summer(held[-1] - timedelta(weeks=6))
        held.append(earlier)
    return sorted(held), upcoming


def in_summer_holiday(day):
    """Roughly the summer holiday of all three Dutch holiday regions: no network meets then."""
    return date(day.year, 7, 4) <= day <= date(day.year, 8, 30)


def _before_summer(day):
    while in_summer_holiday(day):
        day -= timedelta(weeks=1)
    return day


def _at(day, moment):
    return datetime.combine(day, moment, AMSTERDAM)


def _present_chance(spec, seat, index):
    if seat["role"] == "facilitator":
        return 0.95
    if spec.fading:  # the group falls apart: fewer come every time
        return max(0.1, 0.55 - 0.25 * index) + (0.15 if seat["committed_to_attend"] else 0)
    return 0.8 if seat["committed_to_attend"] else 0.55


def _report(rng, meeting, topic, title):
    title = title.format(number=meeting["number"])
    lines = [
        f"## {meeting['title']}",
        "",
        *(f"- {item}" for item in topic.agenda),
        "",
        "## Wat ik meeneem",
        "",
        *(f"- {item}" for item in rng.sample(TAKEAWAYS, rng.randint(2, 4))),
    ]
    if meeting["homework"]:
        lines += ["", "## Huiswerk", "", meeting["homework"]]
    return title, "\n".join(lines)


def _intervision_note(rng):
    subject, situation = rng.choice(INTERVISION_CASES)
    lines = [
        "**Vertrouwelijk: blijft binnen het netwerk.** Namen en scholen zijn weggelaten.",
        "",
        "## De casus",
        "",
        situation,
        "",
        "## Vragen die hielpen",
        "",
        *(f"- {question}" for question in rng.sample(INTERVISION_QUESTIONS, 3)),
        "",
        "## Wat de inbrenger meeneemt",
        "",
        rng.choice(INTERVISION_OUTCOMES),
    ]
    return f"Intervisie: {subject}", "\n".join(lines)


def _meetings(rng, plan, spec, network, start, seats, schools):
    """The meetings of one network: held ones with attendance and notes, the next one with answers.

    `schools` are the plan rows of the network's schools: the meetings go round them.
    """
    slug = network["slug"]
    facilitator = next(seat["email"] for seat in seats if seat["role"] == "facilitator")
    days, upcoming = _meeting_days(rng, spec, start)
    middle = rng.sample(THEME_TOPICS[spec.theme] + GENERAL_TOPICS, 3)
    if not any(topic.guest for topic in middle):  # "often a guest speaker": the third meeting has one
        middle[1] = rng.choice([topic for topic in THEME_TOPICS[spec.theme] if topic.guest])
    topics = [START_TOPIC, *middle, REVIEW_TOPIC, CONTINUE_TOPIC]
    host = rng.randrange(len(schools))
    planned_at = network["created_at"] + timedelta(days=rng.randint(1, 5))
    for index, day in enumerate([*days, upcoming] if upcoming else days):
        number, topic = index + 1, topics[index]
        school = schools[(host + index) % len(schools)]
        starts_at, ends_at = _at(day, MEETING_START), _at(day, MEETING_END)
        held = day < DEMO_TODAY
        meeting = {
            "network": slug,
            "number": number,
            "title": topic.title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": f"{school['name']}, {school['city']}",
            "online_url": f"https://meet.{SCHOOL_DOMAIN}/{slug}-{number}" if rng.random() < 0.12 else "",
            "agenda": "\n".join(
                [
                    "15.00 Inloop en korte ronde: wat speelt er op jouw school?",
                    f"15.20 {topic.agenda[0]}",
                    f"16.20 {topic.agenda[1]}",
                    "17.10 Afspraken, huiswerk en korte evaluatie",
                ]
            ),
            "guest_speakers": rng.choice(GUEST_SPEAKERS) if topic.guest else "",
            "work_forms": list(topic.work_forms),
            "homework": topic.homework if topic.homework and rng.random() < 0.7 else "",
            "status": "held" if held else "planned",
            "created_by": facilitator,
            "created_at": planned_at,
        }
        plan.meetings.append(meeting)
        # The next meeting is planned a day or two after this one.
        planned_at = ends_at + timedelta(hours=rng.randint(18, 60))

        present_seats = []
        at_the_time = [
            seat for seat in seats if seat["joined_on"] <= day and (seat["left_on"] is None or seat["left_on"] >= day)
        ]
        if held:
            for seat in at_the_time:
                present = rng.random() < _present_chance(spec, seat, index)
                if present:
                    present_seats.append(seat)
                plan.attendance.append(
                    {
                        "network": slug,
                        "number": number,
                        "email": seat["email"],
                        "joined_on": seat["joined_on"],
                        "present": present,
                        "recorded_by": facilitator,
                        "recorded_at": ends_at + timedelta(minutes=rng.randint(10, 48 * 60)),
                    }
                )
            authors = rng.sample(present_seats, min(len(present_seats), rng.choice([1, 1, 2])))
            titles = rng.sample(REPORT_TITLES, len(authors))  # two reports of one meeting differ in title
            for seat, report_title in zip(authors, titles, strict=True):
                confidential = rng.random() < 0.22
                title, body = _intervision_note(rng) if confidential else _report(rng, meeting, topic, report_title)
                plan.notes.append(
                    {
                        "network": slug,
                        "number": number,
                        "author": seat["email"],
                        "title": title,
                        "body": body,
                        "is_confidential": confidential,
                        "created_at": ends_at + timedelta(minutes=rng.randint(60, 72 * 60)),
                    }
                )
        else:
            answered_from = meeting["created_at"]
            minutes = int((_at(DEMO_TODAY, time(7)) - answered_from).total_seconds() // 60)
            for seat in at_the_time:
                # The demo participant has not answered yet, so the demo shows the answer buttons.
                if seat["email"] == DEMO_EMAILS["member"]:
                    continue
                if seat["role"] == "facilitator":
                    answer = "yes"
                elif seat["committed_to_attend"]:
                    answer = _weighted(rng, {"yes": 76, "no": 5, "maybe": 6, "": 13})
                else:
                    answer = _weighted(rng, {"yes": 50, "no": 12, "maybe": 13, "": 25})
                if not answer:
                    continue
                plan.rsvps.append(
                    {
                        "network": slug,
                        "number": number,
                        "email": seat["email"],
                        "answer": answer,
                        "comment": rng.choice(RSVP_COMMENTS[answer]),
                        "answered_at": answered_from + timedelta(minutes=rng.randint(0, minutes)),
                    }
                )


def build_plan():
    """Every demo row, as plain dicts with natural keys. The same on every call."""
    rng = random.Random(SEED)
    plan = Plan()
    schools_by_region, boards_by_region = _reference_data(rng, plan)
    school_levels = {school["brin"]: school["levels"] for school in plan.schools}
    region_names = {region["slug"]: region["name"] for region in plan.regions}
    assigned, boards = _assign_schools(rng, NETWORKS, schools_by_region, boards_by_region, school_levels)
    people = _People(rng, plan)

    # One regional coordinator per region; the demo coordinator has Noordwest.
    for region in plan.regions:
        email = (
            DEMO_EMAILS["coordinator"]
            if region["slug"] == "noordwest"
            else people.new(job_role="other", domain=REGION_DOMAIN, joined_on=FIRST_START - timedelta(days=30))
        )
        plan.region_coordinators.append((region["slug"], email))

    # Facilitators from outside guide two or three networks each, the demo facilitator three. In a few
    # networks someone from one of the schools facilitates (None here).
    pool = [
        people.new(job_role=rng.choice(["other", "teacher_trainer"]), domain=ADVICE_DOMAIN, joined_on=FIRST_START)
        for _ in range(14)
    ]
    others = [spec for spec in NETWORKS if spec.name not in DEMO_FACILITATED]
    rng.shuffle(others)
    facilitators = {spec: pool[i % len(pool)] if rng.random() > 0.15 else None for i, spec in enumerate(others)}
    facilitators.update({_spec(name): DEMO_EMAILS["facilitator"] for name in DEMO_FACILITATED})

    coordinated = _spec(DEMO_COORDINATED)
    fatima_school = assigned[coordinated][-1]
    specials = {
        coordinated: [
            (DEMO_EMAILS["coordinator"], "coordinator", assigned[coordinated][0]),
            (DEMO_EMAILS["member"], "member", fatima_school),
        ],
        _spec(DEMO_MEMBER_SECOND): [(DEMO_EMAILS["member"], "member", fatima_school)],
    }

    questions = {theme: list(items) for theme, items in LEARNING_QUESTIONS.items()}
    schools_by_brin = {school["brin"]: school for school in plan.schools}
    series = []  # (spec, network, start, seats, schools): what the meetings need, drawn after everything else
    for spec in NETWORKS:
        schools = assigned[spec]
        board = boards.get(spec)
        network = _network_row(rng, spec, schools, board, questions[spec.theme].pop(0), region_names)
        start, seats = _seats(rng, spec, schools, people, facilitators[spec], specials.get(spec, []))
        network["created_at"] = datetime.combine(start - timedelta(days=rng.randint(7, 40)), time(10), AMSTERDAM)
        network["created_by"] = seats[0]["email"]
        plan.networks.append(network)
        for row in seats:
            plan.memberships.append({"network": network["slug"], **row})
        series.append((spec, network, start, seats, [schools_by_brin[brin] for brin in schools]))

    # Colleagues with an account but no network (yet): they make up the "1200+" of the magazine.
    while len(plan.people) + len(DEMO_PEOPLE) < TOTAL_PEOPLE:
        people.new(job_role=_weighted(rng, JOB_ROLES[""]))

    # Meetings come last, so that adding them left every row drawn before them as it was.
    for spec, network, start, seats, schools in series:
        _meetings(rng, plan, spec, network, start, seats, schools)
    return plan


# --- Writing the plan ------------------------------------------------------------------------------


def _insert_missing(model, key, rows):
    """Insert the rows whose natural key is not taken yet; return {key: pk} for all the keys."""
    keys = [row[key] for row in rows]
    existing = set(model.objects.filter(**{f"{key}__in": keys}).values_list(key, flat=True))
    model.objects.bulk_create(
        [model(**row) for row in rows if row[key] not in existing], batch_size=BATCH_SIZE, ignore_conflicts=True
    )
    return dict(model.objects.filter(**{f"{key}__in": keys}).values_list(key, "pk"))


def _ensure_demo_people():
    """The five logins, with the demo password. Their flags are put back if someone changed them."""
    ids = {}
    for _role, email, name, job_role, flags in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "job_role": job_role, "date_joined": DEMO_JOINED, **flags}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        changed = [flag for flag, value in flags.items() if getattr(user, flag) != value]
        if changed:
            for flag in changed:
                setattr(user, flag, flags[flag])
            user.save(update_fields=changed)
        ids[email] = user.pk
    return ids


def _load_meetings(plan, network_ids, user_ids):
    """The meetings, keyed by (network, number), and what hangs from them.

    Attendance, answers and notes are added only to meetings that are still as the plan made them
    (same title and start): a meeting someone changed in the running portal is theirs.
    """
    ids = [network_ids[row["slug"]] for row in plan.networks if row["slug"] in network_ids]
    shift = meeting_shift()
    plan = replace(
        plan,
        meetings=[
            {**row, "starts_at": row["starts_at"] + shift, "ends_at": row["ends_at"] + shift} for row in plan.meetings
        ],
        attendance=[{**row, "recorded_at": row["recorded_at"] + shift} for row in plan.attendance],
        rsvps=[{**row, "answered_at": row["answered_at"] + shift} for row in plan.rsvps],
        notes=[{**row, "created_at": row["created_at"] + shift} for row in plan.notes],
    )

    def key(row):
        return network_ids.get(row["network"]), row["number"]

    existing = set(Meeting.objects.filter(network_id__in=ids).values_list("network_id", "number"))
    new_meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                **{k: v for k, v in row.items() if k not in ("network", "created_by")},
                network_id=key(row)[0],
                created_by_id=user_ids.get(row["created_by"]),
            )
            for row in plan.meetings
            if key(row)[0] is not None and key(row) not in existing
        ],
        batch_size=BATCH_SIZE,
    )
    planned = {key(row): (row["title"], row["starts_at"]) for row in plan.meetings}
    meeting_ids = {
        (network_id, number): pk
        for network_id, number, pk, title, starts_at in Meeting.objects.filter(network_id__in=ids).values_list(
            "network_id", "number", "pk", "title", "starts_at"
        )
        if planned.get((network_id, number)) == (title, starts_at)
    }
    membership_ids = {
        (network_id, user_id, joined_on): pk
        for network_id, user_id, joined_on, pk in Membership.objects.filter(network_id__in=ids).values_list(
            "network_id", "user_id", "joined_on", "pk"
        )
    }

    attendance = []
    for row in plan.attendance:
        meeting_id = meeting_ids.get(key(row))
        membership_id = membership_ids.get((key(row)[0], user_ids.get(row["email"]), row["joined_on"]))
        if meeting_id and membership_id:
            attendance.append(
                Attendance(
                    meeting_id=meeting_id,
                    membership_id=membership_id,
                    present=row["present"],
                    recorded_by_id=user_ids.get(row["recorded_by"]),
                    recorded_at=row["recorded_at"],
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE, ignore_conflicts=True)

    Rsvp.objects.bulk_create(
        [
            Rsvp(
                meeting_id=meeting_ids[key(row)],
                user_id=user_ids[row["email"]],
                answer=row["answer"],
                comment=row["comment"],
                answered_at=row["answered_at"],
            )
            for row in plan.rsvps
            if key(row) in meeting_ids and row["email"] in user_ids
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )

    written = set(
        Note.objects.filter(meeting_id__in=meeting_ids.values()).values_list("meeting_id", "author_id", "title")
    )
    notes = []
    for row in plan.notes:
        meeting_id, author_id = meeting_ids.get(key(row)), user_ids.get(row["author"])
        if meeting_id and author_id and (meeting_id, author_id, row["title"]) not in written:
            notes.append(
                Note(
                    meeting_id=meeting_id,
                    author_id=author_id,
                    title=row["title"],
                    body=row["body"],
                    is_confidential=row["is_confidential"],
                    created_at=row["created_at"],
                    updated_at=row["created_at"],
                )
            )
    Note.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    NoteRevision.objects.bulk_create(
        [
            NoteRevision(
                note=note,
                editor_id=note.author_id,
                title=note.title,
                body=note.body,
                is_confidential=note.is_confidential,
                saved_at=note.created_at,
            )
            for note in notes
        ],
        batch_size=BATCH_SIZE,
    )
    # Inserted in bulk, past the services: rendered and indexed for search as the services would.
    store_rendered_text(meetings=new_meetings, notes=notes)


@transaction.atomic
def load():
    """Write the demo data; insert only what is missing. Returns the counts for the summary line."""
    plan = build_plan()
    user_ids = _ensure_demo_people()
    region_ids = _insert_missing(Region, "slug", plan.regions)
    theme_ids = _insert_missing(Theme, "slug", plan.themes)
    board_ids = _insert_missing(
        Board, "number", [{k: board[k] for k in ("number", "name", "city")} for board in plan.boards]
    )
    school_ids = _insert_missing(
        School,
        "brin",
        [
            {
                "brin": s["brin"],
                "name": s["name"],
                "city": s["city"],
                "levels": s["levels"],
                "region_id": region_ids[s["region"]],
                "board_id": board_ids[s["board"]],
            }
            for s in plan.schools
        ],
    )
    user_ids |= _insert_missing(User, "email", plan.people)

    through = Region.coordinators.through
    through.objects.bulk_create(
        [through(region_id=region_ids[region], user_id=user_ids[email]) for region, email in plan.region_coordinators],
        ignore_conflicts=True,
    )

    network_ids = _insert_missing(
        Network,
        "slug",
        [
            {
                **{k: v for k, v in row.items() if k not in ("region", "theme", "board", "created_by")},
                "region_id": region_ids[row["region"]],
                "theme_id": theme_ids[row["theme"]],
                "board_id": board_ids[row["board"]] if row["board"] else None,
                "created_by_id": user_ids[row["created_by"]],
            }
            for row in plan.networks
        ],
    )
    existing = set(
        Membership.objects.filter(network_id__in=network_ids.values()).values_list("network_id", "user_id", "joined_on")
    )
    new = []
    for row in plan.memberships:
        network_id = network_ids.get(row["network"])
        user_id = user_ids.get(row["email"])
        if network_id is None or user_id is None or (network_id, user_id, row["joined_on"]) in existing:
            continue
        new.append(
            Membership(
                network_id=network_id,
                user_id=user_id,
                role=row["role"],
                school_id=school_ids[row["school"]] if row["school"] else None,
                committed_to_attend=row["committed_to_attend"],
                joined_on=row["joined_on"],
                left_on=row["left_on"],
            )
        )
    Membership.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
    _load_meetings(plan, network_ids, user_ids)
    return {
        "regions": Region.objects.count(),
        "networks": Network.objects.count(),
        "schools": School.objects.count(),
        "people": User.objects.count(),
        "meetings": Meeting.objects.count(),
    }
