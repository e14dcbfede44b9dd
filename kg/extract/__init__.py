"""Extraction: papers in, entity links out, through a spaCy pipeline of rule components.

The components, in pipeline order (see pipeline.COMPONENTS): kg_sentences, kg_vocabulary,
kg_abbreviations, kg_contributions, kg_shapes, kg_resolver, kg_claims.
"""

from kg.extract.pipeline import extract, make_nlp

__all__ = ["extract", "make_nlp"]
