# an uncaught exception whose __str__ raises: the traceback printer's own fallback
class E(Exception):
    def __str__(self):
        raise ValueError("no str")

raise E()
