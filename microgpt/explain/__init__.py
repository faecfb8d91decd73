"""The walkthrough's widgets, as plain data: small functions the page draws and never redoes.

Each module explains one idea by reading the package's own code (the real tokenizer, softmax,
Value class, gpt() under the code tracer, Trainer) and returns dicts and lists of numbers and
strings. Nothing here knows the page: microgpt.page.walkthrough turns these into commands.
"""
