"""The project's RDF vocabulary: its own terms as a closed namespace, plus the W3C namespaces it reuses.

``UPKG`` lists exactly the terms defined in ``ontology/kg.ttl`` (a test checks both directions), so a
misspelt term raises instead of minting a new IRI silently.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, ClosedNamespace

from kg.iris import ONTOLOGY

UPKG_TERMS = (
    "Agreement", "Assertion", "Bank", "Ceremony", "City", "Company", "Conclave", "Country",
    "DevelopmentAuthority", "District", "Division", "EducationalInstitution", "Event", "Evidence",
    "Exhibition", "ExportPromotionCouncil", "ForeignCompany", "Government", "GovernmentBody",
    "IndustrialArea", "IndustryAssociation", "MediaOutlet", "Meeting", "Mention", "Ministry",
    "Place", "PoliticalParty", "PostHolding", "Product", "PublicSectorUndertaking", "Region",
    "ResearchInstitute", "Role", "Scheme", "Sector", "Seminar", "State", "Statistic",
    "StockExchange", "Training", "Venue", "Visit", "about", "attestedOn", "census2011Code",
    "concerns", "contentHash", "evidence", "exportsTo", "hasProduct", "hasSector", "inDivision",
    "inSector", "isoCode", "kind", "lgdCode", "linkKey", "linkRule", "locatedIn", "measure",
    "odopProduct", "participant", "partnerOf", "period", "postPlace", "qualifier",
    "roleOrganization", "sourceFile", "title", "unit", "value", "wikidata",
)

UPKG = ClosedNamespace(ONTOLOGY, UPKG_TERMS)
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {
    "upkg": ONTOLOGY,
    "id": "https://w3id.org/upkg/id/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "org": str(ORG),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "oa": str(OA),
    "time": str(TIME),
    "dcterms": str(DCTERMS),
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes explicitly (rdflib would otherwise invent ns1, ns2, ...)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
