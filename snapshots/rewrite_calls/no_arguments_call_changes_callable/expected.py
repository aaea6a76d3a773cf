from app.old import Settings

settings = Settings.from_environment()
