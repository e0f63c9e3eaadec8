"""The HTTP service: the FastAPI app, its routes and schemas, and the explorer page."""
