SINGLE = 'app.engine.UserExecutionEngine'
RAW = r"app.engine.UserExecutionEngine"
RAW_UPPER = R'app.engine.UserExecutionEngine.run'
UNICODE = u"app.engine.UserExecutionEngine"
TRIPLE = """app.engine.UserExecutionEngine"""
