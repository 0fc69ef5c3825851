"""England's local authorities and their DfE local authority (LA) codes, and
the places outside England a child can move to, as data: the "moved to
another local authority" closure of a CME enquiry records one of them
(casework, `Episode.moved_to`).

Source: the Department for Education's three-digit LA codes, as used in Get
Information About Schools and the school census ("LA (code)"), for the 153
local authorities in England from April 2023. Changes since the codes were
first set, reflected here:

- April 2019: Dorset (838) replaced Dorset (835), and Bournemouth,
  Christchurch and Poole (839) replaced Bournemouth (837) and Poole (836);
- April 2021: Northamptonshire (928) was split into North Northamptonshire
  (940) and West Northamptonshire (941);
- April 2023: Cumbria (909) was split into Cumberland (942) and Westmorland
  and Furness (943).

The `LocalAuthority` rows (establishments/models.py) are loaded from this
data by a migration; the closure forms use `choices()` and pages look codes
up in `BY_CODE`, which also holds the places outside England.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    name: str
    # False for the destinations outside England, which have no DfE code.
    in_england: bool = True

    @property
    def label(self) -> str:
        """How a page names it: "Rutland (857)", or "Wales"."""
        return f"{self.name} ({self.code})" if self.in_england else self.name


# The 153 local authorities in England, by DfE LA code.
ENGLISH_LOCAL_AUTHORITIES: tuple[LocalAuthority, ...] = (
    LocalAuthority("201", "City of London"),
    LocalAuthority("202", "Camden"),
    LocalAuthority("203", "Greenwich"),
    LocalAuthority("204", "Hackney"),
    LocalAuthority("205", "Hammersmith and Fulham"),
    LocalAuthority("206", "Islington"),
    LocalAuthority("207", "Kensington and Chelsea"),
    LocalAuthority("208", "Lambeth"),
    LocalAuthority("209", "Lewisham"),
    LocalAuthority("210", "Southwark"),
    LocalAuthority("211", "Tower Hamlets"),
    LocalAuthority("212", "Wandsworth"),
    LocalAuthority("213", "Westminster"),
    LocalAuthority("301", "Barking and Dagenham"),
    LocalAuthority("302", "Barnet"),
    LocalAuthority("303", "Bexley"),
    LocalAuthority("304", "Brent"),
    LocalAuthority("305", "Bromley"),
    LocalAuthority("306", "Croydon"),
    LocalAuthority("307", "Ealing"),
    LocalAuthority("308", "Enfield"),
    LocalAuthority("309", "Haringey"),
    LocalAuthority("310", "Harrow"),
    LocalAuthority("311", "Havering"),
    LocalAuthority("312", "Hillingdon"),
    LocalAuthority("313", "Hounslow"),
    LocalAuthority("314", "Kingston upon Thames"),
    LocalAuthority("315", "Merton"),
    LocalAuthority("316", "Newham"),
    LocalAuthority("317", "Redbridge"),
    LocalAuthority("318", "Richmond upon Thames"),
    LocalAuthority("319", "Sutton"),
    LocalAuthority("320", "Waltham Forest"),
    LocalAuthority("330", "Birmingham"),
    LocalAuthority("331", "Coventry"),
    LocalAuthority("332", "Dudley"),
    LocalAuthority("333", "Sandwell"),
    LocalAuthority("334", "Solihull"),
    LocalAuthority("335", "Walsall"),
    LocalAuthority("336", "Wolverhampton"),
    LocalAuthority("340", "Knowsley"),
    LocalAuthority("341", "Liverpool"),
    LocalAuthority("342", "St Helens"),
    LocalAuthority("343", "Sefton"),
    LocalAuthority("344", "Wirral"),
    LocalAuthority("350", "Bolton"),
    LocalAuthority("351", "Bury"),
    LocalAuthority("352", "Manchester"),
    LocalAuthority("353", "Oldham"),
    LocalAuthority("354", "Rochdale"),
    LocalAuthority("355", "Salford"),
    LocalAuthority("356", "Stockport"),
    LocalAuthority("357", "Tameside"),
    LocalAuthority("358", "Trafford"),
    LocalAuthority("359", "Wigan"),
    LocalAuthority("370", "Barnsley"),
    LocalAuthority("371", "Doncaster"),
    LocalAuthority("372", "Rotherham"),
    LocalAuthority("373", "Sheffield"),
    LocalAuthority("380", "Bradford"),
    LocalAuthority("381", "Calderdale"),
    LocalAuthority("382", "Kirklees"),
    LocalAuthority("383", "Leeds"),
    LocalAuthority("384", "Wakefield"),
    LocalAuthority("390", "Gateshead"),
    LocalAuthority("391", "Newcastle upon Tyne"),
    LocalAuthority("392", "North Tyneside"),
    LocalAuthority("393", "South Tyneside"),
    LocalAuthority("394", "Sunderland"),
    LocalAuthority("420", "Isles of Scilly"),
    LocalAuthority("800", "Bath and North East Somerset"),
    LocalAuthority("801", "Bristol"),
    LocalAuthority("802", "North Somerset"),
    LocalAuthority("803", "South Gloucestershire"),
    LocalAuthority("805", "Hartlepool"),
    LocalAuthority("806", "Middlesbrough"),
    LocalAuthority("807", "Redcar and Cleveland"),
    LocalAuthority("808", "Stockton-on-Tees"),
    LocalAuthority("810", "Kingston upon Hull"),
    LocalAuthority("811", "East Riding of Yorkshire"),
    LocalAuthority("812", "North East Lincolnshire"),
    LocalAuthority("813", "North Lincolnshire"),
    LocalAuthority("815", "North Yorkshire"),
    LocalAuthority("816", "York"),
    LocalAuthority("821", "Luton"),
    LocalAuthority("822", "Bedford"),
    LocalAuthority("823", "Central Bedfordshire"),
    LocalAuthority("825", "Buckinghamshire"),
    LocalAuthority("826", "Milton Keynes"),
    LocalAuthority("830", "Derbyshire"),
    LocalAuthority("831", "Derby"),
    LocalAuthority("838", "Dorset"),
    LocalAuthority("839", "Bournemouth, Christchurch and Poole"),
    LocalAuthority("840", "County Durham"),
    LocalAuthority("841", "Darlington"),
    LocalAuthority("845", "East Sussex"),
    LocalAuthority("846", "Brighton and Hove"),
    LocalAuthority("850", "Hampshire"),
    LocalAuthority("851", "Portsmouth"),
    LocalAuthority("852", "Southampton"),
    LocalAuthority("855", "Leicestershire"),
    LocalAuthority("856", "Leicester"),
    LocalAuthority("857", "Rutland"),
    LocalAuthority("860", "Staffordshire"),
    LocalAuthority("861", "Stoke-on-Trent"),
    LocalAuthority("865", "Wiltshire"),
    LocalAuthority("866", "Swindon"),
    LocalAuthority("867", "Bracknell Forest"),
    LocalAuthority("868", "Windsor and Maidenhead"),
    LocalAuthority("869", "West Berkshire"),
    LocalAuthority("870", "Reading"),
    LocalAuthority("871", "Slough"),
    LocalAuthority("872", "Wokingham"),
    LocalAuthority("873", "Cambridgeshire"),
    LocalAuthority("874", "Peterborough"),
    LocalAuthority("876", "Halton"),
    LocalAuthority("877", "Warrington"),
    LocalAuthority("878", "Devon"),
    LocalAuthority("879", "Plymouth"),
    LocalAuthority("880", "Torbay"),
    LocalAuthority("881", "Essex"),
    LocalAuthority("882", "Southend-on-Sea"),
    LocalAuthority("883", "Thurrock"),
    LocalAuthority("884", "Herefordshire"),
    LocalAuthority("885", "Worcestershire"),
    LocalAuthority("886", "Kent"),
    LocalAuthority("887", "Medway"),
    LocalAuthority("888", "Lancashire"),
    LocalAuthority("889", "Blackburn with Darwen"),
    LocalAuthority("890", "Blackpool"),
    LocalAuthority("891", "Nottinghamshire"),
    LocalAuthority("892", "Nottingham"),
    LocalAuthority("893", "Shropshire"),
    LocalAuthority("894", "Telford and Wrekin"),
    LocalAuthority("895", "Cheshire East"),
    LocalAuthority("896", "Cheshire West and Chester"),
    LocalAuthority("908", "Cornwall"),
    LocalAuthority("916", "Gloucestershire"),
    LocalAuthority("919", "Hertfordshire"),
    LocalAuthority("921", "Isle of Wight"),
    LocalAuthority("925", "Lincolnshire"),
    LocalAuthority("926", "Norfolk"),
    LocalAuthority("929", "Northumberland"),
    LocalAuthority("931", "Oxfordshire"),
    LocalAuthority("933", "Somerset"),
    LocalAuthority("935", "Suffolk"),
    LocalAuthority("936", "Surrey"),
    LocalAuthority("937", "Warwickshire"),
    LocalAuthority("938", "West Sussex"),
    LocalAuthority("940", "North Northamptonshire"),
    LocalAuthority("941", "West Northamptonshire"),
    LocalAuthority("942", "Cumberland"),
    LocalAuthority("943", "Westmorland and Furness"),
)

# Where a child can go outside England. Wales, Scotland and Northern Ireland
# have their own authorities responsible for education; a child who moved
# abroad has none in England to tell.
OUTSIDE_ENGLAND: tuple[LocalAuthority, ...] = (
    LocalAuthority("wales", "Wales", in_england=False),
    LocalAuthority("scotland", "Scotland", in_england=False),
    LocalAuthority("northern_ireland", "Northern Ireland", in_england=False),
    LocalAuthority("abroad", "Outside the UK (abroad)", in_england=False),
)

ALL: tuple[LocalAuthority, ...] = ENGLISH_LOCAL_AUTHORITIES + OUTSIDE_ENGLAND
BY_CODE: dict[str, LocalAuthority] = {authority.code: authority for authority in ALL}


def is_this_authority(code: str) -> bool:
    """Whether `code` is one of the codes of the local authority running the
    service (the LA_CODES setting): a child cannot move "to another local
    authority" that is this one."""
    return code in settings.LA_CODES


def destinations() -> list[LocalAuthority]:
    """Every destination a child can move to from this local authority: the
    other English authorities by name, then the places outside England."""
    english = sorted(
        (la for la in ENGLISH_LOCAL_AUTHORITIES if not is_this_authority(la.code)),
        key=lambda la: la.name,
    )
    return [*english, *OUTSIDE_ENGLAND]


def choices() -> list:
    """Choices for a select, grouped: the other local authorities in England,
    then outside England (Django renders each group as an <optgroup>)."""
    english = [(la.code, la.label) for la in destinations() if la.in_england]
    outside = [(la.code, la.label) for la in OUTSIDE_ENGLAND]
    return [("Local authorities in England", english), ("Outside England", outside)]
