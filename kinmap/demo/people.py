"""Synthetic people for the demo council: names, places and facts that are plausible and never real.

Names come from Faker's en_GB provider. Everything that could point at a real person or place is
made unreal on purpose: towns are invented ("Dem-" names in the fictional county of Demoshire),
postcodes use the area letters DM (not a UK postcode area), phone numbers are in Ofcom's range kept
for drama (07700 900000 to 900999) and email addresses use the reserved example.com domain.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

COUNCIL_NAME = "Demoshire"
TOWNS = ("Demford", "Demchester", "Demsworth", "Demley Bridge", "Upper Demsley", "Demouth")
NORTH_TOWNS = frozenset(TOWNS[:3])
STREET_KINDS = (
    "Road",
    "Street",
    "Avenue",
    "Close",
    "Terrace",
    "Lane",
    "Crescent",
    "Drive",
    "Grove",
    "Gardens",
    "Way",
    "Court",
    "Walk",
    "Row",
)
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the last two places

# Census 2021 ethnic groups, weighted roughly like a county in the north of England.
ETHNICITIES = (
    ("White: English, Welsh, Scottish, Northern Irish or British", 78),
    ("White: Irish", 1),
    ("White: Gypsy or Irish Traveller", 1),
    ("White: Roma", 1),
    ("White: Other White", 5),
    ("Mixed: White and Black Caribbean", 2),
    ("Mixed: White and Asian", 2),
    ("Mixed: White and Black African", 1),
    ("Asian or Asian British: Pakistani", 3),
    ("Asian or Asian British: Bangladeshi", 1),
    ("Asian or Asian British: Indian", 1),
    ("Black, Black British, Caribbean or African: African", 2),
    ("Other ethnic group: Arab", 1),
    ("Not stated", 1),
)
# First languages other than English, by ethnic group (the rest speak English).
LANGUAGES = {
    "White: Other White": ("Polish", "Romanian", "Lithuanian", "Portuguese", "Ukrainian"),
    "White: Roma": ("Romanian", "Slovak"),
    "Asian or Asian British: Pakistani": ("Urdu", "Punjabi"),
    "Asian or Asian British: Bangladeshi": ("Bengali", "Sylheti"),
    "Asian or Asian British: Indian": ("Punjabi", "Gujarati"),
    "Black, Black British, Caribbean or African: African": ("Somali", "Tigrinya", "Arabic"),
    "Other ethnic group: Arab": ("Arabic", "Kurdish"),
}
# Families with no recourse to public funds are mostly people who came to the UK as adults.
NRPF_ETHNICITIES = (
    "Black, Black British, Caribbean or African: African",
    "Other ethnic group: Arab",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: Bangladeshi",
    "White: Other White",
)

CHILD_DISABILITIES = (
    "Autism; finds changes to routine very hard",
    "Cerebral palsy; uses a wheelchair",
    "Learning disability",
    "Deaf; uses British Sign Language",
    "ADHD",
    "Down's syndrome",
    "Epilepsy and global developmental delay",
    "Visual impairment",
    "Autism and a learning disability; does not use speech, uses PECS",
)
ADULT_DISABILITIES = (
    "Depression and anxiety",
    "Mobility impairment; uses a stick",
    "Learning disability",
    "Hearing impairment",
    "Chronic pain",
)
CONTACT_TIMES = (
    "Weekday mornings before 11",
    "After 3pm, once the children are home",
    "Any time on weekdays",
    "Not on Fridays",
    "Evenings after 6pm",
    "Tuesdays and Thursdays",
    "Mornings only; works afternoons",
)
CONTACT_NOTES = (
    "Prefers a text first so she knows who is calling",
    "Does not open post from the council; text or call instead",
    "Works shifts: check the rota before arranging visits",
    "Phone is sometimes off: leave a message with his mum",
    "Likes information in writing after every meeting",
    "Please use plain words; reading is hard",
    "Call rather than text",
)
SAFETY_JOBS = (
    "Takes {child} to school on Monday and Wednesday mornings and checks in with the teacher",
    "Has {child} to stay every other weekend so the family gets a rest",
    "Phones every evening at 6pm to check everyone is OK",
    "Is the person {child} calls if things get loud at home",
    "Keeps a spare key and comes round straight away if the plan says so",
    "Comes to every network meeting and reads the plan with the family",
    "Checks the cupboards on Sundays and helps with the shopping",
    "Picks {child} up from school on Tuesdays and Thursdays",
    "Looks after {child} if mum needs to go into hospital",
    "Texts a thumbs-up every night once {child} is in bed",
)
SUPPORT_JOBS = (
    "Helps with homework on Wednesdays",
    "Takes {child} to football practice on Saturdays",
    "Pops round for a cup of tea most days",
    "Helps mum fill in forms and get to appointments",
    "Looks after the dog when the family needs it",
)
PROFESSIONS = (
    ("Designated safeguarding lead", "school"),
    ("Class teacher", "school"),
    ("Health visitor", "Demoshire Community Health"),
    ("School nurse", "Demoshire Community Health"),
    ("GP", "surgery"),
    ("Police officer", "Demoshire Police"),
    ("Midwife", "Demoshire Hospitals"),
    ("Youth worker", "Demoshire Youth Service"),
    ("Mental health practitioner", "Demoshire Children's Mental Health Service"),
    ("Housing officer", "Demoshire Homes"),
    ("Drug and alcohol worker", "Demoshire Recovery Service"),
    ("Domestic abuse support worker", "Demoshire Women's Aid"),
)


@dataclass(frozen=True)
class Address:
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str


class PeopleMaker:
    """Deterministic synthetic facts from one seed: the same seed gives the same people."""

    def __init__(self, *, seed: int) -> None:
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed * 7919 + 1)
        self._ethnicities = [e for e, _ in ETHNICITIES]
        self._ethnicity_weights = [w for _, w in ETHNICITIES]

    def surname(self) -> str:
        return self.fake.last_name()

    def first_name(self, sex: str) -> str:
        return self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()

    def sex(self) -> str:
        return "F" if self.rng.random() < 0.5 else "M"

    def address(self, *, town: str | None = None) -> Address:
        town = town or self.rng.choice(TOWNS)
        district = TOWNS.index(town) + 1
        street = f"{self.fake.last_name()} {self.rng.choice(STREET_KINDS)}"
        number = self.rng.randint(1, 180)
        line_1 = f"{number} {street}"
        line_2 = ""
        if self.rng.random() < 0.2:
            line_1, line_2 = f"Flat {self.rng.randint(1, 24)}", f"{number} {street}"
        postcode = (
            f"DM{district} {self.rng.randint(1, 9)}"
            f"{self.rng.choice(POSTCODE_UNIT_LETTERS)}{self.rng.choice(POSTCODE_UNIT_LETTERS)}"
        )
        return Address(line_1, line_2, town, postcode)

    def ethnicity(self, *, nrpf: bool = False) -> str:
        if nrpf:
            return self.rng.choice(NRPF_ETHNICITIES)
        return self.rng.choices(self._ethnicities, self._ethnicity_weights)[0]

    def language(self, ethnicity: str, *, adult: bool, nrpf: bool = False) -> tuple[str, bool]:
        """First language and whether an interpreter is needed."""
        options = LANGUAGES.get(ethnicity)
        born_abroad = nrpf or self.rng.random() < (0.7 if adult else 0.3)
        if not options or not born_abroad:
            return "English", False
        return self.rng.choice(options), adult and self.rng.random() < (0.8 if nrpf else 0.45)

    def phone(self) -> str:
        return f"07700 900{self.rng.randint(0, 999):03d}"

    def email(self, first: str, last: str) -> str:
        return (
            f"{first}.{last}{self.rng.randint(1, 99)}@example.com".lower().replace(" ", "").replace("'", "")
        )

    def contact_preferences(self, *, interpreter: bool, language: str) -> dict:
        method = self.rng.choices(("phone", "text", "email", "letter", "visit"), (40, 35, 10, 5, 10))[0]
        notes = self.rng.choice(CONTACT_NOTES) if self.rng.random() < 0.5 else ""
        if interpreter:
            notes = f"Needs a {language} interpreter for calls and meetings"
        return {
            "contact_method": method,
            "contact_times": self.rng.choice(CONTACT_TIMES),
            "contact_notes": notes,
        }

    def profession(self, *, towns: tuple[str, ...] = TOWNS) -> tuple[str, str]:
        job, organisation = self.rng.choice(PROFESSIONS)
        if organisation == "school":
            organisation = (
                f"{self.rng.choice(towns)} {self.rng.choice(('Primary', 'Academy', 'High'))} School"
            )
        elif organisation == "surgery":
            organisation = f"{self.rng.choice(towns)} Medical Practice"
        return job, organisation
