SINGLE = 'app.old.ExecutionEngine'
RAW = r"app.old.ExecutionEngine"
RAW_UPPER = R'app.old.ExecutionEngine.run'
UNICODE = u"app.old.ExecutionEngine"
TRIPLE = """app.old.ExecutionEngine"""
