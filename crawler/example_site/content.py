"""The words of the example site: deterministic titles, article text, people and comments.

Everything is drawn from the build's seeded ``random.Random``, so a seed always gives the same
text; the order of the draws is part of the output.
"""

from __future__ import annotations

import random
import re

_PLACES = (
    "Millbrook", "North Quay", "Eastfield", "Cedar Falls", "Port Alden", "Greystone",
    "Willow Bend", "Lakemont", "Oakridge", "Stonebridge", "Fairhaven", "Brightwater",
    "Kingsford", "Ashby", "Redcliff", "Marlow Point", "Elmstead", "Southgate", "Hollins Creek",
    "Westmere", "Copper Hill", "Dunmore", "Belhaven", "Larkspur",
)  # fmt: skip
_THINGS = (
    "Bus Depot", "Public Library", "Water Treatment Plant", "Ferry Terminal", "Community Pool",
    "Rail Station", "Market Hall", "Sports Park", "Hospital Wing", "Flood Barrier",
    "Cycle Path", "Fire Station", "Harbor Bridge", "Solar Farm", "Seawall", "Tram Line",
    "Recycling Center", "Youth Center",
)  # fmt: skip
_ORGS = (
    ("City Council", "the city council"),
    ("Port Authority", "the port authority"),
    ("Transit Authority", "the regional transit authority"),
    ("School Board", "the county school board"),
    ("Water Utility", "the water utility"),
    ("Planning Commission", "the planning commission"),
)
_TITLES = (
    "{Place} Council Approves Plan to Rebuild the {Thing}",
    "Residents of {Place} Question Delays at the {Thing}",
    "{Place} Opens New {Thing} After Years of Planning",
    "Costs Rise Again for the {Thing} Project in {Place}",
    "Inspectors Find Cracks in the {Place} {Thing}",
    "{Org} Backs Expansion of the {Thing} in {Place}",
    "Flooding Forces Closure of the {Thing} in {Place}",
    "Survey Shows Support for a New {Thing} in {Place}",
    "{Place} Businesses Wait for Answers on {Thing} Plan",
    "State Grant Brings {Thing} Upgrade in {Place} Closer",
    "Neighbors Push Back Against {Thing} Plan in {Place}",
    "What the {Thing} Vote Means for {Place}",
)
_SENTENCES = (
    "{Org} voted {votes} on {weekday} to approve the plan, which has been debated since {year}.",
    "The project is expected to cost about {amount}, according to figures released by {org}.",
    '"We have waited long enough for this," said {person}, who has followed the issue for years.',
    "Critics argue that the timetable is unrealistic and that the budget leaves little room for"
    " unexpected costs.",
    "Residents of {place} packed a public meeting on {weekday} evening, and many of them left"
    " without getting a chance to speak.",
    "According to a report published in {month}, the number of {stat} in {place} rose by {pct}"
    " percent over the past {n} years.",
    "{Person} said the first phase of the work on the {thing} could begin as early as next"
    " spring if the remaining permits are approved.",
    "Engineers who inspected the {thing} found cracks in the foundations and recommended that"
    " parts of it be closed until repairs are finished.",
    "The decision follows months of negotiations between {org} and local business owners, who"
    " feared a drop in customers during construction.",
    "Officials in {place2} are watching the outcome closely, since they face a similar problem"
    " with their own {thing}.",
    "A spokesperson for {org} declined to comment on the details but said a full statement"
    " would be published later this week.",
    "Supporters of the plan say it will create around {jobs} jobs and bring new life to a part"
    " of town that has been neglected for decades.",
    "{Expert} said the numbers were encouraging but warned against drawing firm conclusions"
    " from a single year of data.",
    "Traffic on the main road through {place} has grown steadily, and commuters now spend an"
    " average of {n} minutes more on the trip than they did five years ago.",
    "The last comparable project in the region, in {place2}, ran two years over schedule and"
    " ended up costing almost twice the original estimate.",
    "Local schools will be asked to take part in a pilot program that starts in the autumn and"
    " runs until the end of the next school year.",
    "Some of the funding will come from a state grant, while the rest is to be covered by a"
    " small increase in local fees.",
    '"Nobody here is against progress, but we want to be heard before the decisions are made,"'
    " said {resident}, who has lived in {place} for {n} years.",
    "The council also agreed to publish monthly progress reports so that residents can follow"
    " how the money is spent.",
    "Environmental groups welcomed the announcement but asked for an independent review of the"
    " impact on the river and the wetlands nearby.",
    "Work on the {thing} was halted last winter after heavy rain flooded the site and damaged"
    " equipment worth several hundred thousand dollars.",
    "The proposal will now go to a second reading, where amendments can still be made before a"
    " final vote in {month}.",
    "Business owners along the waterfront said they had seen fewer visitors this season and"
    " hoped the changes would bring them back.",
    "A survey commissioned by {org} found that {pct} percent of respondents supported the plan,"
    " while a quarter were opposed and the rest were undecided.",
    "Under the agreement, the contractor must finish the main structure within {n} months or"
    " pay a penalty for every week of delay.",
    "{Person} promised that the public would have a say in the final design and that no homes"
    " would be demolished to make room for the {thing}.",
    "Data from the regional statistics office show that the population of {place} has grown by"
    " nearly {pct} percent since {year}.",
    "Several neighbors said they first learned about the plan from a notice taped to a lamppost"
    " rather than from the city itself.",
    "The next public hearing is scheduled for {weekday}, {month} {day}, at the community center"
    " on Mill Street.",
    "Experts say that projects of this kind often take longer than planned because of disputes"
    " over land and rising material costs.",
)
_COMMENTS = (
    "I drive past the {thing} every morning and nothing has changed in months.",
    "Who is going to pay for all of this? Not the people who voted for it, that much is certain.",
    "Good news for once. My kids might get to use it before they grow up.",
    "The article leaves out that the same plan was rejected in {year}.",
    "Thanks for covering this. The other papers ignored the meeting completely.",
    "I was at the hearing on {weekday} and the room was full of people who were against it.",
    "Does anyone know if the road will stay open while the work is going on?",
    "Same story as the {thing} in {place2}. Over budget and years late.",
    "We moved to {place} for the quiet, and now this.",
    "Finally! This should have been done ten years ago.",
    "{n} months of construction sounds optimistic to me. Make it double.",
    "My neighbor works on the site and says the crews are already short of people.",
    "Please keep following this story, the council will not tell us anything.",
    "It is easy to complain. Come to the meetings if you want to change something.",
    "The survey numbers look nothing like what I hear from people on my street.",
)
_REPLIES = (
    "Agreed, it was the same in {place2}.",
    "That is not what the report says. Read page four before you post.",
    "The road stays open, one lane each way. It was in the notice.",
    "You are right about the budget, but the old {thing} was falling apart.",
    "I was there too and I did not see it that way at all.",
    "Fair point. I had not thought about the fees.",
)
AUTHORS = (
    "Dana Whitfield", "Marcus Ellery", "Priya Raman", "Tom Haskins", "Ines Carvalho",
    "Owen Brady", "Lena Fischer", "Samuel Osei",
)  # fmt: skip
COMMENTERS = (
    "Joan Whitaker", "harborwatcher", "Luis Moreno", "Hannah Cole", "Peter Lindqvist",
    "Margaret O'Neill", "kayak_kev", "Ravi Menon", "Beth Anders", "old_millbrook",
    "Chris Dalton", "Nadia Petrova", "G. Holloway", "Frank Reyes", "tidewater",
)  # fmt: skip
_OFFICIALS = (
    "Mayor Elena Ruiz", "Councillor Mark Haddad", "Deputy Mayor Priya Nair",
    "Commissioner Ruth Okafor", "Harbor Master Ian Doyle", "Councillor Grace Lin",
)  # fmt: skip
_EXPERTS = (
    "Tomas Berg, an economist at Lakemont University,",
    "Amelia Ward, who studies urban planning at the state university,",
    "Daniel Kim, a transport consultant who advised the county in {year},",
)
_RESIDENTS = ("Joan Whitaker", "Luis Moreno", "Hannah Cole", "Peter Lindqvist", "Ada Morrow")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = ("January", "March", "April", "June", "September", "October", "December")
_STATS = ("commuters", "new businesses", "visitors", "households", "students")
_VOTES = ("7-2", "5-4", "6-3", "8-1")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Fills the text templates for one article from the build's random generator."""

    def __init__(self, rng: random.Random, place: str, thing: str, org: str) -> None:
        self.rng = rng
        self.slots = {
            "place": place,
            "thing": thing.lower(),
            "org": org,
            "place2": rng.choice([p for p in _PLACES if p != place]),
            "person": rng.choice(_OFFICIALS),
            "expert": rng.choice(_EXPERTS),
            "resident": rng.choice(_RESIDENTS),
        }

    def fill(self, template: str) -> str:
        rng = self.rng
        slots = {
            **self.slots,
            "weekday": rng.choice(_WEEKDAYS),
            "month": rng.choice(_MONTHS),
            "day": str(rng.randint(2, 28)),
            "year": str(rng.randint(2009, 2022)),
            "n": str(rng.randint(3, 18)),
            "jobs": str(rng.randint(4, 30) * 10),
            "pct": str(rng.randint(6, 64)),
            "amount": f"${rng.randint(2, 90)}.{rng.randint(1, 9)} million",
            "stat": rng.choice(_STATS),
            "votes": rng.choice(_VOTES),
        }
        slots["expert"] = slots["expert"].replace("{year}", slots["year"])
        slots |= {_upper_first(k): _upper_first(v) for k, v in list(slots.items())}
        return _upper_first(template.format(**slots))

    def paragraphs(self) -> tuple[str, ...]:
        sizes = [self.rng.randint(3, 4) for _ in range(self.rng.randint(4, 5))]
        sentences = self.rng.sample(_SENTENCES, sum(sizes))
        out, start = [], 0
        for size in sizes:
            out.append(" ".join(self.fill(s) for s in sentences[start : start + size]))
            start += size
        return tuple(out)

    def comment(self, reply: bool) -> str:
        pool = _REPLIES if reply else _COMMENTS
        parts = [self.fill(self.rng.choice(pool))]
        if not reply and self.rng.random() < 0.3:
            parts.append(self.fill(self.rng.choice([c for c in _COMMENTS if c != parts[0]])))
        return "\n\n".join(dict.fromkeys(parts))


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def description(paragraph: str) -> str:
    first = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "..."


def pick_title(rng: random.Random, taken: set[str], prefix: str) -> tuple[str, str, str, str]:
    for attempt in range(200):
        place, thing = rng.choice(_PLACES), rng.choice(_THINGS)
        org_title, org = rng.choice(_ORGS)
        title = prefix + rng.choice(_TITLES).format(Place=place, Thing=thing, Org=org_title)
        if attempt == 199:  # bounded: a site of many thousands of articles runs out of names
            title = f"{title}, Part {len(taken) + 1}"
        if title not in taken:
            taken.add(title)
            return title, place, thing, org
    raise AssertionError("unreachable: the last attempt always gives a new title")
