"""The words of the demo data: names of people, schools, boards and places, the themes, learning
questions, meeting programmes, notes and answers. Only text and the shapes that hold it; which of them
the demo uses, and how often, is decided in `demo.plan`.

Everything is made up: people, schools, boards and their numbers.
"""

from dataclasses import dataclass


def _split(text):
    """A word list written as one string: items separated by commas and line breaks."""
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


# The towns of each region: boards and schools take their city from these.
CITIES = {
    "Noord": _split("""Groningen, Leeuwarden, Assen, Emmen, Drachten, Sneek, Heerenveen, Hoogezand, Veendam, Delfzijl,
            Meppel, Hoogeveen, Winschoten, Stadskanaal, Dokkum, Franeker"""),
    "Noordwest": _split("""Amsterdam, Haarlem, Alkmaar, Hoorn, Den Helder, Zaandam, Purmerend, Heerhugowaard, Beverwijk,
            Hilversum, Enkhuizen, Schagen, Heemskerk, Bussum, Amstelveen"""),
    "Oost": _split("""Zwolle, Enschede, Hengelo, Almelo, Deventer, Apeldoorn, Arnhem, Nijmegen, Doetinchem,
            Winterswijk, Zutphen, Oldenzaal, Ede, Harderwijk, Kampen, Hardenberg"""),
    "Midden": _split("""Utrecht, Amersfoort, Nieuwegein, Zeist, Veenendaal, Houten, Woerden, IJsselstein, Almere,
            Lelystad, Soest, Baarn, Maarssen, Barneveld, Emmeloord"""),
    "West": _split("""Den Haag, Leiden, Delft, Zoetermeer, Gouda, Alphen aan den Rijn, Rijswijk, Naaldwijk, Katwijk,
            Noordwijk, Wassenaar, Voorburg, Lisse, Leiderdorp"""),
    "Zuidwest": _split("""Rotterdam, Dordrecht, Schiedam, Vlaardingen, Spijkenisse, Capelle aan den IJssel, Gorinchem,
            Middelburg, Vlissingen, Goes, Terneuzen, Zierikzee, Hellevoetsluis, Ridderkerk"""),
    "Zuid": _split("""Breda, Tilburg, 's-Hertogenbosch, Roosendaal, Bergen op Zoom, Oosterhout, Waalwijk, Oss, Uden,
            Boxtel, Etten-Leur, Dongen, Veghel, Vught"""),
    "Zuidoost": _split("""Eindhoven, Helmond, Venlo, Roermond, Maastricht, Heerlen, Sittard, Weert, Geleen, Kerkrade,
            Veldhoven, Deurne, Venray, Valkenswaard"""),
}

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

# One learning question per network, in the order of plan.NETWORKS within each theme.
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


# --- Meetings: programmes, notes and answers ---------------------------------------------------------


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


# --- The lifecycle: why networks stopped, and what members said when deciding ---------------------------

# Why a network stopped when its supported phase ended (the magazine's 24%).
STOP_REASONS = [
    "De scholen hebben geen budget om de procesbegeleider zelf te betalen, en niemand uit de groep neemt de rol op.",
    "De leervraag is beantwoord: de scholen gaan ieder op eigen school verder met wat ze geleerd hebben.",
    "Te weinig scholen willen doorgaan: drie van de acht gaven aan geen tijd meer vrij te kunnen maken.",
    "De besturen starten een eigen regionale werkgroep; daar gaan de deelnemers in op.",
    "Door wisselingen in de schoolleiding ontbreekt de trekker; we stoppen liever dan half door te gaan.",
    "Het netwerk past niet meer bij de prioriteiten van de scholen na de fusie.",
    "We hebben gedaan wat we wilden; een vervolg met een nieuwe leervraag starten we misschien later.",
    "De bijeenkomsten werden steeds slechter bezocht; zonder begeleiding houden we het niet vol.",
    "De scholen kiezen voor een ander professionaliseringstraject dit schooljaar.",
]
# The network of the magazine that faded after two meetings, in the words of its lessons.
FADED_REASON = (
    "Na twee bijeenkomsten uitgedoofd: er was geen datum te vinden voor de volgende bijeenkomst, de groep was "
    "elke keer deels nieuw, de achtergronden liepen ver uiteen en niet iedereen had zich vastgelegd om alle "
    "bijeenkomsten te komen."
)
INTENTION_STOPPED_REASON = "Het plan om door te gaan is er niet van gekomen: er is geen nieuwe trekker gevonden."
INTENTION_CONTINUED_REASON = "We zijn doorgegaan: een teamleider van een van de scholen zit de bijeenkomsten nu voor."
VIEW_COMMENTS = {
    "continue": ["", "", "Graag, met dezelfde groep.", "Ja, maar dan drie keer per jaar.", "Onze school betaalt mee."],
    "stop": ["", "Ik heb er volgend jaar geen tijd voor.", "Voor onze school is de leervraag beantwoord."],
    "undecided": ["", "Ik overleg eerst met mijn directeur.", "Hangt af van wie de begeleiding doet."],
}


# --- Evaluations: what members wrote under "are we getting wiser, in a way that suits us?" ---------------

# By how the meeting went for them: the overall score decides which list a comment comes from.
EVALUATION_COMMENTS = {
    "positive": [
        "Fijn dat we een echte casus van een school uitwerkten; daar kan ik morgen mee aan de slag.",
        "De gastspreker sloot goed aan bij onze leervraag. Graag vaker zo concreet.",
        "Eindelijk tijd om rustig door te praten met collega's van andere scholen.",
        "Het huiswerk van vorige keer kwam goed terug; zo merk je dat we samen verder komen.",
        "Goede vragen bij de intervisie, ik ga met een andere blik terug naar mijn team.",
        "Ja, we worden wijzer: ik hoor nu dingen van andere scholen die ik zelf nooit had bedacht.",
        "Strakke tijdsbewaking en toch ruimte voor ieders vraag. Complimenten aan de begeleider.",
        "De werkvorm met de SWOT hielp om onze plannen scherp te krijgen.",
    ],
    "mixed": [
        "Inhoudelijk goed, maar we liepen uit en de afspraken voor de volgende keer kwamen in de knel.",
        "Interessant, al was het voor onze school minder herkenbaar dan voor de grote scholen.",
        "Nuttig, maar ik miste de collega's die zich wel hadden aangemeld.",
        "Graag de stukken wat eerder, dan kan ik me beter voorbereiden.",
        "De inleiding was lang; het gesprek daarna leverde meer op.",
        "Goede bijeenkomst, maar ik weet nog niet goed wat ik er op school mee ga doen.",
    ],
    "critical": [
        "We praten veel, maar ik mis wat we er als scholen concreet mee doen.",
        "Te weinig mensen aanwezig om echt van elkaar te leren.",
        "De leervraag raakte vandaag uit beeld; laten we volgende keer terug naar waar we mee begonnen.",
        "Voor mij te algemeen. Liever een casus uit de praktijk dan een presentatie.",
    ],
}
