"""Tool calls: agents invoked on behalf of another agent."""
