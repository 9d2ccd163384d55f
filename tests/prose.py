"""Deterministic prose in the style of the Smart Energy Code and the DUIS specification, for generated documents.

    prose = Prose("section-h", references=["Section H17.5", "clause 3.9.1"])
    prose.paragraph()        # three to six sentences: "The DCC shall ... within five Working Days."
    prose.paragraphs(4)
    prose.definition("Smart Meter")   # "means a Device that ..."

Every word is an ordinary British English word that the dictionary of the spelling rules knows (the sentences are
made from the few lists below), so that a generated document has no spelling finding; the capitalised terms it
uses are the ones in TERMS, which a generated document defines. The same seed gives the same text.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

# Capitalised terms the prose uses (a generated document's definitions list them); acronyms are spelt out in one.
TERMS: tuple[tuple[str, str], ...] = (
    ("Authorised Subscriber", "means a person that is authorised to receive certificates from an authority."),
    ("Command", "means a message that the DCC sends to a Device in order to instruct it to take an action."),
    ("Communications Hub", "means the Device that connects the Devices at a premises to the network of the DCC."),
    ("Data Communications Company (DCC)", "means the holder of the licence to provide the communication services."),
    ("DCC Alert", "means a notification that the DCC sends to a DCC User about an event it has detected."),
    ("DCC User", "means a party that has completed the entry process for one or more User Roles."),
    ("Device", "means a meter or other apparatus installed at a premises and registered with the DCC."),
    ("Device Log", "means the list of other Devices with which a Device may communicate."),
    ("Disputes Secretary", "means the person appointed to receive and record each notice of a dispute."),
    ("Incident", "means an event that causes, or may cause, an interruption to the services of the DCC."),
    ("Incident Management Policy", "means the policy that sets out how each Incident is recorded and resolved."),
    ("Inventory", "means the record that the DCC keeps of every Device and of its status."),
    ("Panel", "means the panel established to oversee the operation of this Code."),
    ("Party", "means each person that is a party to this Code."),
    ("Response", "means the message that the DCC returns to a DCC User in reply to a Service Request."),
    ("Response Code", "means the code in a Response that tells the DCC User the outcome of its Service Request."),
    ("Service Reference Variant (SRV)", "means the identifier of one variant of a Service Request."),
    ("Service Request", "means a request that a DCC User sends to the DCC over the User Interface."),
    ("Smart Meter", "means a Device that measures the consumption of electricity or gas at a premises."),
    ("Transport Layer Security (TLS)", "means the protocol that protects the connection to the User Interface."),
    ("User Interface", "means the interface over which a DCC User communicates with the DCC."),
    ("User Role", "means each of the roles in which a party may become a DCC User."),
    ("Working Day", "means any day other than a weekend or a public holiday in England and Wales."),
)

_PARTIES = ("the DCC", "each DCC User", "the Panel", "each Party", "the Disputes Secretary", "the DCC User")
_SUBJECTS = ("The DCC", "Each DCC User", "The Panel", "Each Party", "The Disputes Secretary", "The DCC User")
_ACTIONS = (
    "record", "retain", "process", "validate", "acknowledge", "review", "publish", "maintain", "provide", "update",
    "submit", "approve", "notify the Panel of", "keep a copy of", "take all reasonable steps to resolve",
)  # fmt: skip
_THINGS = (
    "each Service Request", "every Response", "the Inventory", "each Incident", "the Device Log", "each Command",
    "every DCC Alert", "the relevant records", "each notice", "the information it holds", "any change to a Device",
    "the Response Code", "each report", "the schedule", "any dispute",
)  # fmt: skip
_CONDITIONS = (
    "where the Service Request is not valid", "unless the Panel agrees otherwise", "where it is reasonably practicable",
    "where a Device does not respond", "in accordance with the Incident Management Policy", "on request",
    "where the DCC User so requests", "where the information is incomplete", "before the change takes effect",
    "where an Incident has been raised",
)  # fmt: skip
_PERIODS = (
    "within five Working Days", "as soon as reasonably practicable", "within one month", "without undue delay",
    "at least once in each year", "within two Working Days", "before the end of the following day",
)  # fmt: skip
_PURPOSES = (
    "so that the DCC User can rely on it", "in order to protect the security of the User Interface",
    "so that each Party can comply with this Code", "to allow the Panel to monitor performance",
    "so that every Device remains in a known state", "in order to avoid the loss of any information",
)  # fmt: skip
_TEMPLATES = (
    "{Subject} shall {action} {thing} {period}.",
    "{Subject} shall {action} {thing} {condition}.",
    "Where {condition_tail}, {party} shall {action} {thing} {period}.",
    "{Subject} may {action} {thing} {purpose}.",
    "{Subject} shall not {action} {thing} {condition}, and shall tell {party} the reasons for that decision.",
    "Each such record shall be kept {period} {purpose}.",
    "Nothing in this clause shall prevent {party} from taking any other action that it considers appropriate.",
    "{Subject} shall ensure that {thing} is complete and accurate {purpose}.",
    "For the avoidance of doubt, {party} remains responsible for {thing} {condition}.",
    "{Subject} shall {action} {thing} as described in {reference}.",
    "The requirements of {reference} apply to {thing} {condition}.",
    "Any failure to {action} {thing} shall be reported to {party} {period}.",
)
_KINDS = ("record", "arrangement", "process", "notice", "information", "procedure", "report", "schedule")
_CONDITION_TAILS = (
    "the Service Request is not valid", "a Device does not respond", "the information is incomplete",
    "an Incident has been raised", "the DCC User so requests", "the Panel so directs",
)  # fmt: skip


class Prose:
    """Sentences and paragraphs from a seed: the same seed, the same text. ``references`` are clause references
    the text may name ("section 3.5", "Section H17.5"): only ones that exist in the document set, so that a clean
    document stays clean; with none, sentences that name one are not used."""

    def __init__(self, seed: object, references: Sequence[str] = ()) -> None:
        self.random = random.Random(str(seed))
        self.references = tuple(references)
        self.templates = tuple(t for t in _TEMPLATES if self.references or "{reference}" not in t)

    def sentence(self) -> str:
        pick = self.random.choice
        return pick(self.templates).format(
            Subject=pick(_SUBJECTS), party=pick(_PARTIES), action=pick(_ACTIONS), thing=pick(_THINGS),
            condition=pick(_CONDITIONS), condition_tail=pick(_CONDITION_TAILS), period=pick(_PERIODS),
            purpose=pick(_PURPOSES), reference=pick(self.references) if self.references else "",
        )  # fmt: skip

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences if sentences is not None else self.random.randint(3, 6)
        return " ".join(self.sentence() for _ in range(count))

    def paragraphs(self, count: int, sentences: int | None = None) -> list[str]:
        return [self.paragraph(sentences) for _ in range(count)]

    def definition(self, term: str) -> str:
        """A definition's text, as the Code writes one: "means the ... that ..."."""
        pick = self.random.choice
        return f"means the {pick(_KINDS)} that {pick(_PARTIES)} shall {pick(_ACTIONS)} {pick(_PERIODS)}."
