TARGET = "app.old.Execution\x45ngine"
OTHER = "app.engine.UserExecutionEngine"
