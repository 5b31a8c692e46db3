# an uncaught exception whose __str__ recurses for ever
class E(Exception):
    def __str__(self):
        return str(self)

raise E("x")
