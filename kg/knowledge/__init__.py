"""Knowledge: the ontology files loaded, checked and generated (event types, word lists, gazetteer)."""
