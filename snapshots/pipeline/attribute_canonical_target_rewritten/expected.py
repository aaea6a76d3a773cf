from app.engine import UserExecutionEngine

engine = UserExecutionEngine.create(debug=True)
