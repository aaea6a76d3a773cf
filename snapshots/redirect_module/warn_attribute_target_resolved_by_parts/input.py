"""Legacy factory functions."""
def create_engine(registry):
    return object()
