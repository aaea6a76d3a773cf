from app.old import Engine


def build():
    return Engine(debug=True)
