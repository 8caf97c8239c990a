"""Text -> model objects, one module per stage: nlp (spaCy), timex (times), entities (NER,
gazetteer, descriptions, coreference), events (triggers and roles), claims (opinions, speech,
estimates), and pipeline (the order they run in). No module here writes triples."""
