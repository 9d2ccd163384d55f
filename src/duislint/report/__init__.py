"""Formatters: views of one sorted findings list. None of them knows a rule."""
