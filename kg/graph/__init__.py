"""The graph: model objects to quads, the quad store, cross-source resolution, validation, the
source catalog and copying a store to a server."""
