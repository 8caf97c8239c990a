"""Every IRI kg's code uses: public vocabularies and our own terms. Nothing else lives here.

Closed namespaces turn a typo into an error instead of a new IRI.

>>> str(KG.Person)
'https://w3id.org/kg-news/ont#Person'
>>> KG.Persn  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AttributeError: ...
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SH, SKOS, XSD, ClosedNamespace

__all__ = [
    "BASE",
    "DCTERMS",
    "FOAF",
    "GAF",
    "GRAPH",
    "ID",
    "KG",
    "KGET",
    "METADATA_GRAPH",
    "NIF",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "REF",
    "REFERENCE_GRAPH",
    "RESOLUTION_GRAPH",
    "SCHEMA",
    "SEM",
    "SH",
    "SHAPES",
    "SKOS",
    "SOURCE_GRAPH_PREFIX",
    "TIME",
    "WD",
    "WGS",
    "XSD",
]

BASE = "https://w3id.org/kg-news/"

SEM = ClosedNamespace(
    "http://semanticweb.cs.vu.nl/2009/11/sem/",
    [
        "Event",
        "Actor",
        "Place",
        "Time",
        "EventType",
        "Role",
        "RoleType",
        "hasActor",
        "hasPlace",
        "hasTime",
        "eventType",
        "roleType",
        "hasEarliestBeginTimeStamp",
        "hasLatestEndTimeStamp",
        "hasBeginTimeStamp",
        "hasEndTimeStamp",
        "hasTimeStamp",
        "hasSubEvent",
    ],
)
SCHEMA = ClosedNamespace(
    "https://schema.org/",
    [
        "Person",
        "Country",
        "Organization",
        "GovernmentOrganization",
        "NewsMediaOrganization",
        "Place",
        "City",
        "BodyOfWater",
        "Claim",
        "NewsArticle",
        "headline",
        "publisher",
        "url",
        "datePublished",
        "author",
        "name",
        "sameAs",
        "containedInPlace",
        "identifier",
        "inLanguage",
    ],
)
PROV = ClosedNamespace(
    "http://www.w3.org/ns/prov#",
    [
        "Entity",
        "Activity",
        "Agent",
        "SoftwareAgent",
        "wasDerivedFrom",
        "wasGeneratedBy",
        "wasAssociatedWith",
        "wasAttributedTo",
        "generatedAtTime",
        "startedAtTime",
        "endedAtTime",
        "used",
        "wasRevisionOf",
        "wasInvalidatedBy",
        "invalidatedAtTime",
        "value",
    ],
)
NIF = ClosedNamespace(
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    [
        "Context",
        "Phrase",
        "Sentence",
        "String",
        "OffsetBasedString",
        "isString",
        "beginIndex",
        "endIndex",
        "anchorOf",
        "referenceContext",
        "sentence",
        "sourceUrl",
        "predLang",
    ],
)
GAF = ClosedNamespace("http://groundedannotationframework.org/gaf#", ["denotedBy", "denotes"])
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = ClosedNamespace(
    "http://www.w3.org/2006/time#",
    [
        "TemporalEntity",
        "Instant",
        "inXSDgYear",
        "inXSDgYearMonth",
        "inXSDDate",
        "inXSDDateTimeStamp",
        "unitType",
        "unitYear",
        "unitMonth",
        "unitDay",
        "unitHour",
        "unitMinute",
    ],
)
ORG = Namespace("http://www.w3.org/ns/org#")
WGS = ClosedNamespace("http://www.w3.org/2003/01/geo/wgs84_pos#", ["lat", "long", "SpatialThing"])
WD = Namespace("http://www.wikidata.org/entity/")

KG = ClosedNamespace(
    BASE + "ont#",
    [
        # actors and places
        "Actor",
        "Person",
        "State",
        "Organization",
        "Government",
        "ArmedForces",
        "MilitaryUnit",
        "GovernmentAgency",
        "InternationalOrganization",
        "MediaOrganization",
        "Group",
        "Place",
        "City",
        "Region",
        "Border",
        "Facility",
        "WaterBody",
        # events
        "Event",
        "EventType",
        "eventClass",
        "trigger",
        "triggerNoun",
        "cameoCode",
        "ploverCode",
        "aceType",
        "wordnetSynset",
        "wordnetHyponymDepth",
        "notTrigger",
        "agent",
        "patient",
        "place",
        "origin",
        "destination",
        "triggerMention",
        # time
        "TimeValue",
        "timeExpression",
        "anchorDate",
        "normalizer",
        # claims
        "Claim",
        "Estimate",
        "claimKind",
        "ClaimKind",
        "claimKinds",
        "EditorialOpinion",
        "Recommendation",
        "Prediction",
        "AttributedStatement",
        "EstimateKind",
        "Background",
        "quantityValue",
        "isApproximate",
        "quantityOf",
        "claimText",
        "reportingVerb",
        "content",
        "speechEvent",
        "speechClaim",
        # attributes
        "nationality",
        "affiliation",
        "stateOf",
        "sameEventAs",
        "capitalOf",
        "locatedIn",
        "separates",
        "demonym",
        "abbreviation",
        "geonamesId",
        "timeZone",
        "hasGeneratedLabel",
        "isAnonymous",
        "personTitle",
        # sources and provenance
        "SourceDocument",
        "SourceGraph",
        "ExtractionRun",
        "Software",
        "Retraction",
        "Mention",
        "SentenceMention",
        "sourceGraph",
        "context",
        "contentHash",
        "sourceId",
        "extractor",
        "tripleCount",
        "awaitsLinking",
        "sourcePath",
        "ontologyExtension",
        # lexicon
        "WordList",
        "word",
        "entityClass",
        "personNouns",
        "groupNouns",
        "armedForcesNouns",
        "governmentNouns",
        "agencyNouns",
        "titleWords",
        "modalWords",
        "predictionWords",
        "intentVerbs",
        "speechVerbs",
        "happenVerbs",
        "opinionWords",
        "recommendationWords",
        "collectiveWords",
        "implicativeVerbs",
        "locativePrepositions",
        "originPrepositions",
        "destinationPrepositions",
        "partNouns",
        "ofHeadWords",
        "movementTypes",
        "patientSubjectVerbs",
        "lightVerbs",
        # cross-source identity (the resolution graph)
        "IdentityLink",
        "linkedNode",
        "linkProperty",
        "linkSource",
        "evidence",
        "sharedNode",
        "separateEventWords",
    ],
)
KGET = Namespace(BASE + "event-type/")  # open: users add event types in Turtle
REF = Namespace(BASE + "ref/")  # reference entities (gazetteer)
ID = Namespace(BASE + "id/")  # everything minted from sources
GRAPH = Namespace(BASE + "graph/")
SHAPES = ClosedNamespace(BASE + "shapes#", ["TimeValueShape", "MentionAnchorShape"])  # ontology/shapes.ttl

REFERENCE_GRAPH = GRAPH["reference"]
METADATA_GRAPH = GRAPH["metadata"]
RESOLUTION_GRAPH = GRAPH["resolution"]
SOURCE_GRAPH_PREFIX = str(GRAPH) + "source/"

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kget": str(KGET),
    "ref": str(REF),
    "id": str(ID),
    "kgg": str(GRAPH),
    "sem": str(SEM),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "nif": str(NIF),
    "gaf": str(GAF),
    "oa": str(OA),
    "time": str(TIME),
    "org": str(ORG),
    "wgs": str(WGS),
    "wd": str(WD),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "sh": str(SH),
}
