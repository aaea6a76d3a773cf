from app.engine import UserExecutionEngine as Engine
from app.engine import UserExecutionEngine

engines = [Engine(), UserExecutionEngine()]
