"""The text engine: detectors, merger and transforms for free text."""
