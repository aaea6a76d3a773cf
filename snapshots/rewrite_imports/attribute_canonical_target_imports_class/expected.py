from app.engine import UserExecutionEngine


def build():
    return UserExecutionEngine.create(debug=True)
