from app.old import create_engine as make

engine = make()
