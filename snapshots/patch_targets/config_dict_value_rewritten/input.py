ENGINES = {
    "default": "app.old.ExecutionEngine",
    "app.old.ExecutionEngine": {"timeout": 5},
}
PLUGINS = ("app.old.ExecutionEngine.run", "app.other.Thing")


def engine_path(name: str) -> str:
    if name == "app.old.ExecutionEngine":
        return name
    return "app.other.Thing"
