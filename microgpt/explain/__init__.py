"""The walkthrough's widgets, as plain data: small functions the page draws and never redoes.

Each module explains one idea with the package's own code (the real tokenizer, softmax, Value
class and model) and returns dicts and lists of numbers and strings. Nothing here knows the
page; the commands the worker calls are registered in walk1.py (sections 1-6).
"""
