"""Fixes written back into the inputs (issue 15): the Word redline engine (redline.py) for `duislint fix`."""
