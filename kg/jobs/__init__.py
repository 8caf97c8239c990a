"""Jobs: the pipelines a user runs (ingest, build, evaluate, serve), each over the wings below."""
