from app.engine import UserExecutionEngine as ExecutionEngine
from app.factory import create_request_scoped_engine as create_engine

engine = create_engine(ExecutionEngine)
