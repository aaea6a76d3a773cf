from app.old import create_engine


def build():
    return create_engine(debug=True)
