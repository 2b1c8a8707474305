"""SHACL shapes for the JSON-LD documents (schema.org ``Article`` nodes).

Every Article (or common subtype) node must have:

* a ``headline`` or an ``articleBody`` (non-empty);
* ``datePublished``, when present, exactly one well-formed ``xsd:date``;
* ``author`` values that are nodes typed ``schema:Person`` or
  ``schema:Organization`` with a non-empty ``name`` (a bare string is refused);
* ``isBasedOn`` (the raw file the document came from).

The shapes are Turtle text; validate with e.g.
``pyshacl.validate(data_graph, shacl_graph=Graph().parse(data=ARTICLE_SHAPES_TTL, format="turtle"))``.

A JSON-LD node with ``{"@vocab": "https://schema.org/"}`` as its only context gives
``datePublished`` as a plain string. :data:`TYPING_CONTEXT` declares the ranges
schema.org gives these properties (dates as ``xsd:date``); pass it as the initial
context when parsing (``Graph().parse(..., format="json-ld", context=TYPING_CONTEXT)``)
so the date check is a real lexical check. A document's own context still wins
for any term it defines itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Article types the shapes apply to (schema.org Article and its common subtypes).
ARTICLE_TYPES: tuple[str, ...] = (
    "Article",
    "NewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
    "SatiricalArticle",
)

#: Initial JSON-LD context typing schema.org date properties as xsd:date.
TYPING_CONTEXT: Mapping[str, Any] = {
    "datePublished": {"@id": f"{SCHEMA}datePublished", "@type": f"{XSD}date"},
    "dateCreated": {"@id": f"{SCHEMA}dateCreated", "@type": f"{XSD}date"},
    "dateModified": {"@id": f"{SCHEMA}dateModified", "@type": f"{XSD}date"},
}

_TARGETS = " ,\n        ".join(f"schema:{name}" for name in ARTICLE_TYPES)

ARTICLE_SHAPES_TTL = f"""\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <{XSD}> .
@prefix schema: <{SCHEMA}> .
@prefix dm: <urn:docmill:shapes:> .

dm:ArticleShape
    a sh:NodeShape ;
    sh:targetClass
        {_TARGETS} ;
    sh:or (
        [ sh:path schema:headline ; sh:minCount 1 ]
        [ sh:path schema:articleBody ; sh:minCount 1 ]
    ) ;
    sh:message "An Article needs a headline or an articleBody." ;
    sh:property dm:HeadlineShape , dm:BodyShape , dm:DatePublishedShape ,
        dm:AuthorShape , dm:IsBasedOnShape .

dm:HeadlineShape
    a sh:PropertyShape ;
    sh:path schema:headline ;
    sh:nodeKind sh:Literal ;
    sh:minLength 1 ;
    sh:message "headline must be a non-empty text." .

dm:BodyShape
    a sh:PropertyShape ;
    sh:path schema:articleBody ;
    sh:nodeKind sh:Literal ;
    sh:minLength 1 ;
    sh:message "articleBody must be a non-empty text." .

dm:DatePublishedShape
    a sh:PropertyShape ;
    sh:path schema:datePublished ;
    sh:maxCount 1 ;
    sh:datatype xsd:date ;
    sh:message "datePublished must be one xsd:date (YYYY-MM-DD)." .

dm:AuthorShape
    a sh:PropertyShape ;
    sh:path schema:author ;
    sh:nodeKind sh:BlankNodeOrIRI ;
    sh:or ( [ sh:class schema:Person ] [ sh:class schema:Organization ] ) ;
    sh:node dm:NamedAgentShape ;
    sh:message "author must be a Person or Organization node with a name." .

dm:NamedAgentShape
    a sh:NodeShape ;
    sh:property [
        sh:path schema:name ;
        sh:minCount 1 ;
        sh:nodeKind sh:Literal ;
        sh:minLength 1 ;
    ] .

dm:IsBasedOnShape
    a sh:PropertyShape ;
    sh:path schema:isBasedOn ;
    sh:minCount 1 ;
    sh:message "isBasedOn (the raw file) is required." .
"""
