from unittest import mock

TARGET = "app.old." "ExecutionEngine"
OTHER = "app.old." "Other"
