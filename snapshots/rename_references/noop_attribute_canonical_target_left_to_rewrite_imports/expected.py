from app.old import create_engine

engine = create_engine()
