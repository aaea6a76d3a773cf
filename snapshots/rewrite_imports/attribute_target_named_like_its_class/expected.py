from app.engine import Engine


def build():
    return Engine.from_legacy(debug=True)
