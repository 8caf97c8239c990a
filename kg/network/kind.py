"""What a network node is: the kinds, and the ontology classes whose instances are of each kind."""

from __future__ import annotations

from enum import Enum

from kg.vocab import KG, PROV

__all__ = ["ENTITY_KINDS", "Kind"]


class Kind(str, Enum):
    """What a node is; viz gives each kind a colour and a shape."""

    PERSON = "person"
    STATE = "state"
    ORGANIZATION = "organization"
    GROUP = "group"
    PLACE = "place"
    EVENT = "event"
    CLAIM = "claim"
    SOURCE = "source"
    MENTION = "mention"
    CONTEXT = "context"
    TIME = "time"
    OTHER = "other"


ENTITY_KINDS = (Kind.PERSON, Kind.STATE, Kind.ORGANIZATION, Kind.GROUP, Kind.PLACE)

# Classes whose instances are entities of a kind, most specific kind first (an entity typed both
# kg:Government and kg:State is drawn as an organization). Subclasses declared in the reference
# graph (rdfs:subClassOf*) are added at build time, so user ontologies need no code change.
_KIND_ROOTS: list[tuple[Kind, tuple]] = [
    (
        Kind.ORGANIZATION,
        (
            KG.Organization,
            KG.Government,
            KG.ArmedForces,
            KG.MilitaryUnit,
            KG.GovernmentAgency,
            KG.InternationalOrganization,
            KG.MediaOrganization,
        ),
    ),
    (Kind.STATE, (KG.State,)),
    (Kind.PERSON, (KG.Person, PROV.Agent)),
    (Kind.GROUP, (KG.Group,)),
    (Kind.PLACE, (KG.Place, KG.City, KG.Region, KG.Border, KG.Facility, KG.WaterBody)),
]
_KIND_RANK = {k: i for i, (k, _) in enumerate(_KIND_ROOTS)}
