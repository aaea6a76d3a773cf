TARGET = "app.old.Execution\x45ngine"
OTHER = "app.old.ExecutionEngine"
