"""Tests of the driver layers: transport, protocol, connection."""
