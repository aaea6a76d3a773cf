ENGINES = {
    "default": "app.engine.UserExecutionEngine",
    "app.engine.UserExecutionEngine": {"timeout": 5},
}
PLUGINS = ("app.engine.UserExecutionEngine.run", "app.other.Thing")


def engine_path(name: str) -> str:
    if name == "app.engine.UserExecutionEngine":
        return name
    return "app.other.Thing"
