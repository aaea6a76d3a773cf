import app.old  # registers the legacy plugins
import app.old as plugins
