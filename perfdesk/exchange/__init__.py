"""Reading and writing documents: published text, xlsx, pdf. No Qt, no database sessions here."""
