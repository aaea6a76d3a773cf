"""HTTP handlers (framework-agnostic async functions returning JSON-ready dicts)."""
