"""Word lists and the gazetteer that both the parser and the entity rules read.

Imports neither parse nor entities: it is data and the lookups over it.
"""
