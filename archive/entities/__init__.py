"""The persons and places a story names: mentions, person rules and the gazetteer lookup."""

from archive.entities.extract import (
    Entities,
    city_key,
    extract_entities,
    home_timezone,
    load_entity_data,
    parse_dateline,
    person_key,
    resolve_place,
)

__all__ = [
    "Entities",
    "city_key",
    "extract_entities",
    "home_timezone",
    "load_entity_data",
    "parse_dateline",
    "person_key",
    "resolve_place",
]
