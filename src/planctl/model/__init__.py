"""The plan model: pydantic models of the file, and the tree built from them."""
