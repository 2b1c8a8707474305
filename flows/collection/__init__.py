"""Pure steps over a whole collection of documents: duplicates and refresh planning."""
