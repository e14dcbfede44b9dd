"""kg's ontology, shapes, vocabularies and example queries: data, not code.

This file only makes the folder installable as the package `kg.ontology`, so that the same files are found after a
wheel install and an editable one (see kg/resources.py).
"""
