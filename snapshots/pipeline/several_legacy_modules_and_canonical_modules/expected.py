from app.engine import UserExecutionEngine
from app.factory import create_request_scoped_engine

engines = [create_request_scoped_engine(UserExecutionEngine), UserExecutionEngine()]
