"""Delivery of agent events to connected websocket clients."""
