"""The files of the embedded store in a home folder."""

CATALOG = "catalog.sqlite"  # the truth: documents, pages, chunks and vectors, people, corrections, lexical index
INDEX = "index.faiss"  # derived from the catalog's vectors
MANIFEST = "manifest.json"  # the schema version, the model, the index kind and the generation it holds
BACKENDS = "backends.json"  # where the catalog and passages are, when not in this folder (kb migrate writes it)
