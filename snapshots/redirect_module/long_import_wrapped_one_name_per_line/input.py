"""Legacy agents module."""
class EchoAgent: pass
class TriageAgent: pass
class SummaryAgent: pass
class DataAgent: pass
