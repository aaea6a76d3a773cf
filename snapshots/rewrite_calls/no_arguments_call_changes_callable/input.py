from app.old import Settings

settings = Settings()
